package payments

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var failureCodePattern = regexp.MustCompile(`^P[0-9]{4}$`)

// FuzzParseFailureCode checks ParseFailureCode against the form GOV.UK Pay
// documents ("P" and four digits, API reference "Errors caused by payment
// statuses"): exactly those strings are kept, unchanged, so a code this
// package does not know yet is not lost.
func FuzzParseFailureCode(f *testing.F) {
	for _, s := range []string{"P0010", "P0050", "P9999", "p0010", "P001", "P00100", "P00a0", " P0010", "P０010", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseFailureCode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidStatus) || c != "" || failureCodePattern.MatchString(s) {
				t.Fatalf("ParseFailureCode(%q) = %q, %v", s, c, err)
			}
			// The input is quoted and cut to 30 bytes (at most 4 characters each
			// once quoted): a long or multi-line body
			// cannot flood or forge log lines.
			if len(err.Error()) > 200 || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error %q", err)
			}
			return
		}
		if string(c) != s || !failureCodePattern.MatchString(s) {
			t.Fatalf("ParseFailureCode(%q) = %q", s, c)
		}
		if again, err := ParseFailureCode(string(c)); err != nil || again != c {
			t.Fatalf("round trip of %q", c)
		}
		if c.Known() != c.Status().IsValid() {
			t.Fatalf("%s: Known %v but Status %v", c, c.Known(), c.Status())
		}
		if m := c.Message(); m.English == "" || m.Welsh == "" {
			t.Fatalf("%s has no message", c)
		}
	})
}

// asciiLower lower-cases ASCII letters only, an oracle independent of
// Unicode case mapping.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// FuzzParseRefundStatus checks that exactly GOV.UK Pay's three refund
// statuses parse ("Refunding payments": submitted, success, error), in any
// ASCII case and with surrounding space, and that every status round-trips
// through String, text and JSON.
func FuzzParseRefundStatus(f *testing.F) {
	for _, s := range []string{"submitted", "SUCCESS", " error ", "Error\n", "pending", "succes", "", "ſuccess", "success\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseRefundStatus(s)
		name := asciiLower(strings.TrimSpace(s))
		want := name == "submitted" || name == "success" || name == "error"
		if err != nil {
			if want || !errors.Is(err, ErrInvalidStatus) || st != RefundUnknown {
				t.Fatalf("ParseRefundStatus(%q) = %v, %v", s, st, err)
			}
			if len(err.Error()) > 200 || strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error %q", err)
			}
			return
		}
		if !want || st.String() != name {
			t.Fatalf("ParseRefundStatus(%q) = %v", s, st)
		}
		var fromText RefundStatus
		if b, _ := st.MarshalText(); fromText.UnmarshalText(b) != nil || fromText != st {
			t.Fatalf("text round trip of %v gave %v", st, fromText)
		}
		b, err := json.Marshal(struct{ S RefundStatus }{st})
		if err != nil {
			t.Fatal(err)
		}
		var back struct{ S RefundStatus }
		if err := json.Unmarshal(b, &back); err != nil || back.S != st {
			t.Fatalf("JSON round trip of %v via %s: %v, %v", st, b, back.S, err)
		}
	})
}

// checkAmountError checks an error from decoding an amount.
func checkAmountError(t *testing.T, input []byte, err error) {
	t.Helper()
	if !errors.Is(err, ErrInvalidAmount) && !errors.Is(err, ErrOverflow) {
		t.Fatalf("decoding %q: error %v matches no sentinel", input, err)
	}
	var ae *AmountError
	if errors.As(err, &ae) {
		if len(ae.Input) > 40 {
			t.Fatalf("AmountError.Input is %d bytes", len(ae.Input))
		}
		// Cutting the input short must not cut a character in two.
		if utf8.Valid(input) && !utf8.ValidString(ae.Input) {
			t.Fatalf("AmountError.Input %q of valid UTF-8 %q is not UTF-8", ae.Input, input)
		}
	}
}

// FuzzAmountUnmarshalJSON checks Amount's JSON form, an integer of pence
// (GOV.UK Pay's "amount"): a JSON integer in range decodes to exactly that
// many pence and re-encodes to a value that decodes the same; anything else
// is an error that leaves the amount as it was.
func FuzzAmountUnmarshalJSON(f *testing.F) {
	for _, s := range []string{"4500", "-1", "0", "-0", "null", "12.5", "1e3", `"1234"`, "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "+5", "007", " 5", "", "true"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		const before = 777
		a := Pence(before)
		err := a.UnmarshalJSON(b)
		if err != nil {
			checkAmountError(t, b, err)
			if a.Pence() != before {
				t.Fatalf("a failed decode of %q changed the amount to %v", b, a)
			}
			return
		}
		if string(b) == "null" {
			if a.Pence() != before {
				t.Fatalf("null changed the amount to %v", a)
			}
			return
		}
		// Only JSON is JSON: "+5" or "007" are not integers JSON allows.
		if !json.Valid(b) {
			t.Fatalf("UnmarshalJSON accepted %q, which is not JSON", b)
		}
		n, perr := strconv.ParseInt(string(b), 10, 64)
		if perr != nil || n != a.Pence() {
			t.Fatalf("UnmarshalJSON(%q) = %d pence, want %d (%v)", b, a.Pence(), n, perr)
		}
		out, err := a.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Amount
		if err := back.UnmarshalJSON(out); err != nil || back != a {
			t.Fatalf("round trip of %v via %s: %v, %v", a, out, back, err)
		}
		// encoding/json, which validates the text first, agrees.
		var viaJSON struct{ A Amount }
		if err := json.Unmarshal([]byte(`{"A":`+string(b)+`}`), &viaJSON); err != nil || viaJSON.A != a {
			t.Fatalf("json.Unmarshal of %q = %v, %v", b, viaJSON.A, err)
		}
	})
}

