// Package notify is a client for GOV.UK Notify, the government's shared
// service for sending emails, text messages and letters to residents
// (https://docs.notifications.service.gov.uk/rest-api.html). GOV.UK Notify
// publishes clients for Java, .NET, Node.js, PHP, Python and Ruby, but none
// for Go; this one follows the REST API documentation.
//
// A [Client] is made from the API key Notify issues
// ({key_name}-{service_id}-{secret_key}; see [ParseAPIKey]). Every request
// carries a fresh JSON Web Token signed with HS256 by the key's secret, with
// the service ID as its issuer and the time as iat: Notify refuses a token
// whose iat is more than 30 seconds from its own clock. [Client.SendEmail],
// [Client.SendSMS] and [Client.SendLetter] send a message by template with
// its personalisation, an optional reference (which must not hold personal
// data) and an optional reply-to or sender; [Client.Notification] reads a
// message's status. Templates are chosen in the resident's language with
// [Template].
//
// # Errors and retries
//
// Notify's error responses become an *[APIError] that matches one of
// [ErrBadRequest], [ErrAuth], [ErrRateLimited], [ErrDailyLimit],
// [ErrNotFound] or [ErrUnavailable] with errors.Is. The client retries, with
// backoff, only where Notify's documentation says a request may be sent
// again: a 500 ("Notify was unable to process the request, resend your
// notification") and a 429 RateLimitError (the per-minute limit). A daily
// limit (TooManyRequestsError) is not retried: it lifts at midnight. A
// request that fails in transport after it may have reached Notify is not
// retried either, because Notify has no idempotency key and a second send
// would reach the resident twice; the error matches ErrUnavailable and says
// so, and the caller (a durable job queue) decides. Notify stores each
// message's reference, so [Client.Notifications] with the reference tells
// the caller whether such a message arrived (the notices package does
// this before sending again). Requests are paced by a
// token bucket at Notify's published rate limit, 3,000 requests a minute
// per API key type, unless [Config] sets another.
//
// # Personal data
//
// Email addresses, phone numbers, postal addresses and personalisation are
// personal data: the request types log redacted with log/slog, and no error
// repeats them. The API key prints redacted with every fmt verb.
//
// The [notifyfake] package is a stand-in Notify for tests and local
// development that checks each request as Notify does and records what was
// sent.
package notify
