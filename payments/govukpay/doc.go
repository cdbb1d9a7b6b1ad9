// Package govukpay is a client for the GOV.UK Pay REST API
// (https://docs.payments.service.gov.uk/api_reference/), the public
// sector's shared card payment platform, and a payments.Provider built on it.
//
// The client sends the API key as a bearer token, the create request's
// Idempotency-Key header, and JSON in GOV.UK Pay's field names. It paces its
// POST requests under GOV.UK Pay's published limit of 15 a second for each
// kind (create, capture, other), and retries with exponential backoff on
// HTTP 429 and 5xx, but only requests that are safe to repeat: GETs, and
// creates that carry an Idempotency-Key. Cancels, captures and refunds are
// never repeated by the client; a refund is protected instead by its
// refund_amount_available guard. Error bodies ({"field", "code",
// "description"}) become *APIError values that match the payments package's
// sentinel errors with errors.Is.
//
// Every request the client sends is checked, in the package's tests,
// against GOV.UK Pay's own published OpenAPI description of its public API
// (testdata/publicapi_spec.json). A search by a state that description does
// not accept (capturable) is refused before sending, with a
// *councilkit.ValidationError (see Searchable). Payments read carry the
// reconciliation fields: total amount, corporate card surcharge, fee, net
// amount, card details, metadata and capture submit time.
//
// A Client prints and logs with its API key redacted, whatever the fmt
// verb.
package govukpay
