// Package webhooks signs and verifies back-office webhooks per the Standard
// Webhooks specification (version 1.0.0, https://www.standardwebhooks.com),
// so that a council's finance ledger, revenues and benefits system or
// planning back office can check that a delivery came from its councilkit
// deployment, unaltered and recently.
//
// # The contract, for receivers in any language
//
// Every delivery is an HTTP POST whose body is the event (JSON) and which
// carries three headers:
//
//   - webhook-id: the event's ID. It is the same on every retry of the same
//     event, so a receiver that has seen it may answer 2xx and do nothing:
//     delivery is at least once.
//   - webhook-timestamp: when this attempt was signed, in whole seconds
//     since the Unix epoch.
//   - webhook-signature: one or more space-separated signatures, each
//     "v1," followed by the base64 (standard alphabet, padded) of
//     HMAC-SHA256(key, id + "." + timestamp + "." + body), where body is the
//     raw bytes received and key is the endpoint's secret: the bytes that
//     the base64 after its "whsec_" prefix decodes to.
//
// A receiver accepts a delivery when the timestamp is within five minutes
// of its clock and any one signature matches one of its secrets, compared
// in constant time; it answers 2xx once it has stored the event. While a
// secret is being rotated the sender signs with both the old and the new
// secret, so receivers can switch at their own pace. [Verify] does all of
// this for Go.
//
// Secrets are "whsec_" followed by the base64 of 24 to 64 random bytes, as
// the specification recommends; [NewSecret] makes one of 32 bytes. A
// [Secret] never prints or logs its key.
package webhooks
