package identity

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

func TestNameKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Siân", "sian"},
		{"Sia\u0302n", "sian"}, // decomposed circumflex
		{"SIÂN", "sian"},
		{"O'Brien", "obrien"},
		{"O’Brien", "obrien"},
		{"OBrien", "obrien"},
		{"Smith-Jones", "smith jones"},
		{"Smith – Jones", "smith jones"},
		{"  Mary   Jane ", "mary jane"},
		{"Zoë", "zoe"},
		{"Dŵr", "dwr"},
		{"Gwenllïan", "gwenllian"},
		{"Strauß", "strauss"},
		{"Søren Ærø", "soren aero"},
		{"Łukasz", "lukasz"},
		{"Œdipe", "oedipe"},
		{"ﬁona", "fiona"}, // ligature, compatibility decomposition
		{"St. John", "st john"},
		{"Ψάλτης", "ψαλτησ"}, // full case folding maps final sigma to sigma
		{"", ""},
		{"'-", ""},
	} {
		if got := NameKey(tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestNameKeyFolding: every spelling in a group is one name and must get
// the group's key, and every key must be a fixed point. Cherokee folds to
// upper case in Unicode's CaseFolding.txt (entries such as "AB70; C; 13A0"
// and "13F8; C; 13F0", Unicode 15.0), the reverse of every other bicameral
// script, and x/text's cases.Fold swapped the two cases, so NameKey("Ꮴ")
// was "ꮴ" and NameKey("ꮴ") was "Ꮴ" (issue 15, finding 5). The other
// groups are the usual case-folding traps: special casing (ß, ﬁ, ŉ), the
// Turkish dotted and dotless i, Greek final sigma, the titlecase digraphs
// (ǅ) and compatibility characters that NFKD maps to ordinary letters
// (Kelvin sign, Ångström sign, long s, circled digits, full-width forms).
func TestNameKeyFolding(t *testing.T) {
	for _, tc := range []struct {
		want      string
		spellings []string
	}{
		{"ꮴ", []string{"Ꮴ", "ꮴ"}},
		{"ꭰꮄ", []string{"ᎠᎴ", "ꭰꮄ", "Ꭰꮄ", "ꭰᎴ"}},
		{"ᏸ", []string{"Ᏸ", "ᏸ"}}, // U+13F0 and U+13F8
		{"ꮿ", []string{"Ꮿ", "ꮿ"}},
		{"strauss", []string{"Strauß", "STRAUẞ", "STRAUSS", "strauss"}},
		{"fiona", []string{"ﬁona", "FIONA", "Ｆｉｏｎａ"}},
		{"yildiz", []string{"Yıldız", "YILDIZ", "Yildiz", "YİLDİZ"}},
		{"σοφοσ", []string{"σοφος", "ΣΟΦΟΣ", "σοφοσ"}},
		{"dzamila", []string{"ǅamila", "ǄAMILA", "ǆamila", "Džamila", "DZAMILA"}},
		{"kelvin", []string{"\u212aelvin", "Kelvin"}},
		{"angstrom", []string{"\u212bngstrom", "Ångström", "ANGSTROM"}},
		{"sion", []string{"ſion", "Sion"}},
		{"nan", []string{"ŉan", "n'an", "NAN"}},
		{"1", []string{"①", "1"}},
	} {
		for _, s := range tc.spellings {
			k := NameKey(s)
			if k != tc.want {
				t.Errorf("NameKey(%q) = %q, want %q", s, k, tc.want)
			}
			if again := NameKey(k); again != k {
				t.Errorf("NameKey(%q) = %q, but NameKey(%q) = %q", s, k, k, again)
			}
		}
	}
}

// TestNameKeyFixedPointEveryCharacter checks the fixed point for every
// assigned character on its own, after a letter and before a combining
// accent. (Han ideographs, nearly 100,000 of them, have no case and no
// decomposition and are left out to keep the test quick.)
func TestNameKeyFixedPointEveryCharacter(t *testing.T) {
	fails := 0
	for r := rune(0); r <= unicode.MaxRune && fails < 20; r++ {
		if !utf8.ValidRune(r) || unicode.Is(unicode.Han, r) || unicode.Is(unicode.Co, r) ||
			!unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cf) {
			continue
		}
		c := string(r)
		for _, s := range []string{c, "a" + c, c + "\u0301"} {
			k := NameKey(s)
			if again := NameKey(k); again != k {
				t.Errorf("%U: NameKey(%q) = %q, NameKey(%q) = %q", r, s, k, k, again)
				fails++
			}
		}
		if up, lo := NameKey(strings.ToUpper(c)), NameKey(strings.ToLower(c)); up != lo {
			t.Errorf("%U: the key depends on case: %q and %q", r, up, lo)
			fails++
		}
	}
}

func TestMatchPeople(t *testing.T) {
	dob := calendar.MustDate(2012, 3, 7)
	pc := MustParsePostcode("CF10 1NS")
	base := Candidate{GivenNames: "Siân Elin", FamilyName: "O'Brien-Jones", DateOfBirth: dob, Postcode: pc}
	for _, tc := range []struct {
		name   string
		other  Candidate
		level  MatchLevel
		fam    Outcome
		giv    Outcome
		dobOut Outcome
		pcOut  Outcome
	}{
		{"same, spelled differently", Candidate{"SIAN ELIN", "obrien jones", dob, MustParsePostcode("cf101ns")}, ExactMatch, Agree, Agree, Agree, Agree},
		{"first given name only", Candidate{"Sian", "O’Brien Jones", dob, pc}, StrongMatch, Agree, Partial, Agree, Agree},
		{"moved house", Candidate{"Siân Elin", "O'Brien-Jones", dob, MustParsePostcode("SW1A 1AA")}, PossibleMatch, Agree, Agree, Agree, Disagree},
		{"same sector", Candidate{"Siân Elin", "O'Brien-Jones", dob, MustParsePostcode("CF10 1AA")}, StrongMatch, Agree, Agree, Agree, Partial},
		{"one part of surname", Candidate{"Sian", "Jones", dob, pc}, PossibleMatch, Partial, Partial, Agree, Agree},
		{"day and month transposed", Candidate{"Sian Elin", "OBrien-Jones", calendar.MustDate(2012, 7, 3), pc}, PossibleMatch, Agree, Agree, Partial, Agree},
		{"initial", Candidate{"S", "O'Brien-Jones", dob, Postcode{}}, StrongMatch, Agree, Partial, Agree, Unknown},
		{"sibling", Candidate{"Rhys", "O'Brien-Jones", calendar.MustDate(2014, 1, 9), pc}, NoMatch, Agree, Disagree, Disagree, Agree},
		{"twin", Candidate{"Rhys", "O'Brien-Jones", dob, pc}, NoMatch, Agree, Disagree, Agree, Agree},
		{"stranger", Candidate{"John", "Smith", calendar.MustDate(1980, 1, 1), MustParsePostcode("M1 1AE")}, NoMatch, Disagree, Disagree, Disagree, Disagree},
		{"nothing known", Candidate{}, NoMatch, Unknown, Unknown, Unknown, Unknown},
	} {
		m := MatchPeople(base, tc.other)
		if m.Level != tc.level || m.FamilyName.Outcome != tc.fam || m.GivenNames.Outcome != tc.giv ||
			m.DOB.Outcome != tc.dobOut || m.Postcode.Outcome != tc.pcOut {
			t.Errorf("%s: got %v %v %v %v %v, want %v %v %v %v %v", tc.name,
				m.Level, m.FamilyName.Outcome, m.GivenNames.Outcome, m.DOB.Outcome, m.Postcode.Outcome,
				tc.level, tc.fam, tc.giv, tc.dobOut, tc.pcOut)
		}
		// Matching is symmetric.
		if r := MatchPeople(tc.other, base); r != m {
			t.Errorf("%s: not symmetric: %+v vs %+v", tc.name, r, m)
		}
		for _, f := range m.Fields() {
			if f.Reason == "" {
				t.Errorf("%s: %s has no reason", tc.name, f.Field)
			}
		}
	}
	m := MatchPeople(base, Candidate{"Sian", "O’Brien Jones", dob, pc})
	if got := strings.Join(m.Agreed(), ","); got != "family_name,date_of_birth,postcode" {
		t.Errorf("Agreed = %q", got)
	}
	b, _ := json.Marshal(m)
	if !strings.Contains(string(b), `"level":"strong"`) || !strings.Contains(string(b), `"outcome":"partial"`) {
		t.Errorf("JSON = %s", b)
	}
	var back MatchResult
	if err := json.Unmarshal(b, &back); err != nil || back != m {
		t.Errorf("MatchResult JSON round trip = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"level":"certain"}`), &back); err == nil {
		t.Errorf("unknown level accepted")
	}
}

func TestPersonValidate(t *testing.T) {
	today := calendar.MustDate(2026, 11, 23)
	p := Person{GivenNames: "Siân", FamilyName: "Jones", DateOfBirth: calendar.MustDate(2012, 3, 7),
		Contact: Contact{Email: "sian@example.com", Phone: "07700 900982"}}
	if err := p.Validate(today); err != nil {
		t.Fatalf("valid person: %v", err)
	}
	bad := Person{GivenNames: " ", FamilyName: strings.Repeat("x", 101), DateOfBirth: today.AddDays(1),
		Contact: Contact{Email: "sian@", Phone: "12"}}
	err := bad.Validate(today)
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	for _, want := range []struct {
		field string
		code  councilkit.Code
	}{
		{"given_names", councilkit.CodeRequired},
		{"family_name", councilkit.CodeTooLong},
		{"date_of_birth", councilkit.CodeInFuture},
		{"contact.email", councilkit.CodeInvalidEmail},
		{"contact.phone", CodeInvalidPhone},
	} {
		if !ve.Has(want.field, want.code) {
			t.Errorf("missing %s %s in %v", want.field, want.code, ve)
		}
	}
	for _, p := range ve.Problems {
		if p.Message.English == "" || p.Message.Welsh == "" {
			t.Errorf("%s lacks a message in both languages", p.Field)
		}
	}
	if (Person{GivenNames: "A", FamilyName: "B"}).Validate(today) == nil {
		t.Errorf("missing date of birth accepted")
	}
	if err := (Person{GivenNames: "A\x00", FamilyName: "B", DateOfBirth: today}).Validate(today); err == nil {
		t.Errorf("control character accepted")
	}
}

func TestAddressValidateAndJSON(t *testing.T) {
	a := Address{Lines: []string{"10 Downing Street"}, Town: "London", Postcode: MustParsePostcode("SW1A 2AA"),
		UPRN: MustParseUPRN("100023336956"), Grid: GridPoint{530047, 179951}}
	if err := a.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"lines":["10 Downing Street"],"town":"London","postcode":"SW1A 2AA","uprn":"100023336956","grid":{"easting":530047,"northing":179951}}`
	if string(b) != want {
		t.Errorf("JSON = %s\nwant   %s", b, want)
	}
	var back Address
	if err := json.Unmarshal(b, &back); err != nil || back.UPRN != a.UPRN || back.Postcode != a.Postcode || back.Grid != a.Grid {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	v, _ := a.Value()
	var scanned Address
	if err := scanned.Scan(v); err != nil || scanned.Lines[0] != a.Lines[0] {
		t.Errorf("SQL round trip = %+v, %v", scanned, err)
	}
	err = Address{Lines: []string{" "}, Grid: GridPoint{-1, 5}}.Validate()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("lines", councilkit.CodeRequired) || !ve.Has("town", councilkit.CodeRequired) ||
		!ve.Has("postcode", councilkit.CodeRequired) || !ve.Has("grid", CodeInvalidCoordinates) {
		t.Errorf("Validate = %v", err)
	}
	// A BFPO address has no town.
	if err := (Address{Lines: []string{"Pte A Smith", "1 Unit"}, Postcode: MustParsePostcode("BFPO 57")}).Validate(); err != nil {
		t.Errorf("BFPO address: %v", err)
	}
}

// TestNoPersonalDataInLogs logs every personal value this package holds,
// directly, inside structs, and as the errors its parsers return, through
// both standard slog handlers, and checks that no unredacted value reaches
// the output.
func TestNoPersonalDataInLogs(t *testing.T) {
	secrets := []string{
		"AB123456C", "AB 12 34 56 C", "123456", // NINO and its digits
		"4010232137", "401 023 2137", "0232137", // NHS number
		"B801200005001", "801200005001", // UPN
		"Gwenllïan", "Ap Dafydd", // names
		"2012-03-07", "2012", // date of birth
		"CF10 1NS", "1NS", // full postcode, inward code
		"14 Heol y Frenhines",                   // address line
		"gwen.dafydd", "07700 900982", "900982", // contact
		"100023336956",                           // UPRN of the home
		"318512", "176148", "51.4816", "-3.1791", // home coordinates finer than 1 km
	}
	person := Person{GivenNames: "Gwenllïan", FamilyName: "Ap Dafydd", DateOfBirth: calendar.MustDate(2012, 3, 7),
		Contact: Contact{Email: "gwen.dafydd@example.com", Phone: "07700 900982"}}
	addr := Address{Lines: []string{"14 Heol y Frenhines"}, Town: "Caerdydd", Postcode: MustParsePostcode("CF10 1NS"),
		UPRN: MustParseUPRN("100023336956"), Grid: GridPoint{318512.4, 176148.7}, LatLon: LatLon{51.4816, -3.1791}}

	var errs []any
	for _, f := range []func() error{
		func() error { _, err := ParseNINO("AB123456E"); return err },
		func() error { _, err := ParseNINO("AB 12 34 56"); return err },
		func() error { _, err := ParseNHSNumber("4010232138"); return err },
		func() error { _, err := ParseUPN("A801200005001"); return err },
		func() error { _, err := ParsePostcode("CF10 1NSX"); return err },
		func() error { return person.Validate(calendar.MustDate(2000, 1, 1)) },
		func() error { var n NINO; return json.Unmarshal([]byte(`"AB123456E"`), &n) },
	} {
		err := f()
		if err == nil {
			t.Fatal("expected an error")
		}
		errs = append(errs, err)
	}

	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
		log := slog.New(h)
		log.Info("resident", "person", person, "address", addr, "nino", MustParseNINO("AB123456C"),
			"nhs", MustParseNHSNumber("4010232137"), "upn", MustParseUPN("B801200005001"),
			"postcode", addr.Postcode, "grid", addr.Grid, "latlon", addr.LatLon, "contact", person.Contact,
			"candidate", CandidateOf(person, addr), "match", MatchPeople(CandidateOf(person, addr), CandidateOf(person, addr)))
		log.Info("pointers", "person", &person, "address", &addr)
		log.Info("nested", slog.Group("claim", "applicant", person, "home", addr))
		log.Info("errors", "errs", errs)
		for _, err := range errs {
			log.Error("parse failed", "err", err)
		}
	}
	out := buf.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("log output contains %q:\n%s", s, out)
		}
	}
	// And the redacted forms are there, so the test is looking at real output.
	for _, s := range []string{"AB******C", "*******137", "B************", "CF10 1**", "G***", "***@example.com"} {
		if !strings.Contains(out, s) {
			t.Errorf("log output lacks %q", s)
		}
	}
}

// FuzzNameKey checks that every key is a fixed point, is tidy, and does not
// depend on case. Its seed corpus (testdata/fuzz/FuzzNameKey) holds the
// Cherokee spellings that once broke the first property (issue 15,
// finding 5) and the other case-folding neighbours of TestNameKeyFolding.
func FuzzNameKey(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		k := NameKey(s)
		if again := NameKey(k); again != k {
			t.Fatalf("NameKey not idempotent: %q -> %q -> %q", s, k, again)
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("NameKey(%q) = %q has stray spaces", s, k)
		}
		if utf8.ValidString(s) && NameKey(strings.ToUpper(s)) != NameKey(strings.ToLower(s)) {
			t.Fatalf("NameKey(%q) depends on case: upper %q, lower %q", s, NameKey(strings.ToUpper(s)), NameKey(strings.ToLower(s)))
		}
	})
}

func BenchmarkNameKey(b *testing.B) {
	b.Run("ascii", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = NameKey("Sian O'Brien-Jones")
		}
	})
	b.Run("unicode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = NameKey("Siân O’Brien-Jones")
		}
	})
}
