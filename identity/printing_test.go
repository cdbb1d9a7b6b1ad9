package identity

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/lgds/councilkit/calendar"
)

// TestPrintingAsDocumented checks the godoc's account of which ways of
// printing show personal data (issue 15, finding 9): slog, given the value
// or a pointer to it, never shows the secret part; the fmt verbs the
// documentation names do, so that a reader who trusts the documentation
// is not misled in either direction.
func TestPrintingAsDocumented(t *testing.T) {
	person := Person{GivenNames: "Gwenllïan", FamilyName: "Ap Dafydd", DateOfBirth: calendar.MustDate(2012, 3, 7),
		Contact: Contact{Email: "gwen.dafydd@example.com", Phone: "07700 900982"}}
	addr := Address{Lines: []string{"14 Heol y Frenhines"}, Town: "Caerdydd", Postcode: MustParsePostcode("CF10 1NS")}
	for _, tc := range []struct {
		name   string
		v, ptr any
		secret string // must not appear in slog output
		fmtOut string // appears with %v, as documented
	}{
		{"NINO", MustParseNINO("ab 12 34 56 c"), new(MustParseNINO("AB123456C")), "123456", "AB123456C"},
		{"NHSNumber", MustParseNHSNumber("401 023 2137"), new(MustParseNHSNumber("4010232137")), "4010232", "4010232137"},
		{"UPN", MustParseUPN("B801200005001"), new(MustParseUPN("B801200005001")), "801200005001", "B801200005001"},
		{"Postcode", MustParsePostcode("cf101ns"), new(MustParsePostcode("CF10 1NS")), "1NS", "CF10 1NS"},
		{"Person", person, &person, "Dafydd", "Ap Dafydd"},
		{"Person date of birth", person, &person, "2012-03-07", "2012-03-07"},
		{"Contact", person.Contact, &person.Contact, "gwen.dafydd", "gwen.dafydd@example.com"},
		{"Address", addr, &addr, "Heol", "14 Heol y Frenhines"},
		{"Candidate", CandidateOf(person, addr), new(CandidateOf(person, addr)), "Gwenll", "Gwenllïan"},
	} {
		var buf bytes.Buffer
		for _, h := range []slog.Handler{slog.NewTextHandler(&buf, nil), slog.NewJSONHandler(&buf, nil)} {
			slog.New(h).Info("x", "value", tc.v, "pointer", tc.ptr, slog.Group("g", "value", tc.v))
		}
		if strings.Contains(buf.String(), tc.secret) {
			t.Errorf("%s: slog shows %q:\n%s", tc.name, tc.secret, buf.String())
		}
		for _, verb := range []string{"%v", "%+v", "%s"} {
			if got := fmt.Sprintf(verb, tc.v); !strings.Contains(got, tc.fmtOut) {
				t.Errorf("%s: %s gives %q; the documentation says it shows %q", tc.name, verb, got, tc.fmtOut)
			}
		}
	}
	// The documented caveat: slog does not redact inside a slice.
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "people", []Person{person})
	if !strings.Contains(buf.String(), "Dafydd") {
		t.Errorf("slog redacted inside a slice, contrary to the documentation: %s", buf.String())
	}
}
