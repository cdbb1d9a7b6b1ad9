package identity

import (
	"database/sql/driver"
	"log/slog"
)

// Postcode is a United Kingdom postcode in its canonical form: upper case,
// outward code and inward code separated by one space, such as "SW1A 1AA".
//
// Besides geographic postcodes, three documented special cases parse: the
// Girobank postcode GIR 0AA, British Forces Post Office numbers written
// "BFPO 1234", and the UK-format postcodes of the British Overseas
// Territories (ASCN 1ZZ, BBND 1ZZ, BIQQ 1ZZ, FIQQ 1ZZ, GX11 1AA, PCRN 1ZZ,
// SIQQ 1ZZ, STHL 1ZZ, TDCU 1ZZ, TKCA 1ZZ).
//
// The zero Postcode means "not known". Compare Postcodes with ==. A full
// postcode narrows an address to a handful of households, so a Postcode
// logs through slog to its sector only ("SW1A 1**").
//
// Printing: slog redacts it (see "Printing and logging personal data" in
// the package documentation), but String, %s, %v, %+v and %q print the
// full postcode, %#v shows its characters as bytes, and MarshalText, MarshalJSON
// and Value give it in full for storage. Log the Postcode itself, never the
// result of String.
type Postcode struct {
	// c holds the postcode without its space, upper case, padded with
	// zero bytes ("SW1A1AA\x00"); all zero for the zero Postcode. An
	// array, not a string, so that parsing any accepted spelling needs no
	// allocation. The space goes before the last three characters, or
	// after "BFPO".
	c [8]byte
}

// Letter classes of the BS 7666 postcode pattern, as published in the UK
// Government Data Standards Catalogue (Postcode, version 2.1) and Royal Mail's
// Programmers' Guide to the PAF.
var (
	pcFirst    = letterSetNot("QVX")          // position 1: never Q, V, X
	pcSecond   = letterSetNot("IJZ")          // position 2: never I, J, Z
	pcThird    = letterSet("ABCDEFGHJKPSTUW") // letter at position 3 (A9A)
	pcFourth   = letterSet("ABEHMNPRVWXY")    // letter at position 4 (AA9A)
	pcInward   = letterSetNot("CIKMOV")       // the two inward letters
	pcOverseas = []string{                    // overseas territories, outward codes with inward 1ZZ
		"ASCN", // Ascension Island
		"BBND", // British Indian Ocean Territory
		"BIQQ", // British Antarctic Territory
		"FIQQ", // Falkland Islands
		"PCRN", // Pitcairn Islands
		"SIQQ", // South Georgia and the South Sandwich Islands
		"STHL", // Saint Helena
		"TDCU", // Tristan da Cunha
		"TKCA", // Turks and Caicos Islands
	}
)

func letterSetNot(s string) [26]bool {
	set := letterSet(s)
	for i := range set {
		set[i] = !set[i]
	}
	return set
}

// ParsePostcode parses a UK postcode. Case and spaces (and tabs) are ignored,
// so "sw1a1aa" and " SW1A  1AA " both give "SW1A 1AA". The outward code must
// have one of the six BS 7666 shapes (A9, A99, AA9, AA99, A9A, AA9A, with
// A a letter of the position's class and 9 a digit) and the inward code a
// digit and two letters other than C, I, K, M, O and V. The pattern says a
// postcode could exist; only Royal Mail's Postcode Address File says it
// does.
//
// A valid postcode parses without allocating, whatever its spelling.
func ParsePostcode(s string) (Postcode, error) {
	var b [8]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		if n == len(b) {
			return Postcode{}, postcodeKind.error("too long")
		}
		b[n] = c
		n++
	}
	if n == 0 {
		return Postcode{}, postcodeKind.error("empty")
	}
	c := b[:n]
	if n > 4 && string(c[:4]) == "BFPO" {
		// British Forces Post Office: "BFPO" and a number of one to four
		// digits (BFPO, "Addressing mail to BFPO").
		for _, d := range c[4:] {
			if !isDigit(d) {
				return Postcode{}, postcodeKind.error("BFPO number is not digits")
			}
		}
	} else if reason := checkPostcode(c); reason != "" {
		return Postcode{}, postcodeKind.error(reason)
	}
	return Postcode{c: b}, nil
}

