package payments

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/enum"
)

// Status is where a payment is in its life, using GOV.UK Pay's statuses and
// meanings (GOV.UK Pay API reference, "Payment status lifecycle",
// https://docs.payments.service.gov.uk/api_reference/#payment-status-lifecycle).
//
// The zero Status is StatusUnknown, "unknown": a Payment never holds it
// once created. It prints, marshals and unmarshals as "unknown" like any
// other status, but IsValid reports false for it and ParseStatus, which
// reads GOV.UK Pay's statuses, refuses it. The list is append-only; values
// are never renumbered.
type Status uint8

const (
	// StatusUnknown: no status yet; the zero Status.
	StatusUnknown Status = iota
	// StatusCreated: the payment exists at the provider; the resident has
	// not yet visited the payment page.
	StatusCreated
	// StatusStarted: the resident is entering payment details.
	StatusStarted
	// StatusSubmitted: the provider authorised the payment but the resident
	// has not yet selected Confirm.
	StatusSubmitted
	// StatusCapturable: a delayed-capture payment the resident confirmed; the
	// service must capture or cancel it.
	StatusCapturable
	// StatusSuccess: the resident completed the payment. Finished.
	StatusSuccess
	// StatusFailed: the payment did not complete: rejected (P0010), expired
	// (P0020) or cancelled by the resident (P0030). Finished.
	StatusFailed
	// StatusCancelled: the service cancelled the payment (P0040). Finished.
	StatusCancelled
	// StatusError: something went wrong at the provider; no money was taken
	// (P0050). Finished.
	StatusError
)

var statusNames = [...]string{"unknown", "created", "started", "submitted", "capturable", "success", "failed", "cancelled", "error"}

// AllStatuses lists every status in lifecycle order.
func AllStatuses() []Status {
	return []Status{StatusCreated, StatusStarted, StatusSubmitted, StatusCapturable, StatusSuccess, StatusFailed, StatusCancelled, StatusError}
}

// ParseStatus reads a GOV.UK Pay status name such as "success". Case is
// ignored. "unknown" is not a GOV.UK Pay status and is refused.
func ParseStatus(s string) (Status, error) {
	ls := strings.ToLower(strings.TrimSpace(s))
	for i, n := range statusNames {
		if i > 0 && n == ls {
			return Status(i), nil
		}
	}
	return StatusUnknown, fmt.Errorf("%w: unknown payment status %q", ErrInvalidStatus, truncate(s, 30))
}

// String returns the GOV.UK Pay name of the status, "success", or
// "unknown" for StatusUnknown.
func (s Status) String() string { return enum.Name(statusNames[:], s, "Status") }

// IsValid reports whether s is one of the defined statuses.
func (s Status) IsValid() bool { return s > StatusUnknown && int(s) < len(statusNames) }

// Finished reports whether the payment journey is over, as GOV.UK Pay's
// state.finished does: success, failed, cancelled and error are finished. A
// finished payment never changes status again.
func (s Status) Finished() bool { return s >= StatusSuccess && s.IsValid() }

// Label returns a short description of the status for a resident or
// officer, in English and Welsh.
func (s Status) Label() councilkit.Text {
	switch s {
	case StatusCreated:
		return text("status.created")
	case StatusStarted:
		return text("status.started")
	case StatusSubmitted:
		return text("status.submitted")
	case StatusCapturable:
		return text("status.capturable")
	case StatusSuccess:
		return text("status.success")
	case StatusFailed:
		return text("status.failed")
	case StatusCancelled:
		return text("status.cancelled")
	case StatusError:
		return text("status.error")
	}
	return text("status.unknown")
}

// stage orders statuses along the lifecycle. Every finished status shares
// the last stage.
func (s Status) stage() int {
	if s.Finished() {
		return int(StatusSuccess)
	}
	return int(s)
}

