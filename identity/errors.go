package identity

import (
	"errors"

	"github.com/lgds/councilkit"
)

// Sentinel errors for values that do not parse. Every error a parser in
// this package returns matches exactly one of them with errors.Is, and is a
// *ParseError that errors.As can retrieve. No error ever repeats the input:
// the input may be personal data.
var (
	ErrInvalidNINO        = errors.New("identity: invalid National Insurance number")
	ErrInvalidPostcode    = errors.New("identity: invalid postcode")
	ErrInvalidUPRN        = errors.New("identity: invalid UPRN")
	ErrInvalidUSRN        = errors.New("identity: invalid USRN")
	ErrInvalidNHSNumber   = errors.New("identity: invalid NHS number")
	ErrInvalidUPN         = errors.New("identity: invalid unique pupil number")
	ErrInvalidCoordinates = errors.New("identity: invalid coordinates")
)

// Codes for the problems this package reports in a
// *councilkit.ValidationError. Codes are stable: clients may switch on them.
const (
	CodeInvalidNINO        councilkit.Code = "invalid_nino"
	CodeInvalidPostcode    councilkit.Code = "invalid_postcode"
	CodeInvalidUPRN        councilkit.Code = "invalid_uprn"
	CodeInvalidUSRN        councilkit.Code = "invalid_usrn"
	CodeInvalidNHSNumber   councilkit.Code = "invalid_nhs_number"
	CodeInvalidUPN         councilkit.Code = "invalid_upn"
	CodeInvalidCoordinates councilkit.Code = "invalid_coordinates"
	CodeInvalidPhone       councilkit.Code = "invalid_phone"
)

// ParseError says why a value did not parse. Reason is for developers and
// logs and never contains the input; Code and Message are what a form shows
// the resident, in English and Welsh.
type ParseError struct {
	// Err is the sentinel error for the kind of value, such as
	// ErrInvalidPostcode.
	Err error
	// Reason says, in English, what was wrong: "wrong length",
	// "check digit does not match".
	Reason string
	// Code and Message describe the problem for a form field.
	Code    councilkit.Code
	Message councilkit.Text
}

// Error returns the sentinel's text and the reason.
func (e *ParseError) Error() string { return e.Err.Error() + ": " + e.Reason }

// Unwrap returns the sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

// Problem returns the problem to report for field.
func (e *ParseError) Problem(field string) councilkit.Problem {
	return councilkit.Problem{Field: field, Code: e.Code, Message: e.Message}
}

// ProblemFor returns the problem to report at field for an error returned by
// a parser in this package. Any other error becomes councilkit.CodeInvalid.
func ProblemFor(field string, err error) councilkit.Problem {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Problem(field)
	}
	return councilkit.Problem{Field: field, Code: councilkit.CodeInvalid, Message: councilkit.InvalidText()}
}

// Messages shown to residents. They follow the GOV.UK Design System's error
// message patterns and never repeat what was entered.
var (
	ninoText        = text("nino.invalid")
	postcodeText    = text("postcode.invalid")
	uprnText        = text("uprn.invalid")
	usrnText        = text("usrn.invalid")
	nhsText         = text("nhs.invalid")
	upnText         = text("upn.invalid")
	coordinatesText = text("coordinates.invalid")
	phoneText       = text("phone.invalid")
)

// kind is what every ParseError about one kind of value shares: its
// sentinel, its code and its message.
type kind struct {
	err  error
	code councilkit.Code
	text councilkit.Text
}

var (
	ninoKind        = kind{ErrInvalidNINO, CodeInvalidNINO, ninoText}
	postcodeKind    = kind{ErrInvalidPostcode, CodeInvalidPostcode, postcodeText}
	uprnKind        = kind{ErrInvalidUPRN, CodeInvalidUPRN, uprnText}
	usrnKind        = kind{ErrInvalidUSRN, CodeInvalidUSRN, usrnText}
	nhsKind         = kind{ErrInvalidNHSNumber, CodeInvalidNHSNumber, nhsText}
	upnKind         = kind{ErrInvalidUPN, CodeInvalidUPN, upnText}
	coordinatesKind = kind{ErrInvalidCoordinates, CodeInvalidCoordinates, coordinatesText}
)

// error returns the ParseError for a value of kind k that failed for reason.
func (k kind) error(reason string) *ParseError {
	return &ParseError{Err: k.err, Reason: reason, Code: k.code, Message: k.text}
}
