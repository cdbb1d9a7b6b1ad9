package notify

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error a Client method returns for a request Notify
// answered with an error matches exactly one of them with errors.Is and is
// an *APIError; ErrUnavailable also matches a failure in transport.
var (
	// ErrBadRequest: Notify refused the request (400): a missing or wrong
	// field, a recipient a team or trial key cannot send to, a letter
	// address it cannot post to. Sending it again will not help.
	ErrBadRequest = errors.New("notify: bad request")
	// ErrAuth: the API key or token was refused (403), including a clock
	// more than 30 seconds out.
	ErrAuth = errors.New("notify: authentication failed")
	// ErrRateLimited: the per-minute rate limit was exceeded (429
	// RateLimitError); the client waits and retries first.
	ErrRateLimited = errors.New("notify: rate limit exceeded")
	// ErrDailyLimit: the service's daily limit for the kind of message was
	// reached (429 TooManyRequestsError). It lifts at midnight.
	ErrDailyLimit = errors.New("notify: daily send limit reached")
	// ErrNotFound: no notification with that ID (404), or it is more than
	// 7 days old.
	ErrNotFound = errors.New("notify: not found")
	// ErrUnavailable: Notify failed (500 and other 5xx) or could not be
	// reached. The client retries a 500 first, as Notify's documentation
	// says to; after a transport failure the message may or may not have
	// been sent.
	ErrUnavailable = errors.New("notify: service unavailable")
)

// APIError is an error response from GOV.UK Notify: its HTTP status and the
// errors it listed, each with Notify's error name (BadRequestError,
// ValidationError, AuthError, RateLimitError, TooManyRequestsError,
// NoResultFound, Exception) and message. Notify's messages describe the
// request, not the recipient, but they are Notify's text: show residents
// councilkit's own words, not these.
type APIError struct {
	StatusCode int
	Errors     []ErrorItem
	err        error
}

// ErrorItem is one entry of an error response's "errors" list.
type ErrorItem struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.err.Error())
	b.WriteString(" (HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	b.WriteString(")")
	for i, it := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(it.Error)
		if it.Message != "" {
			b.WriteString(" ")
			b.WriteString(it.Message)
		}
	}
	return b.String()
}

// Unwrap returns the sentinel the error matches.
func (e *APIError) Unwrap() error { return e.err }

// Has reports whether Notify listed an error with this name, such as
// "ValidationError".
func (e *APIError) Has(name string) bool {
	for _, it := range e.Errors {
		if it.Error == name {
			return true
		}
	}
	return false
}

// classify picks the sentinel for an error response.
func classify(status int, items []ErrorItem) error {
	switch {
	case status == 429:
		for _, it := range items {
			if it.Error == "TooManyRequestsError" {
				return ErrDailyLimit
			}
		}
		return ErrRateLimited
	case status == 403 || status == 401:
		return ErrAuth
	case status == 404:
		return ErrNotFound
	case status >= 500:
		return ErrUnavailable
	default:
		return ErrBadRequest
	}
}
