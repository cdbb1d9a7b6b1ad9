package fsm

import (
	"errors"
	"fmt"
)

// Status is the state of an eligibility check, as the DfE's eligibility
// checking API reports it. The zero value means no check has been made. The
// list only ever grows.
type Status uint8

// Statuses. Their text forms are the DfE API's wire values.
const (
	// StatusNone: no check has been made.
	StatusNone Status = iota
	// StatusQueued ("queuedForProcessing"): submitted, no answer yet.
	StatusQueued
	// StatusEligible ("eligible"): the parent receives a qualifying benefit.
	StatusEligible
	// StatusNotEligible ("notEligible"): the parent was found but receives
	// no qualifying benefit.
	StatusNotEligible
	// StatusParentNotFound ("parentNotFound"): no record matches the
	// parent's details.
	StatusParentNotFound
	// StatusError ("error"): the check could not be completed; submit it
	// again or ask for evidence.
	StatusError

	numStatuses
)

var statusNames = [numStatuses]string{
	"none",
	"queuedForProcessing",
	"eligible",
	"notEligible",
	"parentNotFound",
	"error",
}

// ErrInvalidStatus is wrapped by the error for an unknown status.
var ErrInvalidStatus = errors.New("fsm: unknown check status")

// String returns the DfE API's name for the status, or "none" for
// StatusNone, which the API never sends.
func (s Status) String() string {
	if s >= numStatuses {
		return fmt.Sprintf("status(%d)", uint8(s))
	}
	return statusNames[s]
}

// Done reports whether the check has an answer (any status but none and
// queued).
func (s Status) Done() bool { return s > StatusQueued && s < numStatuses }

// ParseStatus parses a DfE API status. It also accepts "DwpError", which
// earlier versions of the API sent for StatusError. "none" is not a DfE
// status and is refused; UnmarshalText reads it.
func ParseStatus(s string) (Status, error) {
	if s == "DwpError" || s == "Error" {
		return StatusError, nil
	}
	for i, n := range statusNames {
		if i > 0 && n == s {
			return Status(i), nil
		}
	}
	return StatusNone, fmt.Errorf("%w: %q", ErrInvalidStatus, s)
}

// MarshalText encodes the DfE API name, and StatusNone as "none".
func (s Status) MarshalText() ([]byte, error) {
	if s >= numStatuses {
		return nil, fmt.Errorf("%w: %d", ErrInvalidStatus, uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes a DfE API name as ParseStatus does, and "none", or
// "" as versions before the zero status had a name wrote it, as StatusNone.
func (s *Status) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == statusNames[StatusNone] {
		*s = StatusNone
		return nil
	}
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
