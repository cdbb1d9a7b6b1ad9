package identity

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Limits on free text, generous enough for any real name or address line
// (the GOV.UK Design System suggests no maximum below 35 characters for a
// name; the longest Royal Mail address line is 60).
const (
	MaxNameLength        = 100
	MaxAddressLineLength = 100
	MaxAddressLines      = 5
	MaxEmailLength       = 254 // RFC 5321 path limit
)

// Address is a postal address in the United Kingdom, as the resident entered
// it or an address lookup returned it.
//
// UPRN, Grid and LatLon are optional: their zero values mean "not known".
// An Address is personal data: it logs through slog as its postcode sector
// only. Every fmt verb (%v, %+v, %#v, %s) prints it in full: the lines,
// town, postcode, UPRN and coordinates; so do MarshalJSON and Value. Log
// the Address itself (see "Printing and logging personal data" in the
// package documentation).
type Address struct {
	Lines    []string  `json:"lines"`
	Town     string    `json:"town"`
	Postcode Postcode  `json:"postcode"`
	UPRN     UPRN      `json:"uprn,omitzero"`
	Grid     GridPoint `json:"grid,omitzero"`
	LatLon   LatLon    `json:"lat_lon,omitzero"`
}

// Validate returns a *councilkit.ValidationError listing every problem with
// a, or nil. Field names are a's JSON names ("lines[0]", "postcode").
func (a Address) Validate() error {
	var ps councilkit.Problems
	lines := 0
	for i, l := range a.Lines {
		field := councilkit.IndexField("lines", i)
		if strings.TrimSpace(l) != "" {
			lines++
		}
		checkText(&ps, field, l, MaxAddressLineLength)
	}
	switch {
	case lines == 0:
		ps.Add("lines", councilkit.CodeRequired, text("lines.required"))
	case len(a.Lines) > MaxAddressLines:
		ps.Add("lines", councilkit.CodeTooLarge, text("lines.too_many", "max", strconv.Itoa(MaxAddressLines)))
	}
	if strings.TrimSpace(a.Town) == "" && !a.Postcode.IsBFPO() {
		ps.Add("town", councilkit.CodeRequired, text("town.required"))
	} else {
		checkText(&ps, "town", a.Town, MaxAddressLineLength)
	}
	if a.Postcode.IsZero() {
		ps.Add("postcode", councilkit.CodeRequired, text("postcode.required"))
	}
	if !a.Grid.IsZero() && !a.Grid.Valid() {
		ps.Add("grid", CodeInvalidCoordinates, coordinatesText)
	}
	if !a.LatLon.IsZero() && !a.LatLon.Valid() {
		ps.Add("lat_lon", CodeInvalidCoordinates, coordinatesText)
	}
	return ps.Err()
}

// checkText records a problem if s is too long or holds control characters.
func checkText(ps *councilkit.Problems, field, s string, max int) {
	if !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
		ps.Add(field, councilkit.CodeInvalid, text("text.special_characters"))
		return
	}
	if utf8.RuneCountInString(s) > max {
		ps.Add(field, councilkit.CodeTooLong, councilkit.TooLongText(max))
	}
}

// LogValue implements slog.LogValuer: the postcode sector and the number of
// lines, nothing that locates the home.
func (a Address) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("postcode", a.Postcode.Redacted()),
		slog.Int("lines", len(a.Lines)),
		slog.Bool("uprn_known", !a.UPRN.IsZero()),
	)
}

// Value implements driver.Valuer: the address as JSON, for a jsonb column.
func (a Address) Value() (driver.Value, error) { return jsonValue(a) }

// Scan implements sql.Scanner for a json or jsonb column.
func (a *Address) Scan(src any) error { *a = Address{}; return scanJSON(src, a) }

// Contact is how to reach a resident. Either field may be empty. It logs
// through slog redacted ("***@example.com", the last digits of the phone);
// every fmt verb and encoding/json print it in full.
type Contact struct {
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Validate checks that the email address has the shape local@domain with a
// dot in the domain and that the phone number is 10 to 15 digits, optionally
// written with a leading +, spaces, hyphens and brackets. It returns a
// *councilkit.ValidationError or nil.
func (c Contact) Validate() error {
	var ps councilkit.Problems
	if c.Email != "" && !validEmail(c.Email) {
		ps.Add("email", councilkit.CodeInvalidEmail, text("email.invalid"))
	}
	if c.Phone != "" && !validPhone(c.Phone) {
		ps.Add("phone", CodeInvalidPhone, phoneText)
	}
	return ps.Err()
}

func validEmail(s string) bool {
	if len(s) > MaxEmailLength || strings.ContainsAny(s, " \t\r\n<>(),;:\"[]\\") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return false
	}
	return true
}

