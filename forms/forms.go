package forms

import (
	"errors"
	"reflect"
	"sync"

	"github.com/go-playground/validator/v10"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
)

// The tags this package adds to the validator.
const (
	TagPostcode  = "postcode"
	TagNINO      = "nino"
	TagUPRN      = "uprn"
	TagUSRN      = "usrn"
	TagNHSNumber = "nhs_number"
	TagUPN       = "upn"
	TagGSS       = "gss"
	TagURN       = "urn"
	TagGBP       = "gbp"
)

// CodeInvalidAmount is the problem code for text that is not an amount of
// pounds and pence that is zero or more.
const CodeInvalidAmount councilkit.Code = "invalid_amount"

// ErrNegativeAmount is the parse error of the gbp tag for an amount below
// zero.
var ErrNegativeAmount = errors.New("forms: amount is negative")

// tag is one of this package's tags: the parser whose acceptance it checks,
// and the problem to report when the parser refuses.
type tag struct {
	name    string
	parse   func(string) error
	problem func(field string, err error) councilkit.Problem
}

var (
	amountText  = text("amount.invalid")
	councilText = text("council.invalid")
	urnText     = text("urn.invalid")
)

func identityProblem(field string, err error) councilkit.Problem {
	return identity.ProblemFor(field, err)
}

var tags = []tag{
	{TagPostcode, func(s string) error { _, err := identity.ParsePostcode(s); return err }, identityProblem},
	{TagNINO, func(s string) error { _, err := identity.ParseNINO(s); return err }, identityProblem},
	{TagUPRN, func(s string) error { _, err := identity.ParseUPRN(s); return err }, identityProblem},
	{TagUSRN, func(s string) error { _, err := identity.ParseUSRN(s); return err }, identityProblem},
	{TagNHSNumber, func(s string) error { _, err := identity.ParseNHSNumber(s); return err }, identityProblem},
	{TagUPN, func(s string) error { _, err := identity.ParseUPN(s); return err }, identityProblem},
	{TagGSS, func(s string) error { _, err := councilkit.ParseCouncil(s); return err },
		func(field string, _ error) councilkit.Problem {
			return councilkit.Problem{Field: field, Code: councilkit.CodeInvalidCouncil, Message: councilText}
		}},
	{TagURN, func(s string) error { _, err := admissions.ParseURN(s); return err },
		func(field string, _ error) councilkit.Problem {
			return councilkit.Problem{Field: field, Code: admissions.CodeInvalidURN, Message: urnText}
		}},
	{TagGBP, parseGBP,
		func(field string, _ error) councilkit.Problem {
			return councilkit.Problem{Field: field, Code: CodeInvalidAmount, Message: amountText}
		}},
}

func parseGBP(s string) error {
	a, err := payments.ParseAmount(s)
	if err == nil && a.Pence() < 0 {
		return ErrNegativeAmount
	}
	return err
}

// byName finds a tag of this package.
func byName(name string) (tag, bool) {
	for _, t := range tags {
		if t.name == name {
			return t, true
		}
	}
	return tag{}, false
}

// New returns a new validator configured as [councilkit.NewValidator]'s,
// with this package's tags registered. Use it to register tags of your own,
// make it once, and turn its errors into problems with [Problems]. Most
// services need only [Validate].
func New() *validator.Validate {
	v := councilkit.NewValidator()
	for _, t := range tags {
		parse := t.parse
		// Registering a well-formed tag on a new validator cannot fail.
		_ = v.RegisterValidation(t.name, func(fl validator.FieldLevel) bool {
			f := fl.Field()
			return f.Kind() == reflect.String && parse(f.String()) == nil
		})
	}
	return v
}

// shared is the one validator Validate uses: made on first use, never
// changed afterwards, and safe for concurrent use.
var shared = sync.OnceValue(New)

// Validate checks s's validate tags and returns nil or a
// *councilkit.ValidationError listing every problem. A tag of this package
// reports the same code and message as the parser it stands for: a NINO in
// the wrong format is identity.CodeInvalidNINO with identity's message. It
// returns an error that is not a *councilkit.ValidationError only when s is
// not a struct (or a pointer to one), or when a tag is unknown
// ([councilkit.ErrUnknownTag]).
func Validate(s any) error {
	return Problems(councilkit.StructErr(shared(), s))
}

// Problems turns the error of a validator made by [New] into nil or a
// *councilkit.ValidationError.
func Problems(err error) error {
	return councilkit.ProblemsFrom(err, func(field string, fe validator.FieldError) (councilkit.Problem, bool) {
		t, ok := byName(fe.Tag())
		if !ok {
			return councilkit.Problem{}, false
		}
		s, _ := fe.Value().(string)
		perr := t.parse(s)
		if perr == nil { // not a string field: the tag cannot apply
			perr = errors.New("not text")
		}
		return t.problem(field, perr), true
	})
}
