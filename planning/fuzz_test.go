package planning_test

import (
	"encoding/json"
	"errors"
	"math"
	"path"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/planning"
)

// The seed corpora of these fuzz tests are in testdata/fuzz/<name>/.

// FuzzBoundaryAreaM2: any bytes give an area or an ErrInvalidBoundary,
// never a panic, a negative or a non-finite area.
func FuzzBoundaryAreaM2(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		area, err := planning.BoundaryAreaM2(data)
		if err != nil {
			if !errors.Is(err, planning.ErrInvalidBoundary) {
				t.Fatalf("error %v does not match ErrInvalidBoundary", err)
			}
			return
		}
		if area < 0 || math.IsNaN(area) || math.IsInf(area, 0) {
			t.Fatalf("area %v", area)
		}
	})
}

// FuzzParseApplicationType: a parsed type prints back as the code it was
// parsed from, through every encoding.
func FuzzParseApplicationType(f *testing.F) {
	f.Fuzz(func(t *testing.T, code string) {
		typ, err := planning.ParseApplicationType(code)
		if err != nil {
			if !errors.Is(err, planning.ErrUnknownType) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if typ.String() != code || typ.IsZero() {
			t.Fatalf("ParseApplicationType(%q) = %q", code, typ)
		}
		var back planning.ApplicationType
		if err := back.Scan(code); err != nil || back != typ {
			t.Fatalf("Scan(%q) = %v, %v", code, back, err)
		}
		_ = planning.DeadlineCase{Type: typ, Major: true, EIA: true}.DeterminationPeriod()
		_ = typ.AppealWindow()
		_ = typ.FeeRule()
		_ = typ.Requirements()
		_ = planning.TypeSuffix(typ)
	})
}

// FuzzParseState: a parsed state prints back as its name.
func FuzzParseState(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string) {
		s, err := planning.ParseState(name)
		if err != nil {
			return
		}
		if s.String() != name {
			t.Fatalf("ParseState(%q) = %q", name, s)
		}
		var back planning.State
		if err := back.UnmarshalText([]byte(name)); err != nil || back != s {
			t.Fatalf("UnmarshalText(%q) = %v, %v", name, back, err)
		}
	})
}

// FuzzUnmarshalCodes feeds the same text to every small code type's
// parser: whatever one accepts marshals back to text it accepts again as
// the same value.
func FuzzUnmarshalCodes(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		var c planning.Certificate
		if c.UnmarshalText([]byte(text)) == nil {
			b, _ := c.MarshalText()
			var again planning.Certificate
			if err := again.UnmarshalText(b); err != nil || again != c {
				t.Fatalf("certificate %q: %q, %v", text, b, err)
			}
		}
		var cat planning.FeeCategory
		// Empty text is read as the zero value, which prints as "none".
		if cat.UnmarshalText([]byte(text)) == nil && cat.String() != text && (text != "" || cat != planning.CategoryNone) {
			t.Fatalf("fee category %q printed as %q", text, cat)
		}
		var d planning.Decision
		if d.UnmarshalText([]byte(text)) == nil && d.String() != text && (text != "" || d != planning.DecisionNone) {
			t.Fatalf("decision %q printed as %q", text, d)
		}
		if dt, err := planning.ParseDocumentType(text); err == nil && string(dt) != text {
			t.Fatalf("document type %q parsed as %q", text, dt)
		}
		var r planning.Reference
		if r.UnmarshalText([]byte(text)) == nil {
			var again planning.Reference
			b, _ := r.MarshalText()
			if err := again.UnmarshalText(b); err != nil || again != r {
				t.Fatalf("reference %q: %q, %v", text, b, err)
			}
		}
		// The enums with text forms: whatever one reads, it writes back as
		// text it reads again as the same value.
		checkEnum[planning.LineKind](t, text)
		checkEnum[planning.AdvertKind](t, text)
		checkEnum[planning.NoticeKind](t, text)
		checkEnum[planning.FeeRule](t, text)
		checkEnum[planning.Kind](t, text)
		checkEnum[planning.AppealGround](t, text)
		checkEnum[planning.ApplicationType](t, text)
		checkEnum[planning.State](t, text)
	})
}

// checkEnum fails t if text unmarshals as a T that does not marshal back
// to text that unmarshals to the same value.
func checkEnum[T interface {
	comparable
	MarshalText() ([]byte, error)
}, P interface {
	*T
	UnmarshalText([]byte) error
}](t *testing.T, text string) {
	t.Helper()
	var v T
	if P(&v).UnmarshalText([]byte(text)) != nil {
		return
	}
	b, err := v.MarshalText()
	var again T
	if err != nil || P(&again).UnmarshalText(b) != nil || again != v {
		t.Fatalf("%T %q: marshals as %q (%v), reads back as %v", v, text, b, err, again)
	}
}

// FuzzApplicationJSON: a stored application read back from any JSON never
// panics the rules that run on it, and its clone encodes the same.
func FuzzApplicationJSON(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var a planning.Application
		if json.Unmarshal(data, &a) != nil {
			return
		}
		_ = a.Validate()
		_ = planning.Missing(&a)
		_ = a.DeterminationDeadline()
		_, _ = planning.Calculate(planning.FeeInputFor(&a))
		x, err1 := json.Marshal(&a)
		y, err2 := json.Marshal(a.Clone())
		if (err1 == nil) != (err2 == nil) || string(x) != string(y) {
			t.Fatalf("clone encodes differently:\n%s\n%s", x, y)
		}
	})
}