// MustParsePostcode is ParsePostcode for constants in tests and examples; it
// panics on an invalid postcode.
func MustParsePostcode(s string) Postcode {
	p, err := ParsePostcode(s)
	if err != nil {
		panic(err)
	}
	return p
}

// checkPostcode checks a compact upper-case postcode (no space) and returns
// why it is not one, or "".
func checkPostcode(c []byte) string {
	n := len(c)
	if n < 5 || n > 7 {
		return "wrong length"
	}
	out, in := c[:n-3], c[n-3:]
	if !isDigit(in[0]) || !isUpper(in[1]) || !isUpper(in[2]) || !pcInward[in[1]-'A'] || !pcInward[in[2]-'A'] {
		return "inward code is not a digit and two letters"
	}
	if string(out) == "GIR" && string(in) == "0AA" {
		return "" // Girobank, now Santander (BS 7666 special case)
	}
	if len(out) == 4 && string(in) == "1ZZ" {
		for _, o := range pcOverseas {
			if string(out) == o {
				return ""
			}
		}
	}
	if !isUpper(out[0]) || !pcFirst[out[0]-'A'] {
		return "outward code does not start with a postcode area letter"
	}
	ok := false
	switch len(out) {
	case 2: // A9
		ok = isDigit(out[1])
	case 3: // A99, AA9, A9A
		switch {
		case isDigit(out[1]) && isDigit(out[2]):
			ok = true
		case isUpper(out[1]) && isDigit(out[2]):
			ok = pcSecond[out[1]-'A']
		case isDigit(out[1]) && isUpper(out[2]):
			ok = pcThird[out[2]-'A']
		}
	case 4: // AA99, AA9A
		if isUpper(out[1]) && pcSecond[out[1]-'A'] && isDigit(out[2]) {
			switch {
			case isDigit(out[3]):
				ok = true
			case isUpper(out[3]):
				ok = pcFourth[out[3]-'A']
			}
		}
	}
	if !ok {
		return "outward code does not have a postcode shape"
	}
	return ""
}

// len returns the number of characters, not counting the space.
func (p Postcode) len() int {
	n := 0
	for n < len(p.c) && p.c[n] != 0 {
		n++
	}
	return n
}

// split returns where the inward code starts in p.c, and the length.
func (p Postcode) split() (in, n int) {
	n = p.len()
	if n > 4 && string(p.c[:4]) == "BFPO" {
		return 4, n
	}
	return max(n-3, 0), n
}

// AppendText implements encoding.TextAppender: it appends the canonical
// form, "SW1A 1AA", to dst (nothing for the zero Postcode).
func (p Postcode) AppendText(dst []byte) ([]byte, error) {
	in, n := p.split()
	if n == 0 {
		return dst, nil
	}
	dst = append(dst, p.c[:in]...)
	dst = append(dst, ' ')
	return append(dst, p.c[in:n]...), nil
}

// String returns the canonical form, "SW1A 1AA", or "" for the zero
// Postcode.
func (p Postcode) String() string {
	if p.IsZero() {
		return ""
	}
	var buf [9]byte
	b, _ := p.AppendText(buf[:0])
	return string(b)
}

// IsZero reports whether p is the zero Postcode.
func (p Postcode) IsZero() bool { return p.c == [8]byte{} }

// Outward returns the outward code, the part before the space: "SW1A" for
// SW1A 1AA, "BFPO" for BFPO 1234.
func (p Postcode) Outward() string {
	in, _ := p.split()
	return string(p.c[:in])
}

// Inward returns the inward code, the part after the space: "1AA" for
// SW1A 1AA, "1234" for BFPO 1234.
func (p Postcode) Inward() string {
	in, n := p.split()
	return string(p.c[in:n])
}

// Area returns the postcode area, the letters the outward code starts with:
// "SW" for SW1A 1AA, "B" for B1 1AA. For the special cases it is the letters
// of the outward code: "GIR", "BFPO", "STHL", "GX".
func (p Postcode) Area() string {
	in, _ := p.split()
	i := 0
	for i < in && isUpper(p.c[i]) {
		i++
	}
	return string(p.c[:i])
}

// District returns the postcode district. Royal Mail and the ONS Postcode
// Directory name a district by the whole outward code, so District is the
// same string as Outward: "SW1A" for SW1A 1AA (a subdivision of the
// London district SW1), "M1" for M1 1AE.
func (p Postcode) District() string { return p.Outward() }

