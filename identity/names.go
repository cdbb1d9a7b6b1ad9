package identity

import (
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enum"
)

// NameKey returns a key for comparing a name, not for showing it: two
// spellings of one name that differ only in case, Unicode form (composed or
// decomposed accents), accents and diacritics (Siân, Sian; Dŵr, Dwr;
// Zoë, Zoe), apostrophes (O'Brien, O’Brien, OBrien), hyphens and dashes
// (Smith-Jones, Smith Jones) or extra spaces get the same key.
//
// The key is lower case ASCII letters and digits where the name allows,
// words separated by single spaces. Letters with no decomposition are
// transliterated as in common UK practice (ß→ss, æ→ae, ø→o, ł→l, đ/ð→d,
// þ→th, œ→oe); other scripts are kept, case folded and then lower-cased
// (so Cherokee ᎠᎴ and ꭰꮄ, which Unicode folds to upper case, get one key).
// Compatibility characters are replaced by what they stand for (ﬁ→fi,
// ①→1).
//
// The key is a fixed point: NameKey(NameKey(s)) == NameKey(s) for every
// string s, valid UTF-8 or not, so a key stored once can be compared with
// one computed later from the key or from the name. NameKey never changes
// the name that is displayed: keep that as the resident entered it.
func NameKey(name string) string {
	// Decompose so that accents become separate combining marks, then fold
	// case with the Unicode full case folding (which also turns ß to ss).
	var s string
	if isASCII(name) {
		// Plain ASCII needs neither normalisation nor full case folding.
		s = strings.ToLower(name)
	} else {
		// Invalid UTF-8 is dropped first: it would stop the normaliser
		// from decomposing the character that follows it.
		s = cases.Fold().String(norm.NFKD.String(strings.ToValidUTF8(name, "")))
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		keep := false
		switch {
		case r < utf8.RuneSelf:
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				keep = true
			case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '.' || r == ',' || r == '_':
				space = b.Len() > 0
			}
			// Apostrophes and other ASCII punctuation are dropped.
		case unicode.Is(unicode.Mn, r), isApostrophe(r):
			// A combining accent, or an apostrophe: O'Brien and OBrien
			// are one name.
		case unicode.Is(unicode.Pd, r) || unicode.IsSpace(r):
			space = b.Len() > 0
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			keep = true
		}
		if !keep {
			continue // other punctuation and symbols carry no identity
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r >= utf8.RuneSelf {
			// cases.Fold maps Cherokee lower case to upper case and
			// upper case to lower case (x/text v0.43.0), so its result
			// is not a fixed point: lower-casing what it gives makes
			// both spellings, and the key itself, fold to one key.
			r = unicode.ToLower(r)
			if t, ok := transliterations[r]; ok {
				b.WriteString(t)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '´', '‘', '’', 'ʼ', 'ʻ', '′':
		return true
	}
	return false
}

// transliterations covers the Latin letters that do not decompose into a
// base letter and an accent, after case folding.
var transliterations = map[rune]string{
	'æ': "ae", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'œ': "oe", 'ı': "i", 'ħ': "h", 'ŧ': "t",
}

// nameWords returns the words of a name's key.
func nameWords(name string) []string { return strings.Fields(NameKey(name)) }

// Candidate is what a person match compares: names as entered, date of
// birth and postcode. Build one from a Person and their Address with
// CandidateOf, or fill it from another system's record.
//
// A Candidate is personal data: it logs through slog as initials, whether
// the date of birth is known and the postcode sector; every fmt verb and
// encoding/json print the names, date of birth and postcode in full.
type Candidate struct {
	GivenNames  string
	FamilyName  string
	DateOfBirth calendar.Date
	Postcode    Postcode
}

// CandidateOf returns the Candidate for a person living at an address.
func CandidateOf(p Person, a Address) Candidate {
	return Candidate{GivenNames: p.GivenNames, FamilyName: p.FamilyName, DateOfBirth: p.DateOfBirth, Postcode: a.Postcode}
}

// LogValue implements slog.LogValuer: initials and the postcode sector only.
func (c Candidate) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("given_names", initial(c.GivenNames)),
		slog.String("family_name", initial(c.FamilyName)),
		slog.Bool("date_of_birth_known", !c.DateOfBirth.IsZero()),
		slog.String("postcode", c.Postcode.Redacted()),
	)
}