func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 10 && digits <= 15
}

// Redacted returns the contact with the email's local part and all but the
// last two digits of the phone number hidden.
func (c Contact) Redacted() Contact {
	var r Contact
	if c.Email != "" {
		if _, domain, ok := strings.Cut(c.Email, "@"); ok {
			r.Email = "***@" + domain
		} else {
			r.Email = "***"
		}
	}
	if c.Phone != "" {
		var last []byte
		for i := len(c.Phone) - 1; i >= 0 && len(last) < 2; i-- {
			if isDigit(c.Phone[i]) {
				last = append([]byte{c.Phone[i]}, last...)
			}
		}
		r.Phone = "********" + string(last)
	}
	return r
}

// LogValue implements slog.LogValuer: the redacted contact.
func (c Contact) LogValue() slog.Value {
	r := c.Redacted()
	return slog.GroupValue(slog.String("email", r.Email), slog.String("phone", r.Phone))
}

// Person is a resident as they describe themselves. Names are kept exactly
// as entered, for display and for letters; compare them with NameKey or
// MatchPeople, never with ==.
//
// A Person is personal data: it logs through slog with names reduced to
// initials, the date of birth hidden and the contact details redacted.
// Every fmt verb (%v, %+v, %#v, %s) prints it in full, names, date of
// birth, email address and phone number included, as does encoding/json.
// Log the Person itself, never FullName or the fields (see "Printing and
// logging personal data" in the package documentation).
type Person struct {
	GivenNames  string        `json:"given_names"`
	FamilyName  string        `json:"family_name"`
	DateOfBirth calendar.Date `json:"date_of_birth"`
	Contact     Contact       `json:"contact,omitzero"`
}

// FullName returns the given names and family name separated by a space, as
// entered.
func (p Person) FullName() string {
	return strings.TrimSpace(strings.TrimSpace(p.GivenNames) + " " + strings.TrimSpace(p.FamilyName))
}

// Validate returns a *councilkit.ValidationError listing every problem with
// p, or nil: names required and of sensible length, date of birth required
// and not after today, contact details well formed.
func (p Person) Validate(today calendar.Date) error {
	var ps councilkit.Problems
	if strings.TrimSpace(p.GivenNames) == "" {
		ps.Add("given_names", councilkit.CodeRequired, text("given_names.required"))
	} else {
		checkText(&ps, "given_names", p.GivenNames, MaxNameLength)
	}
	if strings.TrimSpace(p.FamilyName) == "" {
		ps.Add("family_name", councilkit.CodeRequired, text("family_name.required"))
	} else {
		checkText(&ps, "family_name", p.FamilyName, MaxNameLength)
	}
	switch {
	case p.DateOfBirth.IsZero():
		ps.Add("date_of_birth", councilkit.CodeRequired, text("date_of_birth.required"))
	case !today.IsZero() && p.DateOfBirth.After(today):
		ps.Add("date_of_birth", councilkit.CodeInFuture, text("date_of_birth.in_future"))
	}
	ps.Merge("contact", p.Contact.Validate(), councilkit.InvalidText())
	return ps.Err()
}

// LogValue implements slog.LogValuer: initials only, no date of birth.
func (p Person) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("given_names", initial(p.GivenNames)),
		slog.String("family_name", initial(p.FamilyName)),
		slog.Bool("date_of_birth_known", !p.DateOfBirth.IsZero()),
		slog.Any("contact", p.Contact),
	)
}

// initial returns the first letter of s followed by "***", or "".
func initial(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(s)
	return string(r) + "***"
}

// Value implements driver.Valuer: the person as JSON, for a jsonb column.
func (p Person) Value() (driver.Value, error) { return jsonValue(p) }

// Scan implements sql.Scanner for a json or jsonb column.
func (p *Person) Scan(src any) error { *p = Person{}; return scanJSON(src, p) }

func jsonValue(v any) (driver.Value, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

var errScanJSON = errors.New("identity: cannot scan a non-JSON column value")

func scanJSON(src any, v any) error {
	var b []byte
	switch s := src.(type) {
	case string:
		b = []byte(s)
	case []byte:
		b = s
	case nil:
		b = []byte("null")
	default:
		return errScanJSON
	}
	if string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, v)
}