// Sector returns the postcode sector, the outward code and the digit of the
// inward code: "SW1A 1" for SW1A 1AA. It is "" for a BFPO number.
func (p Postcode) Sector() string {
	if p.IsBFPO() || p.IsZero() {
		return ""
	}
	in, _ := p.split()
	var buf [8]byte
	b := append(buf[:0], p.c[:in]...)
	b = append(b, ' ', p.c[in])
	return string(b)
}

// IsBFPO reports whether p is a British Forces Post Office number.
func (p Postcode) IsBFPO() bool { return string(p.c[:4]) == "BFPO" && p.c[4] != 0 }

// IsOverseasTerritory reports whether p is the postcode of a British
// Overseas Territory (Gibraltar's GX11 1AA included).
func (p Postcode) IsOverseasTerritory() bool {
	if string(p.c[:]) == "GX111AA\x00" {
		return true
	}
	if p.len() == 7 && string(p.c[4:7]) == "1ZZ" {
		for _, o := range pcOverseas {
			if string(p.c[:4]) == o {
				return true
			}
		}
	}
	return false
}

// Redacted returns the sector followed by stars, "SW1A 1**", or "BFPO ****".
func (p Postcode) Redacted() string {
	switch {
	case p.IsZero():
		return ""
	case p.IsBFPO():
		return "BFPO ****"
	}
	return p.Sector() + "**"
}

// LogValue implements slog.LogValuer: the redacted form.
func (p Postcode) LogValue() slog.Value { return slog.StringValue(p.Redacted()) }

// MarshalText implements encoding.TextMarshaler: the canonical form.
func (p Postcode) MarshalText() ([]byte, error) { return p.AppendText(make([]byte, 0, 9)) }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// Postcode.
func (p *Postcode) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Postcode{}
		return nil
	}
	v, err := ParsePostcode(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// MarshalJSON encodes the canonical form as a JSON string, or null for the
// zero Postcode.
func (p Postcode) MarshalJSON() ([]byte, error) { return marshalJSONText(p, 9) }

// UnmarshalJSON decodes a JSON string or null.
func (p *Postcode) UnmarshalJSON(b []byte) error {
	s, err := unmarshalJSONString(b, postcodeKind)
	if err != nil {
		return err
	}
	return p.UnmarshalText([]byte(s))
}

// Value implements driver.Valuer: the canonical form, or NULL for the zero
// Postcode.
func (p Postcode) Value() (driver.Value, error) { return nullString(p.String()), nil }

// Scan implements sql.Scanner for text columns; NULL is the zero Postcode.
func (p *Postcode) Scan(src any) error {
	s, err := scanString(src, postcodeKind)
	if err != nil {
		return err
	}
	return p.UnmarshalText([]byte(s))
}

// PostcodePattern is a regular expression (RE2 syntax, so usable with Go's
// regexp and in PostgreSQL and JavaScript) that matches exactly the
// canonical postcodes ParsePostcode returns: the BS 7666 shapes with every
// letter class written out, GIR 0AA, BFPO numbers and the overseas
// territories. Unlike the pattern widely copied from the Government Data
// Standards Catalogue, the anchors apply to every alternative, so no
// alternative can match a fragment of a longer string. Use it for a
// database CHECK constraint on stored canonical postcodes; to accept what
// residents type, use ParsePostcode, which also normalises case and spacing.
const PostcodePattern = `^(?:` +
	`(?:` +
	`[ABCDEFGHIJKLMNOPRSTUWYZ][0-9]{1,2}` + // A9, A99
	`|[ABCDEFGHIJKLMNOPRSTUWYZ][ABCDEFGHKLMNOPQRSTUVWXY][0-9]{1,2}` + // AA9, AA99
	`|[ABCDEFGHIJKLMNOPRSTUWYZ][0-9][ABCDEFGHJKPSTUW]` + // A9A
	`|[ABCDEFGHIJKLMNOPRSTUWYZ][ABCDEFGHKLMNOPQRSTUVWXY][0-9][ABEHMNPRVWXY]` + // AA9A
	`) [0-9][ABDEFGHJLNPQRSTUWXYZ]{2}` +
	`|GIR 0AA` +
	`|BFPO [0-9]{1,4}` +
	`|(?:ASCN|BBND|BIQQ|FIQQ|PCRN|SIQQ|STHL|TDCU|TKCA) 1ZZ` +
	`)$`