// Outcome is how one field of two records compared.
type Outcome uint8

// Outcomes. The list is append-only: values are never renumbered.
const (
	// Unknown: the field is missing from one record or both.
	Unknown Outcome = iota
	// Agree: the field is the same, after normalisation.
	Agree
	// Partial: the field is close in a way a clerk would accept with other
	// evidence (a first given name only, an initial, one part of a
	// double-barrelled name, day and month transposed, the same postcode
	// sector).
	Partial
	// Disagree: the field differs.
	Disagree
)

var outcomeNames = [...]string{Unknown: "unknown", Agree: "agree", Partial: "partial", Disagree: "disagree"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// MarshalText implements encoding.TextMarshaler: "agree", "partial" …, and
// "unknown" for the zero Outcome; an undefined outcome is an error.
func (o Outcome) MarshalText() ([]byte, error) {
	return enum.Marshal(outcomeNames[:], o, "identity", "Outcome")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (o *Outcome) UnmarshalText(b []byte) error {
	for i, n := range outcomeNames {
		if n == string(b) {
			*o = Outcome(i)
			return nil
		}
	}
	return errors.New("identity: unknown match outcome")
}

// FieldMatch is the comparison of one field.
type FieldMatch struct {
	// Field is the field's JSON name: "family_name", "given_names",
	// "date_of_birth", "postcode".
	Field   string  `json:"field"`
	Outcome Outcome `json:"outcome"`
	// Reason explains the outcome in English without repeating either
	// value: "first given name agrees", "day and month transposed".
	Reason string `json:"reason"`
}

// MatchLevel summarises a match. The list is append-only.
type MatchLevel uint8

// Match levels, from weakest to strongest.
const (
	// NoMatch: not enough agrees to say these are one person.
	NoMatch MatchLevel = iota
	// PossibleMatch: family name and date of birth agree or nearly agree,
	// or names agree and the postcode agrees, but something is missing or
	// different: a person should look.
	PossibleMatch
	// StrongMatch: family name and date of birth agree, given names agree
	// at least partly, and the postcode does not disagree.
	StrongMatch
	// ExactMatch: every field agrees.
	ExactMatch
)

var levelNames = [...]string{NoMatch: "none", PossibleMatch: "possible", StrongMatch: "strong", ExactMatch: "exact"}

func (l MatchLevel) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "level(" + strconv.Itoa(int(l)) + ")"
}

// MarshalText implements encoding.TextMarshaler: "exact", "strong" …, and
// "none" for NoMatch; an undefined level is an error.
func (l MatchLevel) MarshalText() ([]byte, error) {
	return enum.Marshal(levelNames[:], l, "identity", "MatchLevel")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (l *MatchLevel) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if n == string(b) {
			*l = MatchLevel(i)
			return nil
		}
	}
	return errors.New("identity: unknown match level")
}

// MatchResult explains a person match: the outcome for each field, and the
// level they add up to. It holds no personal data and is safe to log and to
// show to the clerk who decides.
type MatchResult struct {
	Level      MatchLevel `json:"level"`
	FamilyName FieldMatch `json:"family_name"`
	GivenNames FieldMatch `json:"given_names"`
	DOB        FieldMatch `json:"date_of_birth"`
	Postcode   FieldMatch `json:"postcode"`
}

// Fields returns the four field comparisons in a fixed order.
func (m MatchResult) Fields() []FieldMatch {
	return []FieldMatch{m.FamilyName, m.GivenNames, m.DOB, m.Postcode}
}

// Agreed returns the names of the fields that agree fully.
func (m MatchResult) Agreed() []string {
	var out []string
	for _, f := range m.Fields() {
		if f.Outcome == Agree {
			out = append(out, f.Field)
		}
	}
	return out
}

// LogValue implements slog.LogValuer.
func (m MatchResult) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("level", m.Level.String())}
	for _, f := range m.Fields() {
		attrs = append(attrs, slog.String(f.Field, f.Outcome.String()))
	}
	return slog.GroupValue(attrs...)
}