// FuzzAmountStringUnmarshalJSON checks AmountString's JSON form, a string
// of pounds: it decodes exactly what ParseAmount reads from the string, and
// re-encodes to a string that decodes the same; anything else is an error
// that leaves the amount as it was.
func FuzzAmountStringUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"1234.56"`, `"£1,234.56"`, `"-0.01"`, `"12.345"`, `"1e3"`, `1234`, `null`, `""`, `"\u00a31"`, `"92233720368547758.08"`, `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		before := AmountString(Pence(777))
		s := before
		err := s.UnmarshalJSON(b)
		if err != nil {
			checkAmountError(t, b, err)
			if s != before {
				t.Fatalf("a failed decode of %q changed the amount to %v", b, s)
			}
			return
		}
		if string(b) == "null" {
			if s != before {
				t.Fatalf("null changed the amount to %v", s)
			}
			return
		}
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			t.Fatalf("accepted %q, which is not a JSON string", b)
		}
		if want, err := ParseAmount(str); err != nil || Amount(s) != want {
			t.Fatalf("UnmarshalJSON(%q) = %v; ParseAmount(%q) = %v, %v", b, s, str, want, err)
		}
		out, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if want := `"` + Amount(s).Plain() + `"`; string(out) != want {
			t.Fatalf("MarshalJSON = %s, want %s", out, want)
		}
		var back AmountString
		if err := back.UnmarshalJSON(out); err != nil || back != s {
			t.Fatalf("round trip of %v via %s: %v, %v", s, out, back, err)
		}
	})
}

// FuzzMetadataValueUnmarshalJSON checks a metadata value's JSON form: a
// string, number or boolean, as GOV.UK Pay allows, is kept with its type
// (a number as its exact decimal text, never a float) and re-encodes to
// JSON that decodes to the same value; null, objects, arrays and invalid
// JSON are errors that leave the value as it was.
func FuzzMetadataValueUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`"CT-2026"`, `42`, `-0.5`, `1e400`, `12345678901234567890123`, `true`, `false`, `null`, `{}`, `[1]`, `"\ud800"`, `"a\u0000b"`,
		` "padded" `, `01`, `-`, `tru`, `"unterminated`, `""`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		before := MetadataString("unchanged")
		v := before
		err := v.UnmarshalJSON(b)
		trimmed := bytes.TrimSpace(b)
		if err != nil {
			if v != before {
				t.Fatalf("a failed decode of %q changed the value to %#v", b, v)
			}
			if json.Valid(trimmed) && (trimmed[0] == '"' || trimmed[0] == '-' || trimmed[0] >= '0' && trimmed[0] <= '9' || string(trimmed) == "true" || string(trimmed) == "false") {
				t.Fatalf("refused the JSON scalar %q: %v", b, err)
			}
			return
		}
		if !json.Valid(trimmed) {
			t.Fatalf("accepted %q, which is not JSON", b)
		}
		kinds := 0
		for _, k := range []bool{v.IsString(), v.IsNumber(), v.IsBool()} {
			if k {
				kinds++
			}
		}
		if kinds != 1 {
			t.Fatalf("%q decoded to a value of %d types", b, kinds)
		}
		switch {
		case v.IsString():
			var s string
			if json.Unmarshal(trimmed, &s) != nil || s != v.String() {
				t.Fatalf("%q decoded to %q, want %q", b, v.String(), s)
			}
		case v.IsNumber():
			if v.String() != string(trimmed) {
				t.Fatalf("number %q kept as %q", b, v.String())
			}
		case v.IsBool():
			if v.String() != string(trimmed) {
				t.Fatalf("boolean %q kept as %q", b, v.String())
			}
		}
		out, err := v.MarshalJSON()
		if err != nil || !json.Valid(out) {
			t.Fatalf("MarshalJSON of %#v = %q, %v", v, out, err)
		}
		var back MetadataValue
		if err := back.UnmarshalJSON(out); err != nil || back != v {
			t.Fatalf("round trip of %q via %s: %#v, %v", b, out, back, err)
		}
	})
}
