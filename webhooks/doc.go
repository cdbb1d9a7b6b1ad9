// Package webhooks sends a council's events to its back-office systems
// (its finance ledger, revenues and benefits system or planning back
// office) as webhooks signed per the Standard Webhooks specification
// (version 1.0.0, https://www.standardwebhooks.com), and verifies them at
// the receiving end.
//
// A council registers an Endpoint (a URL, the event types it wants and a
// signing secret) in a Store ([MemStore], or postgres.DB.Webhooks). A
// [Sender], subscribed to the event log's delivery engine, posts each event
// to every enabled endpoint of the event's council that wants its type,
// records every attempt in a [Delivery], retries failures and gives up
// after a documented time, leaving a dead letter an officer can see and
// replay. A receiver written in Go checks a delivery with [Verify].
//
// # The contract, for receivers in any language
//
// Every delivery is an HTTP POST whose body is the event as a CloudEvents
// 1.0 JSON object (Content-Type application/cloudevents+json; see package
// events and the JSON Schemas in events/schemas) and which carries three
// headers:
//
//   - webhook-id: the event's ID. It is the same on every retry and
//     replay of the same event, so a receiver that has seen it may answer
//     2xx and do nothing: delivery is at least once, and the same event can
//     arrive twice (a retry after an answer was lost, a replay, two
//     workers racing).
//   - webhook-timestamp: when this attempt was signed, in whole seconds
//     since the Unix epoch. It changes on every attempt.
//   - webhook-signature: one or more space-separated signatures, each
//     "v1," followed by the base64 (standard alphabet, padded) of
//     HMAC-SHA256(key, id + "." + timestamp + "." + body), where body is the
//     raw bytes received and key is the endpoint's secret: the bytes that
//     the base64 after its "whsec_" prefix decodes to.
//
// A receiver accepts a delivery when the timestamp is within five minutes
// of its clock and any one signature matches one of its secrets, compared
// in constant time, before it parses the body; it answers 2xx once it has
// stored the event, within the sender's timeout (15 seconds by default).
// While a secret is being rotated the sender signs with both the old and
// the new secret, so receivers can switch at their own pace. [Verify] does
// all of this for Go.
//
// What the receiver's answer means:
//
//   - 2xx: delivered. The sender never sends that event to that endpoint
//     again by itself (an officer may replay it).
//   - 3xx: a failure. Redirects are never followed: register the new URL.
//   - 410 Gone: the receiver wants no more events. The delivery is dead at
//     once and the endpoint is disabled until an officer enables it.
//   - Anything else, no answer within the timeout, a refused or broken
//     connection, or an answer that is not HTTP: a failure. Only the
//     status is kept (and at most Config.MaxResponseBytes of the body
//     read, then ignored).
//
// Retries, dead letters and replay:
//
//   - A failed delivery is retried by the event delivery engine
//     (events.Dispatcher, or River on PostgreSQL) with exponential
//     backoff, since [Sender.Handle] returns an error while any endpoint
//     has not accepted the event; endpoints that have accepted it are
//     skipped on those retries.
//   - A delivery still failing [Config].GiveUpAfter (72 hours by default)
//     after its first attempt is given up on at its next attempt: it
//     becomes [Dead], and Handle no longer returns an error for it. The
//     specification recommends "a retry schedule spanning multiple
//     days"; its example schedule (immediately, 5 s, 5 min, 30 min, 2 h,
//     5 h, 10 h, 14 h, 20 h, 24 h) makes its last attempt 75 h 35 min 5 s
//     after the first. Svix's schedule stops after the 10-hour waits,
//     about 27.5 hours in.
//   - An officer lists dead deliveries (Store.ListDeliveries with
//     States Dead, newest first) and replays one with [Sender.Replay] once
//     the receiver is fixed: same webhook-id and body, the endpoint's
//     current secrets, a fresh timestamp.
//   - Every request has a deadline ([Config].Timeout), so a receiver that
//     is slow or never answers cannot hold up delivery for ever; the
//     Sender runs in the delivery engine, never in a resident's request,
//     so a receiver that is down never slows the portal, and the event
//     stays in the log until it is delivered or dead.
//
// Events are delivered in order per record (per council and subject), as
// package events promises: while one endpoint is failing an event, the
// later events about the same record wait for it, for every endpoint of
// the council, until it is delivered or dead.
//
// Secrets are "whsec_" followed by the base64 of 24 to 64 random bytes, as
// the specification recommends; [NewSecret] makes one of 32 bytes. A
// [Secret] never prints or logs its key, and an Endpoint's JSON leaves its
// secrets out.
//
// # Registration
//
// A store refuses an endpoint, with a *councilkit.ValidationError listing
// every problem with a stable code and English and Welsh messages, whose
// URL is not an absolute https:// URL (http:// is accepted only for
// loopback hosts, and only when [Rules].AllowLoopbackHTTP is set, for
// development), has a user name, password or fragment, is longer than
// MaxURLLength; that names no event type, an unknown or repeated one; or
// that has no secret, a zero or repeated secret, or more than two. A
// council may have at most [Rules].MaxEndpoints endpoints (20 by default;
// ErrTooManyEndpoints). A malformed secret is refused by ParseSecret with
// ErrInvalidSecret.
//
// # Not modelled
//
// Asymmetric (ed25519, "v1a") signatures; the response's Retry-After
// header and 429 throttling (the engine's backoff applies to every
// failure); notifying the council by email when an endpoint keeps failing;
// disabling an endpoint after days of failures; protection against
// server-side request forgery beyond refusing plain http: endpoints are
// registered by council officers, but run the sender behind an egress
// proxy that refuses internal addresses, as the specification advises.
package webhooks