// MatchPeople compares two records of a person, as a council does when it
// links a resident to a benefits, school or council tax record, and says
// which fields agree and how strongly the whole matches. Names compare by
// NameKey, so case, accents, apostrophes, hyphens and spacing do not count
// against a match.
//
// The levels are a starting point, not a decision: a match below
// ExactMatch should be confirmed by a person or by further evidence before
// records are linked.
func MatchPeople(a, b Candidate) MatchResult {
	m := MatchResult{
		FamilyName: matchFamilyName(a.FamilyName, b.FamilyName),
		GivenNames: matchGivenNames(a.GivenNames, b.GivenNames),
		DOB:        matchDOB(a.DateOfBirth, b.DateOfBirth),
		Postcode:   matchPostcode(a.Postcode, b.Postcode),
	}
	ok := func(o Outcome) bool { return o == Agree || o == Partial }
	fam, giv, dob, pc := m.FamilyName.Outcome, m.GivenNames.Outcome, m.DOB.Outcome, m.Postcode.Outcome
	switch {
	case fam == Agree && giv == Agree && dob == Agree && pc == Agree:
		m.Level = ExactMatch
	case fam == Agree && dob == Agree && ok(giv) && pc != Disagree:
		m.Level = StrongMatch
	case ok(fam) && ok(dob) && giv != Disagree,
		ok(fam) && ok(giv) && dob != Disagree && pc == Agree,
		fam == Agree && giv == Agree && dob == Agree:
		m.Level = PossibleMatch
	}
	return m
}

func matchFamilyName(a, b string) FieldMatch {
	f := FieldMatch{Field: "family_name"}
	wa, wb := nameWords(a), nameWords(b)
	switch {
	case len(wa) == 0 || len(wb) == 0:
		f.Outcome, f.Reason = Unknown, "missing from a record"
	case strings.Join(wa, "") == strings.Join(wb, ""):
		f.Outcome, f.Reason = Agree, "same name"
	case shareWord(wa, wb):
		f.Outcome, f.Reason = Partial, "one part of a multi-part family name agrees"
	default:
		f.Outcome, f.Reason = Disagree, "different names"
	}
	return f
}

func matchGivenNames(a, b string) FieldMatch {
	f := FieldMatch{Field: "given_names"}
	wa, wb := nameWords(a), nameWords(b)
	switch {
	case len(wa) == 0 || len(wb) == 0:
		f.Outcome, f.Reason = Unknown, "missing from a record"
	case strings.Join(wa, " ") == strings.Join(wb, " "):
		f.Outcome, f.Reason = Agree, "same names"
	case strings.Join(wa, "") == strings.Join(wb, ""):
		f.Outcome, f.Reason = Agree, "same names, spaced differently"
	case wa[0] == wb[0]:
		f.Outcome, f.Reason = Partial, "first given name agrees"
	case initialOf(wa[0], wb[0]):
		f.Outcome, f.Reason = Partial, "an initial agrees with a first given name"
	case shareWord(wa, wb):
		f.Outcome, f.Reason = Partial, "a given name agrees, in another position"
	default:
		f.Outcome, f.Reason = Disagree, "different names"
	}
	return f
}

// initialOf reports whether one word is a single letter that starts the
// other.
func initialOf(a, b string) bool {
	if len([]rune(a)) == 1 && strings.HasPrefix(b, a) {
		return true
	}
	return len([]rune(b)) == 1 && strings.HasPrefix(a, b)
}

func shareWord(a, b []string) bool {
	for _, x := range a {
		if len([]rune(x)) < 2 {
			continue
		}
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func matchDOB(a, b calendar.Date) FieldMatch {
	f := FieldMatch{Field: "date_of_birth"}
	switch {
	case a.IsZero() || b.IsZero():
		f.Outcome, f.Reason = Unknown, "missing from a record"
	case a == b:
		f.Outcome, f.Reason = Agree, "same date"
	case a.Year() == b.Year() && a.Day() == int(b.Month()) && int(a.Month()) == b.Day():
		f.Outcome, f.Reason = Partial, "day and month transposed"
	default:
		f.Outcome, f.Reason = Disagree, "different dates"
	}
	return f
}

func matchPostcode(a, b Postcode) FieldMatch {
	f := FieldMatch{Field: "postcode"}
	switch {
	case a.IsZero() || b.IsZero():
		f.Outcome, f.Reason = Unknown, "missing from a record"
	case a == b:
		f.Outcome, f.Reason = Agree, "same postcode"
	case a.Sector() != "" && a.Sector() == b.Sector():
		f.Outcome, f.Reason = Partial, "same postcode sector"
	default:
		f.Outcome, f.Reason = Disagree, "different postcodes"
	}
	return f
}
