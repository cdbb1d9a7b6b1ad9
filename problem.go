package councilkit

import (
	"errors"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// The two languages every council service in Wales must offer, and in which
// every message in councilkit is written.
var (
	English = language.MustParse("en-GB")
	Welsh   = language.MustParse("cy-GB")
)

// Text is a message for a resident, in English and in Welsh.
type Text struct {
	English string `json:"en"`
	Welsh   string `json:"cy"`
}

// In returns the message in the language tag asks for: Welsh for any tag
// whose base language is Welsh (cy, cy-GB), English otherwise. A Text with
// no Welsh falls back to English.
func (t Text) In(tag language.Tag) string {
	if t.Welsh != "" && isWelsh(tag) {
		return t.Welsh
	}
	return t.English
}

func isWelsh(tag language.Tag) bool {
	base, _ := tag.Base()
	return base.String() == "cy"
}

// Code is a stable, machine-readable name for one kind of problem with a
// field, such as "required" or "invalid_postcode". Codes never change
// meaning once published; clients may switch on them.
type Code string

// Codes shared by every domain. Domain packages define their own codes
// (invalid_postcode, duplicate_school …) beside the values they check.
const (
	CodeRequired       Code = "required"       // a value must be given
	CodeTooLong        Code = "too_long"       // text longer than allowed
	CodeTooShort       Code = "too_short"      // text shorter than allowed
	CodeTooSmall       Code = "too_small"      // number or count below the minimum
	CodeTooLarge       Code = "too_large"      // number or count above the maximum
	CodeInvalid        Code = "invalid"        // not in the expected format
	CodeInvalidChoice  Code = "invalid_choice" // not one of the allowed values
	CodeInvalidEmail   Code = "invalid_email"  // not an email address
	CodeInvalidURL     Code = "invalid_url"    // not an acceptable web address
	CodeDuplicate      Code = "duplicate"      // repeats another entry
	CodeInFuture       Code = "in_future"      // a date that cannot be in the future
	CodeInPast         Code = "in_past"        // a date that cannot be in the past
	CodeContainsURL    Code = "contains_url"   // free text that must not hold a web address
	CodeInvalidCouncil Code = "invalid_council"
)

// Problem is one thing wrong with one field of a value.
type Problem struct {
	// Field is the path to the field, in the JSON names of the value:
	// "child.date_of_birth", "preferences[2].school". Empty for a problem
	// with the value as a whole.
	Field string `json:"field"`
	// Code is the stable machine code of the problem.
	Code Code `json:"code"`
	// Message says what is wrong and how to put it right, in English and
	// Welsh. Messages never repeat the value the resident entered, so they
	// are safe to log.
	Message Text `json:"message"`
}

// String returns the English form "field: message".
func (p Problem) String() string {
	if p.Field == "" {
		return p.Message.English
	}
	return p.Field + ": " + p.Message.English
}

// ErrValidation is the sentinel every *ValidationError matches with
// errors.Is.
var ErrValidation = errors.New("councilkit: validation failed")

// ValidationError carries every problem found in a value, so that a form can
// show them all at once. Retrieve it with errors.As; errors.Is(err,
// ErrValidation) also holds.
type ValidationError struct {
	Problems []Problem `json:"problems"`
}

// Error lists the problems in English.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("validation failed: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// Has reports whether a problem with this field and code is present. An empty
// code matches any code.
func (e *ValidationError) Has(field string, code Code) bool {
	for _, p := range e.Problems {
		if p.Field == field && (code == "" || p.Code == code) {
			return true
		}
	}
	return false
}

// Field returns the problems for one field path.
func (e *ValidationError) Field(field string) []Problem {
	var out []Problem
	for _, p := range e.Problems {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

// Problems collects problems while a value is checked. The zero value is
// ready to use. It is not safe for concurrent use.
type Problems struct {
	list []Problem
}

// Add records a problem.
func (ps *Problems) Add(field string, code Code, msg Text) {
	ps.list = append(ps.list, Problem{Field: field, Code: code, Message: msg})
}

// AddProblem records a problem already built.
func (ps *Problems) AddProblem(p Problem) { ps.list = append(ps.list, p) }

// Merge records the problems of err under the field path prefix, so that a
// nested value's problems keep their place: Merge("child", err) turns a
// problem at "date_of_birth" into one at "child.date_of_birth". A
// *ValidationError found with errors.As contributes each of its problems;
// any other non-nil error is recorded as CodeInvalid at prefix with the
// given fallback message, since its text is not known to be safe to show.
// Merge reports whether err was non-nil.
func (ps *Problems) Merge(prefix string, err error, fallback Text) bool {
	if err == nil {
		return false
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			p.Field = JoinField(prefix, p.Field)
			ps.list = append(ps.list, p)
		}
		return true
	}
	ps.Add(prefix, CodeInvalid, fallback)
	return true
}

// MergeField records the problems of err, a *ValidationError, whose field is
// exactly field, and reports whether there were any. A domain's Validate
// uses it to take the problems of its validate tags ([ValidateStruct]) one
// field at a time, in its own order, and to check with code only the
// fields whose tags passed. An err that is nil or not a *ValidationError
// records nothing.
func (ps *Problems) MergeField(err error, field string) bool {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	n := len(ps.list)
	for _, p := range ve.Problems {
		if p.Field == field {
			ps.list = append(ps.list, p)
		}
	}
	return len(ps.list) > n
}

// Len returns the number of problems recorded.
func (ps *Problems) Len() int { return len(ps.list) }

// Err returns nil if no problem was recorded, or a *ValidationError holding a
// copy of them all.
func (ps *Problems) Err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: append([]Problem(nil), ps.list...)}
}

// JoinField joins two parts of a field path with a dot, leaving out an empty
// part: JoinField("child", "name") is "child.name", and a part that starts
// with "[" is appended as is.
func JoinField(parent, child string) string {
	switch {
	case parent == "":
		return child
	case child == "":
		return parent
	case child[0] == '[':
		return parent + child
	}
	return parent + "." + child
}

// IndexField returns the path of element i of a list field:
// IndexField("preferences", 2) is "preferences[2]".
func IndexField(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// Messages for the shared codes. Each takes the limit it reports so the
// resident knows what would be accepted.

// RequiredText is the message for CodeRequired.
func RequiredText() Text {
	return text("required")
}

// TooLongText is the message for CodeTooLong.
func TooLongText(max int) Text {
	return text("too_long", "max", strconv.Itoa(max))
}

// TooShortText is the message for CodeTooShort.
func TooShortText(min int) Text {
	return text("too_short", "min", strconv.Itoa(min))
}

// TooSmallText is the message for CodeTooSmall; min is shown as given.
func TooSmallText(min string) Text {
	return text("too_small", "min", min)
}

// TooLargeText is the message for CodeTooLarge; max is shown as given.
func TooLargeText(max string) Text {
	return text("too_large", "max", max)
}

// InvalidText is the message for CodeInvalid.
func InvalidText() Text {
	return text("invalid")
}

// InvalidChoiceText is the message for CodeInvalidChoice.
func InvalidChoiceText() Text {
	return text("invalid_choice")
}