// FuzzParseAppealGround: a parsed ground prints back as the text it was
// parsed from; anything else is a *councilkit.ValidationError.
func FuzzParseAppealGround(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		g, err := planning.ParseAppealGround(s)
		if err != nil {
			if !errors.Is(err, councilkit.ErrValidation) || g != 0 {
				t.Fatalf("%v %v", g, err)
			}
			return
		}
		if !g.IsValid() || g.String() != s {
			t.Fatalf("%q parsed as %v", s, g)
		}
	})
}

// FuzzAppealTimeLimit: any case gives a limit or a *ValidationError, never
// a panic; a limit never ends before it starts, and is never later than 6
// months from its start.
func FuzzAppealTimeLimit(f *testing.F) {
	f.Fuzz(func(t *testing.T, typ, ground uint8, flags uint8, received, decided, deadline, served int32) {
		day := func(n int32) calendar.Date {
			if n%5 == 0 {
				return calendar.Date{}
			}
			if n%7 == 0 { // the ends of the calendar
				return calendar.MustDate(9999, 12, 31).AddDays(-int(n%400+400) % 400)
			}
			return calendar.MustDate(2025, 1, 1).AddDays(int(n % 4000))
		}
		c := planning.AppealCase{
			Type:                  planning.ApplicationType(typ),
			Ground:                planning.AppealGround(ground),
			Householder:           flags&1 != 0,
			MinorCommercial:       flags&2 != 0,
			Received:              day(received),
			Decided:               day(decided),
			DeterminationDeadline: day(deadline),
			EnforcementServed:     day(served),
		}
		l, err := planning.AppealTimeLimit(c)
		if err != nil {
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 || l != (planning.AppealLimit{}) {
				t.Fatalf("%+v: %v %+v", c, err, l)
			}
			return
		}
		sixMonths := l.Start.AddMonths(6) // zero past the end of the calendar
		if l.HasLimit() && (l.Last.Before(l.Start) || (!sixMonths.IsZero() && sixMonths.Before(l.Last)) || l.Rule == "") {
			t.Fatalf("%+v: %+v", c, l)
		}
	})
}

// FuzzCheckDocumentContent: any bytes are accepted as a PDF, JPEG or PNG
// that SniffMediaType agrees with, or refused with a *DocumentError that
// matches exactly one sentinel; never a panic.
func FuzzCheckDocumentContent(f *testing.F) {
	sentinels := []error{planning.ErrDocumentEmpty, planning.ErrDocumentTooLarge, planning.ErrDocumentType, planning.ErrDocumentActiveContent}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := planning.CheckDocumentContent(data, planning.DocumentLimits{MaxBytes: 1 << 20})
		if err == nil {
			if m == planning.MediaUnknown || planning.SniffMediaType(data) != m {
				t.Fatalf("accepted as %v, sniffed as %v", m, planning.SniffMediaType(data))
			}
			return
		}
		var de *planning.DocumentError
		if !errors.As(err, &de) || m != planning.MediaUnknown {
			t.Fatalf("CheckDocumentContent = %v, %v", m, err)
		}
		n := 0
		for _, s := range sentinels {
			if errors.Is(err, s) {
				n++
			}
		}
		if n != 1 || de.Message.English == "" || de.Message.Welsh == "" {
			t.Fatalf("error %v matches %d sentinels, message %+v", err, n, de.Message)
		}
	})
}

// FuzzSanitiseFileName: whatever a browser sends as a file's name, the
// name kept is valid UTF-8 with no path, control or formatting
// characters, none that Windows forbids, no more than 100 characters
// before an extension that fits the type, and sanitising it again
// changes nothing.
func FuzzSanitiseFileName(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string, kind uint8) {
		m := planning.MediaType(kind%3 + 1)
		got := planning.SanitiseFileName(name, m)
		if !utf8.ValidString(got) || got == "" {
			t.Fatalf("SanitiseFileName(%q) = %q", name, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(`/\"*:<>?|`, r) || (unicode.IsSpace(r) && r != ' ') {
				t.Fatalf("SanitiseFileName(%q) = %q holds %U", name, got, r)
			}
		}
		ext := path.Ext(got)
		if fits := map[planning.MediaType][]string{planning.MediaPDF: {".pdf"}, planning.MediaJPEG: {".jpg", ".jpeg"},
			planning.MediaPNG: {".png"}}[m]; !slices.Contains(fits, strings.ToLower(ext)) {
			t.Fatalf("SanitiseFileName(%q, %v) = %q: extension %q", name, m, got, ext)
		}
		base := strings.TrimSuffix(got, ext)
		if base == "" || utf8.RuneCountInString(base) > 100 || strings.HasPrefix(base, ".") || strings.HasSuffix(base, ".") ||
			strings.HasPrefix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("SanitiseFileName(%q) = %q", name, got)
		}
		if again := planning.SanitiseFileName(got, m); again != got {
			t.Fatalf("not idempotent: %q, then %q", got, again)
		}
	})
}