// CanTransition reports whether a payment may move from one status to
// another. The table follows GOV.UK Pay's lifecycle: a payment only moves
// forward (created → started → submitted → capturable → finished), it may
// skip stages (a status read by polling can jump from created to success),
// and once finished it never moves again. Staying in the same status is not a
// transition.
//
//	from \ to    started submitted capturable success failed cancelled error
//	created        yes      yes       yes       yes     yes     yes      yes
//	started         -       yes       yes       yes     yes     yes      yes
//	submitted       -        -        yes       yes     yes     yes      yes
//	capturable      -        -         -        yes     yes     yes      yes
//	finished        -        -         -         -       -       -        -
func CanTransition(from, to Status) bool {
	if !from.IsValid() || !to.IsValid() || from.Finished() || from == to {
		return false
	}
	return to.stage() > from.stage()
}

// MarshalText encodes the status name, "unknown" for StatusUnknown. A
// value that is not a status is an error.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, fmt.Errorf("%w: %d", ErrInvalidStatus, uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a name written by MarshalText: a status name as
// ParseStatus reads it, or "unknown" for StatusUnknown.
func (s *Status) UnmarshalText(b []byte) error {
	if string(b) == statusNames[StatusUnknown] {
		*s = StatusUnknown
		return nil
	}
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// FailureCode says why a finished payment did not succeed, as the code in
// GOV.UK Pay's state object (API reference, "Errors caused by payment
// statuses"). Codes not listed here are kept as received.
type FailureCode string

const (
	// FailureRejected: the payment method was rejected (declined, failed
	// fraud or 3-D Secure checks, insufficient funds). Status failed.
	FailureRejected FailureCode = "P0010"
	// FailureExpired: the resident did not complete the payment within 90
	// minutes of its creation. Status failed.
	FailureExpired FailureCode = "P0020"
	// FailureCancelledByUser: the resident selected Cancel payment. Status
	// failed.
	FailureCancelledByUser FailureCode = "P0030"
	// FailureCancelledByService: the service cancelled the payment. Status
	// cancelled.
	FailureCancelledByService FailureCode = "P0040"
	// FailureProviderError: the payment service provider returned an error.
	// Status error.
	FailureProviderError FailureCode = "P0050"
)

// ParseFailureCode reads a code of the form "P" and four digits. Unknown but
// well-formed codes are accepted, so a new code from the provider is kept
// rather than lost; use Known to tell them apart.
func ParseFailureCode(s string) (FailureCode, error) {
	if len(s) != 5 || s[0] != 'P' {
		return "", fmt.Errorf("%w: %q is not a failure code", ErrInvalidStatus, truncate(s, 30))
	}
	for i := 1; i < 5; i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", fmt.Errorf("%w: %q is not a failure code", ErrInvalidStatus, truncate(s, 30))
		}
	}
	return FailureCode(s), nil
}

// Known reports whether the code is one GOV.UK Pay documents.
func (c FailureCode) Known() bool {
	switch c {
	case FailureRejected, FailureExpired, FailureCancelledByUser, FailureCancelledByService, FailureProviderError:
		return true
	}
	return false
}

// Status returns the status GOV.UK Pay gives a payment with this code.
func (c FailureCode) Status() Status {
	switch c {
	case FailureRejected, FailureExpired, FailureCancelledByUser:
		return StatusFailed
	case FailureCancelledByService:
		return StatusCancelled
	case FailureProviderError:
		return StatusError
	}
	return StatusUnknown
}

// Message explains the code to a resident, in English and Welsh.
func (c FailureCode) Message() councilkit.Text {
	switch c {
	case FailureRejected:
		return text("failure.rejected")
	case FailureExpired:
		return text("failure.expired")
	case FailureCancelledByUser:
		return text("failure.cancelled_by_user")
	case FailureCancelledByService:
		return text("failure.cancelled_by_service")
	case FailureProviderError:
		return text("failure.provider_error")
	}
	return text("failure.unknown")
}

func truncate(s string, n int) string {
	if len(s) > n {
		return cutUTF8(s, n) + "…"
	}
	return s
}

// cutUTF8 returns at most the first n bytes of s, fewer if byte n falls
// inside a character, so that a character is never cut in two.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := n; i > 0 && i > n-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i]
		}
	}
	return s[:n]
}
