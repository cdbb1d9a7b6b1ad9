package msgtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lgds/councilkit/internal/msg"
)

// recorder is a testing.TB that keeps what Check reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func run(t *testing.T, cat msg.Catalogue, o Options) []string {
	r := &recorder{TB: t}
	Check(r, cat, o)
	return r.errs
}

var good = msg.Catalogue{
	"required": {English: "Enter a value", Welsh: "Rhowch werth"},
	"too_long": {English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"},
	"band":     {English: "Band", Welsh: "Band"},
}

func TestCheckGood(t *testing.T) {
	if errs := run(t, good, Options{Dir: "testdata/good"}); len(errs) > 0 {
		t.Errorf("a complete catalogue drew complaints:\n%s", strings.Join(errs, "\n"))
	}
}

// TestCheckCatalogue breaks a good catalogue one way at a time, as a
// translator or a hurried change might, and wants each fault reported.
func TestCheckCatalogue(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  string
		pair msg.Pair
		want string
	}{
		{"no Welsh", "required", msg.Pair{English: "Enter a value"}, `"required" has no Welsh`},
		{"no English", "required", msg.Pair{Welsh: "Rhowch werth"}, `"required" has no English`},
		{"Welsh drops a placeholder", "too_long", msg.Pair{English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn nod neu lai"}, "placeholders differ"},
		{"Welsh renames a placeholder", "too_long", msg.Pair{English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {uchaf} nod neu lai"}, "placeholders differ"},
		{"English repeats a placeholder", "too_long", msg.Pair{English: "Must be {max} or {max} characters", Welsh: "Rhaid iddo fod yn {max} nod neu lai"}, "placeholders differ"},
		{"a stray brace", "too_long", msg.Pair{English: "Must be {max characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"}, "brace outside"},
		{"space at the end", "required", msg.Pair{English: "Enter a value ", Welsh: "Rhowch werth"}, "space at an end"},
		{"one English, two Welsh", "band", msg.Pair{English: "Enter a value", Welsh: "Rhowch rywbeth"}, "translated both"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat := msg.Catalogue{}
			for k, v := range good {
				cat[k] = v
			}
			cat[tc.key] = tc.pair
			errs := run(t, cat, Options{Dir: "testdata/good"})
			if !contains(errs, tc.want) {
				t.Errorf("want a complaint containing %q, got:\n%s", tc.want, strings.Join(errs, "\n"))
			}
		})
	}
}

func TestCheckHomonyms(t *testing.T) {
	cat := msg.Catalogue{
		"required": {English: "Enter a value", Welsh: "Rhowch werth"},
		"too_long": {English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"},
		"band":     {English: "Enter a value", Welsh: "Rhowch rywbeth"},
	}
	if errs := run(t, cat, Options{Dir: "testdata/good", Homonyms: []string{"band"}}); len(errs) > 0 {
		t.Errorf("a listed homonym drew complaints:\n%s", strings.Join(errs, "\n"))
	}
}

// TestCheckSource wants every misuse in testdata/bad/bad.go reported.
func TestCheckSource(t *testing.T) {
	cat := msg.Catalogue{
		"required": {English: "Enter a value", Welsh: "Rhowch werth"},
		"too_long": {English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"},
		"unused":   {English: "Nobody asks for this", Welsh: "Does neb yn gofyn am hyn"},
	}
	errs := run(t, cat, Options{Dir: "testdata/bad"})
	for _, want := range []string{
		`text("too_long") fills [limit], but the message has placeholders [max]`,
		`text("too_long"): a placeholder name is not a literal string`,
		`text("too_long"): placeholder names and values do not pair up`,
		`text("missing"): no such message`,
		`message "unused" is not used`,
	} {
		if !contains(errs, want) {
			t.Errorf("want a complaint containing %q, got:\n%s", want, strings.Join(errs, "\n"))
		}
	}
	if len(errs) != 5 {
		t.Errorf("got %d complaints, want 5:\n%s", len(errs), strings.Join(errs, "\n"))
	}
}

func contains(errs []string, want string) bool {
	for _, e := range errs {
		if strings.Contains(e, want) {
			return true
		}
	}
	return false
}
