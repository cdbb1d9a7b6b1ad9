package councilkit

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// structValidator is the one validator the module uses: building one is
// costly and it caches what it learns about each struct type, so it is made
// once, on first use, and never changed afterwards.
var structValidator = sync.OnceValue(NewValidator)

// TagNotBlank is the validate tag for text that must hold more than white
// space, and a slice or map that must hold at least one entry: required
// as a resident means it. Its problem is CodeRequired, like required's.
const TagNotBlank = "notblank"

// notBlank is the check of TagNotBlank.
func notBlank(fl validator.FieldLevel) bool {
	f := fl.Field()
	switch f.Kind() {
	case reflect.String:
		return strings.TrimSpace(f.String()) != ""
	case reflect.Slice, reflect.Map, reflect.Array:
		return f.Len() > 0
	}
	return !f.IsZero()
}

// NewValidator returns a new validator configured as [ValidateStruct]'s:
// fields are named by their JSON names, required applies to structs too,
// and [TagNotBlank] is known. Packages that register tags of their own (as the forms package does
// for councilkit's identifiers) start from it, make it once, and turn its
// errors into problems with [ProblemsFrom]. A *validator.Validate is safe
// for concurrent use once its tags are registered.
func NewValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Registering a well-formed tag on a new validator cannot fail.
	_ = v.RegisterValidation(TagNotBlank, notBlank)
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			return ""
		case "":
			return f.Name
		}
		return name
	})
	return v
}

// ValidateStruct checks the `validate` struct tags of s (see
// github.com/go-playground/validator/v10) and returns nil or a
// *ValidationError with one Problem per failing field. Field paths use the
// fields' JSON names, without the name of the struct itself:
// "preferences[2].school".
//
// Tags suit the simple rules (required, max=255, oneof=en cy); rules that
// need code live in each domain's Validate methods, which merge these
// problems with their own.
func ValidateStruct(s any) error {
	return ProblemsFrom(StructErr(structValidator(), s), nil)
}

// ErrUnknownTag is returned by [ValidateStruct] and [StructErr] for a
// struct whose validate tag names no registered check: a programming error,
// reported as an error rather than the panic validator raises.
var ErrUnknownTag = errors.New("councilkit: unknown validate tag")

// StructErr is v.Struct(s), but with validator's panic on a tag it does
// not know turned into an error wrapping [ErrUnknownTag].
func StructErr(v *validator.Validate, s any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrUnknownTag, r)
		}
	}()
	return v.Struct(s)
}

// ProblemsFrom turns the error of a validator's Struct method into nil or a
// *ValidationError with one Problem per failing field, named by its path
// without the struct's own name ("preferences[2].school"). For each failure,
// problem, when not nil, may give the Problem for a tag it knows; it returns
// false to leave the failure to the built-in tags (required, max, min, len,
// oneof, email, url, unique), whose codes and English and Welsh messages are
// councilkit's. Any error that is not a validator.ValidationErrors (s was not
// a struct) is returned as it is.
func ProblemsFrom(err error, problem func(field string, fe validator.FieldError) (Problem, bool)) error {
	if err == nil {
		return nil
	}
	var fieldErrs validator.ValidationErrors
	if !errors.As(err, &fieldErrs) {
		// InvalidValidationError: s was not a struct. A programming error,
		// but reported as an error rather than a panic.
		return err
	}
	var ps Problems
	for _, fe := range fieldErrs {
		field := fe.Namespace()
		if _, rest, ok := strings.Cut(field, "."); ok {
			field = rest
		}
		if problem != nil {
			if p, ok := problem(field, fe); ok {
				p.Field = field
				ps.AddProblem(p)
				continue
			}
		}
		ps.AddProblem(problemFromFieldError(field, fe))
	}
	return ps.Err()
}

func problemFromFieldError(field string, fe validator.FieldError) Problem {
	p := Problem{Field: field}
	isText := fe.Kind() == reflect.String
	isCount := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map || fe.Kind() == reflect.Array
	param := fe.Param()
	switch fe.Tag() {
	case "required", TagNotBlank, "required_if", "required_unless", "required_with", "required_without":
		p.Code, p.Message = CodeRequired, RequiredText()
	case "max", "lte", "lt":
		switch {
		case isText:
			p.Code, p.Message = CodeTooLong, TooLongText(atoiOr(param, 0))
		case isCount:
			p.Code, p.Message = CodeTooLarge, text("items.too_many", "max", param)
		default:
			p.Code, p.Message = CodeTooLarge, TooLargeText(param)
		}
	case "min", "gte", "gt":
		switch {
		case isText:
			p.Code, p.Message = CodeTooShort, TooShortText(atoiOr(param, 0))
		case isCount:
			p.Code, p.Message = CodeTooSmall, text("items.too_few", "min", param)
		default:
			p.Code, p.Message = CodeTooSmall, TooSmallText(param)
		}
	case "len":
		p.Code, p.Message = CodeInvalid, text("length", "n", param)
	case "oneof":
		p.Code, p.Message = CodeInvalidChoice, InvalidChoiceText()
	case "email":
		p.Code, p.Message = CodeInvalidEmail, text("email.invalid")
	case "url", "http_url", "uri":
		p.Code, p.Message = CodeInvalidURL, text("url.invalid")
	case "unique":
		p.Code, p.Message = CodeDuplicate, text("items.duplicate")
	default:
		p.Code, p.Message = CodeInvalid, InvalidText()
	}
	return p
}

func atoiOr(s string, def int) int {
	n := 0
	if s == "" {
		return def
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
		if n > 1<<30 {
			return def
		}
	}
	return n
}
