package councilkit

import (
	"errors"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// structValidator is the one validator the module uses: building one is
// costly and it caches what it learns about each struct type, so it is made
// once, on first use, and never changed afterwards.
var structValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
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
})

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
	err := structValidator().Struct(s)
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
		ps.AddProblem(problemFromFieldError(fe))
	}
	return ps.Err()
}

func problemFromFieldError(fe validator.FieldError) Problem {
	field := fe.Namespace()
	if _, rest, ok := strings.Cut(field, "."); ok {
		field = rest
	}
	p := Problem{Field: field}
	isText := fe.Kind() == reflect.String
	isCount := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map || fe.Kind() == reflect.Array
	param := fe.Param()
	switch fe.Tag() {
	case "required", "required_if", "required_unless", "required_with", "required_without":
		p.Code, p.Message = CodeRequired, RequiredText()
	case "max", "lte", "lt":
		switch {
		case isText:
			p.Code, p.Message = CodeTooLong, TooLongText(atoiOr(param, 0))
		case isCount:
			p.Code, p.Message = CodeTooLarge, Text{"Must have " + param + " items or fewer", "Rhaid cael " + param + " eitem neu lai"}
		default:
			p.Code, p.Message = CodeTooLarge, TooLargeText(param)
		}
	case "min", "gte", "gt":
		switch {
		case isText:
			p.Code, p.Message = CodeTooShort, TooShortText(atoiOr(param, 0))
		case isCount:
			p.Code, p.Message = CodeTooSmall, Text{"Must have at least " + param + " items", "Rhaid cael o leiaf " + param + " eitem"}
		default:
			p.Code, p.Message = CodeTooSmall, TooSmallText(param)
		}
	case "len":
		p.Code, p.Message = CodeInvalid, Text{"Must be exactly " + param + " characters", "Rhaid iddo fod yn union " + param + " nod"}
	case "oneof":
		p.Code, p.Message = CodeInvalidChoice, InvalidChoiceText()
	case "email":
		p.Code, p.Message = CodeInvalidEmail, Text{
			"Enter an email address in the correct format, like name@example.com",
			"Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
		}
	case "url", "http_url", "uri":
		p.Code, p.Message = CodeInvalidURL, Text{
			"Enter a full web address, like https://www.example.com",
			"Rhowch gyfeiriad gwe llawn, fel https://www.enghraifft.com",
		}
	case "unique":
		p.Code, p.Message = CodeDuplicate, Text{"Each entry must be different", "Rhaid i bob cofnod fod yn wahanol"}
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
