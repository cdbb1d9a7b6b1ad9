package payments

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"0.00", 0},
		{"-0", 0},
		{"1234.56", 123456},
		{"1234.5", 123450},
		{"1234", 123400},
		{"£1,234.56", 123456},
		{"£1234.56", 123456},
		{"1,234,567.89", 123456789},
		{"-0.01", -1},
		{"-£5", -500},
		{"£-5", -500},
		{"+3.20", 320},
		{"£+3.20", 320},
		{".50", 50},
		{"  £12.00\t", 1200},
		{"999", 99900},
		{"1,000", 100000},
		{"007.07", 707},
		{"92233720368547758.07", math.MaxInt64},
		{"-92233720368547758.07", -math.MaxInt64},
		{"£92,233,720,368,547,758.07", math.MaxInt64},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if err != nil {
			t.Errorf("ParseAmount(%q): %v", tt.in, err)
			continue
		}
		if got.Pence() != tt.want {
			t.Errorf("ParseAmount(%q) = %d pence, want %d", tt.in, got.Pence(), tt.want)
		}
	}
}

func TestParseAmountErrors(t *testing.T) {
	tests := []struct {
		in     string
		want   error
		reason string
	}{
		{"", ErrInvalidAmount, "empty"},
		{"   ", ErrInvalidAmount, "empty"},
		{"£", ErrInvalidAmount, "no digits"},
		{"-", ErrInvalidAmount, "no digits"},
		{".", ErrInvalidAmount, "no digits"},
		{"1.", ErrInvalidAmount, "no digits after the decimal point"},
		{"1.005", ErrInvalidAmount, "more than two decimal places"},
		{"1.230", ErrInvalidAmount, "more than two decimal places"},
		{"NaN", ErrInvalidAmount, "unexpected character"},
		{"nan", ErrInvalidAmount, "unexpected character"},
		{"Inf", ErrInvalidAmount, "unexpected character"},
		{"-Inf", ErrInvalidAmount, "unexpected character"},
		{"1e3", ErrInvalidAmount, "unexpected character"},
		{"1E3", ErrInvalidAmount, "unexpected character"},
		{"1.5e2", ErrInvalidAmount, "unexpected character"},
		{"0x10", ErrInvalidAmount, "unexpected character"},
		{"1 234", ErrInvalidAmount, "unexpected character"},
		{"1,23", ErrInvalidAmount, "misplaced thousands separator"},
		{"12,34.00", ErrInvalidAmount, "misplaced thousands separator"},
		{"1234,567", ErrInvalidAmount, "misplaced thousands separator"},
		{",123", ErrInvalidAmount, "misplaced thousands separator"},
		{"1,,234", ErrInvalidAmount, "misplaced thousands separator"},
		{"1,234,", ErrInvalidAmount, "misplaced thousands separator"},
		{"--5", ErrInvalidAmount, "unexpected character"},
		{"-£-5", ErrInvalidAmount, "unexpected character"},
		{"$5", ErrInvalidAmount, "unexpected character"},
		{"€5", ErrInvalidAmount, "unexpected character"},
		{"5£", ErrInvalidAmount, "unexpected character"},
		{"1.2.3", ErrInvalidAmount, "unexpected character"},
		{"١٢", ErrInvalidAmount, "unexpected character"}, // Arabic-Indic digits
		{"92233720368547758.08", ErrOverflow, "too large"},
		{"-92233720368547758.08", ErrOverflow, "too large"},
		{"92233720368547759", ErrOverflow, "too large"},
		{"99999999999999999999999999999", ErrOverflow, "too large"},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if err == nil {
			t.Errorf("ParseAmount(%q) = %v, want error", tt.in, got)
			continue
		}
		if !errors.Is(err, tt.want) {
			t.Errorf("ParseAmount(%q) error %v, want %v", tt.in, err, tt.want)
		}
		var ae *AmountError
		if !errors.As(err, &ae) || ae.Reason != tt.reason {
			t.Errorf("ParseAmount(%q) error %#v, want reason %q", tt.in, err, tt.reason)
		}
	}
	long := strings.Repeat("9", 500)
	_, err := ParseAmount(long)
	var ae *AmountError
	if !errors.As(err, &ae) || len(ae.Input) > 40 {
		t.Errorf("long input not cut in error: %v", err)
	}
}

func TestMustParseAmountPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseAmount(\"x\") did not panic")
		}
	}()
	MustParseAmount("x")
}

func TestConstructors(t *testing.T) {
	if got := Pounds(5); got.Pence() != 500 {
		t.Errorf("Pounds(5) = %d pence", got.Pence())
	}
	if got := Pounds(-5); got.Pence() != -500 {
		t.Errorf("Pounds(-5) = %d pence", got.Pence())
	}
	if got := Pounds(math.MaxInt64); got.Pence() != math.MaxInt64 {
		t.Errorf("Pounds(max) = %d, want saturation", got.Pence())
	}
	if got := Pounds(math.MinInt64); got.Pence() != math.MinInt64 {
		t.Errorf("Pounds(min) = %d, want saturation", got.Pence())
	}
	var zero Amount
	if !zero.IsZero() || zero.String() != "£0.00" || zero.IsNegative() || zero.IsPositive() {
		t.Errorf("zero Amount = %v", zero)
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct {
		pence      int64
		str, plain string
	}{
		{0, "£0.00", "0.00"},
		{1, "£0.01", "0.01"},
		{-1, "-£0.01", "-0.01"},
		{99, "£0.99", "0.99"},
		{100, "£1.00", "1.00"},
		{99999, "£999.99", "999.99"},
		{100000, "£1,000.00", "1000.00"},
		{123456, "£1,234.56", "1234.56"},
		{-123456, "-£1,234.56", "-1234.56"},
		{1234567890, "£12,345,678.90", "12345678.90"},
		{math.MaxInt64, "£92,233,720,368,547,758.07", "92233720368547758.07"},
		{math.MinInt64, "-£92,233,720,368,547,758.08", "-92233720368547758.08"},
	}
	for _, tt := range tests {
		a := Pence(tt.pence)
		if got := a.String(); got != tt.str {
			t.Errorf("Pence(%d).String() = %q, want %q", tt.pence, got, tt.str)
		}
		if got := a.Plain(); got != tt.plain {
			t.Errorf("Pence(%d).Plain() = %q, want %q", tt.pence, got, tt.plain)
		}
		for _, tag := range []language.Tag{councilkit.English, councilkit.Welsh} {
			if got := a.Format(tag); got != tt.str {
				t.Errorf("Pence(%d).Format(%v) = %q, want %q", tt.pence, tag, got, tt.str)
			}
		}
		if got := string(a.AppendString([]byte("x="))); got != "x="+tt.str {
			t.Errorf("AppendString = %q", got)
		}
	}
}

// Format takes its separators from CLDR, not from a hard-coded English
// pattern: German groups with "." and separates pence with ",".
func TestFormatOtherLocale(t *testing.T) {
	got := Pence(123456).Format(language.German)
	if !strings.Contains(got, "1.234,56") {
		t.Errorf("Format(de) = %q, want German separators", got)
	}
}

// formatSlow formats through golang.org/x/text's printer on every call, as
// an independent check of the derived fast path.
func formatSlow(a Amount, tag language.Tag) string {
	p := message.NewPrinter(tag)
	m := magnitude(a.pence)
	s := p.Sprint(number.Decimal(m/100, number.Scale(2)))
	s = s[:len(s)-2] + fmt.Sprintf("%02d", m%100)
	sym := p.Sprint(currency.Symbol(currency.GBP))
	if a.pence < 0 {
		return "-" + sym + s
	}
	return sym + s
}

// String and Format must agree with x/text for every magnitude.
func TestStringMatchesFormat(t *testing.T) {
	for _, tag := range []language.Tag{councilkit.English, councilkit.Welsh} {
		if _, ok := ukFormats[tag]; !ok {
			t.Fatalf("no derived format for %v", tag)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		p := r.Int64() >> r.UintN(63)
		if r.IntN(2) == 0 {
			p = -p
		}
		a := Pence(p)
		for _, tag := range []language.Tag{councilkit.English, councilkit.Welsh, language.German, language.French} {
			if f, slow := a.Format(tag), formatSlow(a, tag); f != slow {
				t.Fatalf("Pence(%d).Format(%v) = %q, x/text gives %q", p, tag, f, slow)
			}
		}
		if s, f := a.String(), formatSlow(a, councilkit.Welsh); s != f {
			t.Fatalf("Pence(%d): String %q, x/text cy %q", p, s, f)
		}
	}
}

// Every Amount survives a round trip through each of its text forms.
func TestRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		p := r.Int64() >> r.UintN(63)
		if r.IntN(2) == 0 {
			p = -p
		}
		a := Pence(p)
		for _, s := range []string{a.String(), a.Plain()} {
			b, err := ParseAmount(s)
			if err != nil || b != a {
				t.Fatalf("ParseAmount(%q) = %v, %v; want %v", s, b, err, a)
			}
		}
		j, _ := json.Marshal(a)
		var b Amount
		if err := json.Unmarshal(j, &b); err != nil || b != a {
			t.Fatalf("JSON %s -> %v, %v", j, b, err)
		}
	}
}

func TestJSON(t *testing.T) {
	type body struct {
		Amount  Amount       `json:"amount"`
		Display AmountString `json:"display"`
	}
	in := body{Amount: Pence(123456), Display: AmountString(Pence(-5))}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"amount":123456,"display":"-0.05"}` {
		t.Errorf("Marshal = %s", b)
	}
	var out body
	if err := json.Unmarshal([]byte(`{"amount":1450,"display":"\u00a31,234.50"}`), &out); err != nil {
		t.Fatal(err)
	}
	if out.Amount != Pence(1450) || Amount(out.Display) != Pence(123450) {
		t.Errorf("Unmarshal = %+v", out)
	}
	for _, bad := range []string{`{"amount":12.5}`, `{"amount":"1250"}`, `{"amount":1e3}`, `{"amount":99999999999999999999}`, `{"display":12}`, `{"display":"1.234"}`} {
		var out body
		err := json.Unmarshal([]byte(bad), &out)
		if !errors.Is(err, ErrInvalidAmount) && !errors.Is(err, ErrOverflow) {
			t.Errorf("Unmarshal(%s) error = %v, want an amount error", bad, err)
		}
	}
	out = body{Amount: Pence(7)}
	if err := json.Unmarshal([]byte(`{"amount":null}`), &out); err != nil || out.Amount != Pence(7) {
		t.Errorf("null changed amount: %v %v", out.Amount, err)
	}
}

func TestText(t *testing.T) {
	b, _ := Pence(-123456).MarshalText()
	if string(b) != "-1234.56" {
		t.Errorf("MarshalText = %s", b)
	}
	var a Amount
	if err := a.UnmarshalText([]byte("£7.5")); err != nil || a != Pence(750) {
		t.Errorf("UnmarshalText = %v, %v", a, err)
	}
	if err := a.UnmarshalText([]byte("7.555")); err == nil || a != Pence(750) {
		t.Errorf("bad UnmarshalText changed the value or passed: %v, %v", a, err)
	}
}

func TestSQL(t *testing.T) {
	var _ driver.Valuer = Amount{}
	var _ sql.Scanner = (*Amount)(nil)
	v, err := Pence(-42).Value()
	if err != nil || v != int64(-42) {
		t.Errorf("Value = %v, %v", v, err)
	}
	for _, src := range []any{int64(1234), []byte("1234"), "1234"} {
		var a Amount
		if err := a.Scan(src); err != nil || a != Pence(1234) {
			t.Errorf("Scan(%#v) = %v, %v", src, a, err)
		}
	}
	for _, src := range []any{nil, 12.34, "12.34", true, []byte("null"), "1e3"} {
		var a Amount
		if err := a.Scan(src); !errors.Is(err, ErrInvalidAmount) {
			t.Errorf("Scan(%#v) error = %v", src, err)
		}
	}
	var n sql.Null[Amount]
	if err := n.Scan(nil); err != nil || n.Valid {
		t.Errorf("sql.Null[Amount].Scan(nil) = %+v, %v", n, err)
	}
}

func TestArithmetic(t *testing.T) {
	a, b := Pence(1000), Pence(-250)
	if got := a.Add(b); got != Pence(750) {
		t.Errorf("Add = %v", got)
	}
	if got := a.Sub(b); got != Pence(1250) {
		t.Errorf("Sub = %v", got)
	}
	if got := b.Neg(); got != Pence(250) {
		t.Errorf("Neg = %v", got)
	}
	if got := b.Abs(); got != Pence(250) {
		t.Errorf("Abs = %v", got)
	}
	if a.Cmp(b) != 1 || b.Cmp(a) != -1 || a.Cmp(a) != 0 {
		t.Error("Cmp wrong")
	}
	max, min := Pence(math.MaxInt64), Pence(math.MinInt64)
	if _, err := max.AddChecked(Pence(1)); !errors.Is(err, ErrOverflow) {
		t.Errorf("AddChecked overflow: %v", err)
	}
	if _, err := min.SubChecked(Pence(1)); !errors.Is(err, ErrOverflow) {
		t.Errorf("SubChecked overflow: %v", err)
	}
	if _, err := Pence(-1).SubChecked(max); err != nil {
		t.Errorf("SubChecked(-1 - max) should fit: %v", err)
	}
	if _, err := Pence(0).SubChecked(min); !errors.Is(err, ErrOverflow) {
		t.Errorf("0 - min should overflow: %v", err)
	}
	if got := max.Add(Pence(1)); got != max {
		t.Errorf("Add saturates: %v", got)
	}
	if got := min.Add(Pence(-1)); got != min {
		t.Errorf("Add saturates low: %v", got)
	}
	if got := min.Sub(Pence(1)); got != min {
		t.Errorf("Sub saturates low: %v", got)
	}
	if got := max.Sub(Pence(-1)); got != max {
		t.Errorf("Sub saturates high: %v", got)
	}
	if got := min.Neg(); got != max {
		t.Errorf("min.Neg = %v", got)
	}
	if got := min.Abs(); got != max {
		t.Errorf("min.Abs = %v", got)
	}
	if s, err := Sum(Pence(1), Pence(2), Pence(3)); err != nil || s != Pence(6) {
		t.Errorf("Sum = %v, %v", s, err)
	}
	if _, err := Sum(max, Pence(1)); !errors.Is(err, ErrOverflow) {
		t.Errorf("Sum overflow: %v", err)
	}
}

func TestMulRatio(t *testing.T) {
	tests := []struct {
		pence, num, den int64
		mode            RoundingMode
		want            int64
	}{
		{1000, 1, 3, RoundHalfUp, 333},
		{1000, 2, 3, RoundHalfUp, 667},
		{1000, 2, 3, RoundDown, 666},
		{1000, 2, 3, RoundHalfEven, 667},
		{5, 1, 2, RoundHalfUp, 3},   // 2.5p
		{5, 1, 2, RoundHalfEven, 2}, // 2.5p to even
		{7, 1, 2, RoundHalfEven, 4}, // 3.5p to even
		{5, 1, 2, RoundDown, 2},
		{-5, 1, 2, RoundHalfUp, -3}, // half away from zero
		{-5, 1, 2, RoundHalfEven, -2},
		{-5, 1, 2, RoundDown, -2}, // towards zero
		{5, -1, 2, RoundHalfUp, -3},
		{5, 1, -2, RoundHalfUp, -3},
		{-5, -1, 2, RoundHalfUp, 3},
		{0, 7, 9, RoundHalfUp, 0},
		{-1, 1, 3, RoundDown, 0},
		// Annual band D charge of £2,280.00 for 93 of 365 days.
		{228000, 93, 365, RoundHalfUp, 58093},
		// a×num exceeds 64 bits but the result fits.
		{math.MaxInt64, 3, 3, RoundHalfUp, math.MaxInt64},
		{math.MaxInt64, math.MaxInt64, math.MaxInt64, RoundDown, math.MaxInt64},
		{math.MinInt64, 1, 1, RoundDown, math.MinInt64},
	}
	for _, tt := range tests {
		got, err := Pence(tt.pence).MulRatio(tt.num, tt.den, tt.mode)
		if err != nil || got.Pence() != tt.want {
			t.Errorf("Pence(%d).MulRatio(%d, %d, %v) = %d, %v; want %d", tt.pence, tt.num, tt.den, tt.mode, got.Pence(), err, tt.want)
		}
		// The decimal path must agree with the integer path.
		d, err := Pence(tt.pence).MulDecimal(decimal.NewFromInt(tt.num).DivRound(decimal.NewFromInt(tt.den), 40), tt.mode)
		if tt.den == tt.num || tt.num%tt.den == 0 || tt.den == 2 || tt.den == -2 {
			if err != nil || d.Pence() != tt.want {
				t.Errorf("MulDecimal(%d/%d) = %d, %v; want %d", tt.num, tt.den, d.Pence(), err, tt.want)
			}
		}
	}
	if _, err := Pence(1).MulRatio(1, 0, RoundHalfUp); !errors.Is(err, ErrDivisionByZero) {
		t.Errorf("den 0: %v", err)
	}
	if _, err := Pence(math.MaxInt64).MulRatio(2, 1, RoundHalfUp); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow: %v", err)
	}
	if _, err := Pence(math.MinInt64).MulRatio(-1, 1, RoundHalfUp); !errors.Is(err, ErrOverflow) {
		t.Errorf("min×-1 overflow: %v", err)
	}
	if _, err := Pence(1).MulRatio(1, 1, RoundingMode(9)); !errors.Is(err, ErrInvalidAmount) {
		t.Errorf("bad mode: %v", err)
	}
}

func TestMulRatioAgainstDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		p := r.Int64N(1e9) - 5e8
		num := r.Int64N(1000) - 500
		den := r.Int64N(999) + 1
		for _, mode := range []RoundingMode{RoundHalfUp, RoundHalfEven, RoundDown} {
			got, err := Pence(p).MulRatio(num, den, mode)
			if err != nil {
				t.Fatal(err)
			}
			x := decimal.NewFromInt(p).Mul(decimal.NewFromInt(num))
			q, rem := x.QuoRem(decimal.NewFromInt(den), 0)
			// Exact rational q + rem/den; round by comparing 2|rem| with |den|.
			twice := rem.Abs().Mul(decimal.NewFromInt(2)).Cmp(decimal.NewFromInt(den).Abs())
			want := q
			sign := decimal.NewFromInt(int64(x.Sign() * sgn(den)))
			if !rem.IsZero() {
				switch mode {
				case RoundHalfUp:
					if twice >= 0 {
						want = want.Add(sign)
					}
				case RoundHalfEven:
					if twice > 0 || (twice == 0 && q.IntPart()%2 != 0) {
						want = want.Add(sign)
					}
				}
			}
			if got.Pence() != want.IntPart() {
				t.Fatalf("Pence(%d).MulRatio(%d, %d, %v) = %d, want %s", p, num, den, mode, got.Pence(), want)
			}
		}
	}
}

func sgn(x int64) int {
	if x < 0 {
		return -1
	}
	return 1
}

func TestMulPercent(t *testing.T) {
	tests := []struct {
		pence   int64
		percent string
		mode    RoundingMode
		want    int64
	}{
		{10000, "25", RoundHalfUp, 2500},   // single person discount, 25%
		{228000, "25", RoundHalfUp, 57000}, // 25% off £2,280.00
		{1999, "17.5", RoundHalfUp, 350},   // 349.825 → 350
		{1999, "17.5", RoundDown, 349},     //
		{1999, "17.5", RoundHalfEven, 350}, //
		{10, "25", RoundHalfUp, 3},         // 2.5 → 3
		{10, "25", RoundHalfEven, 2},       // 2.5 → 2
		{-10, "25", RoundHalfUp, -3},       // away from zero
		{-10, "25", RoundDown, -2},         // towards zero
		{12345, "100", RoundDown, 12345},   //
		{12345, "0.001", RoundHalfUp, 0},   //
		{12345, "-10", RoundHalfUp, -1235}, // 1234.5 → 1235 away from zero
		{100, "33.333333333333", RoundDown, 33},
	}
	for _, tt := range tests {
		got, err := Pence(tt.pence).MulPercent(decimal.RequireFromString(tt.percent), tt.mode)
		if err != nil || got.Pence() != tt.want {
			t.Errorf("Pence(%d).MulPercent(%s, %v) = %d, %v; want %d", tt.pence, tt.percent, tt.mode, got.Pence(), err, tt.want)
		}
	}
	if _, err := Pence(math.MaxInt64).MulPercent(decimal.NewFromInt(200), RoundDown); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow: %v", err)
	}
	if _, err := Pence(1).MulPercent(decimal.NewFromInt(1), RoundingMode(7)); !errors.Is(err, ErrInvalidAmount) {
		t.Errorf("bad mode: %v", err)
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		pence int64
		n     int
		want  []int64
	}{
		{1000, 3, []int64{334, 333, 333}},
		{-1000, 3, []int64{-334, -333, -333}},
		{100, 1, []int64{100}},
		{2, 3, []int64{1, 1, 0}},
		{0, 2, []int64{0, 0}},
		{1001, 4, []int64{251, 250, 250, 250}},
		{1003, 4, []int64{251, 251, 251, 250}},
	}
	for _, tt := range tests {
		got, err := Pence(tt.pence).Split(tt.n)
		if err != nil || !equalPence(got, tt.want) {
			t.Errorf("Pence(%d).Split(%d) = %v, want %v", tt.pence, tt.n, got, tt.want)
		}
	}
	// A bad count is an error, as it is for Allocate with no weights.
	for _, n := range []int{0, -1, math.MinInt} {
		if got, err := Pence(1).Split(n); got != nil || !errors.Is(err, ErrInvalidAmount) {
			t.Errorf("Split(%d) = %v, %v; want nil, ErrInvalidAmount", n, got, err)
		}
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		pence   int64
		weights []int64
		want    []int64
	}{
		{100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{100, []int64{70, 30}, []int64{70, 30}},
		{5, []int64{70, 30}, []int64{4, 1}}, // 3.5 and 1.5: tie, earlier wins
		{5, []int64{30, 70}, []int64{2, 3}}, // 1.5 and 3.5: tie, earlier wins
		{10, []int64{1, 2, 3}, []int64{2, 3, 5}},
		// 1.666, 3.333, 5: remainders .666 and .333, one penny left over.
		{-10, []int64{1, 2, 3}, []int64{-2, -3, -5}},
		{100, []int64{0, 1, 0}, []int64{0, 100, 0}},
		{1, []int64{1, 1, 1}, []int64{1, 0, 0}},
		{2, []int64{1, 0, 1}, []int64{1, 0, 1}},
		{100, []int64{1}, []int64{100}},
		{math.MaxInt64, []int64{1, 1}, []int64{math.MaxInt64/2 + 1, math.MaxInt64 / 2}},
		{math.MinInt64, []int64{1, 1}, []int64{math.MinInt64 / 2, math.MinInt64 / 2}},
		{7, []int64{math.MaxInt64 - 1, 1}, []int64{7, 0}},
	}
	for _, tt := range tests {
		got, err := Pence(tt.pence).Allocate(tt.weights...)
		if err != nil || !equalPence(got, tt.want) {
			t.Errorf("Pence(%d).Allocate(%v) = %v, %v; want %v", tt.pence, tt.weights, got, err, tt.want)
		}
	}
	for _, bad := range []struct {
		weights []int64
		want    error
	}{
		{nil, ErrInvalidAmount},
		{[]int64{1, -1}, ErrInvalidAmount},
		{[]int64{0, 0}, ErrDivisionByZero},
		{[]int64{math.MaxInt64, 1}, ErrOverflow},
	} {
		if _, err := Pence(100).Allocate(bad.weights...); !errors.Is(err, bad.want) {
			t.Errorf("Allocate(%v) error = %v, want %v", bad.weights, err, bad.want)
		}
	}
}

// Property: however an amount is divided, the parts add up to it exactly,
// and no part is further than a penny from its exact share.
func TestAllocationSumsExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		p := r.Int64() >> r.UintN(63)
		if r.IntN(2) == 0 {
			p = -p
		}
		a := Pence(p)
		n := 1 + r.IntN(12)
		weights := make([]int64, n)
		var total int64
		for i := range weights {
			weights[i] = r.Int64N(1000)
			total += weights[i]
		}
		if total == 0 {
			weights[0] = 1
			total = 1
		}
		parts, err := a.Allocate(weights...)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := Sum(parts...); err != nil || s != a {
			t.Fatalf("Pence(%d).Allocate(%v) = %v sums to %v, %v", p, weights, parts, s, err)
		}
		for i, part := range parts {
			exact := decimal.NewFromInt(p).Mul(decimal.NewFromInt(weights[i])).Div(decimal.NewFromInt(total))
			if decimal.NewFromInt(part.Pence()).Sub(exact).Abs().GreaterThanOrEqual(decimal.NewFromInt(1)) {
				t.Fatalf("part %d of Pence(%d) by %v = %v, exact %s", i, p, weights, part, exact)
			}
			if weights[i] == 0 && !part.IsZero() {
				t.Fatalf("zero weight got %v", part)
			}
		}
		split, err := a.Split(n)
		if err != nil {
			t.Fatalf("Pence(%d).Split(%d): %v", p, n, err)
		}
		if s, err := Sum(split...); err != nil || s != a {
			t.Fatalf("Pence(%d).Split(%d) = %v sums to %v", p, n, split, s)
		}
		for i := 1; i < len(split); i++ {
			if split[i-1].Abs().Cmp(split[i].Abs()) < 0 || split[0].Sub(split[i]).Abs().Pence() > 1 {
				t.Fatalf("Split(%d) uneven or odd pennies not first: %v", n, split)
			}
		}
	}
}

func TestRoundingModeString(t *testing.T) {
	for m, want := range map[RoundingMode]string{RoundHalfUp: "half-up", RoundHalfEven: "half-even", RoundDown: "down", 9: "RoundingMode(9)"} {
		if m.String() != want {
			t.Errorf("%d.String() = %q", m, m.String())
		}
	}
}

func equalPence(got []Amount, want []int64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Pence() != want[i] {
			return false
		}
	}
	return true
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"£1,234.56", "1234.5", "-0.01", "-£5", "1e3", "NaN", "1.005", "92233720368547758.08"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidAmount) && !errors.Is(err, ErrOverflow) {
				t.Fatalf("ParseAmount(%q) error %v matches no sentinel", s, err)
			}
			if !a.IsZero() {
				t.Fatalf("ParseAmount(%q) returned %v with an error", s, a)
			}
			return
		}
		// Oracle: the same text with "£", "," and spaces removed is a
		// decimal that shopspring/decimal reads to the same number of pence.
		clean := strings.NewReplacer("£", "", ",", "").Replace(strings.TrimSpace(s))
		d, derr := decimal.NewFromString(clean)
		if derr != nil || !d.Shift(2).Equal(decimal.NewFromInt(a.Pence())) {
			t.Fatalf("ParseAmount(%q) = %d pence; decimal reads %q as %v (%v)", s, a.Pence(), clean, d, derr)
		}
		for _, form := range []string{a.String(), a.Plain()} {
			if b, err := ParseAmount(form); err != nil || b != a {
				t.Fatalf("round trip of %q via %q = %v, %v", s, form, b, err)
			}
		}
	})
}

var sinkAmount Amount
var sinkBytes []byte

func BenchmarkParseAmount(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAmount, _ = ParseAmount("£1,234.56")
	}
}

func BenchmarkParseAmountPlain(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAmount, _ = ParseAmount("1234.56")
	}
}

func BenchmarkAppendString(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 32)
	a := Pence(123456)
	for b.Loop() {
		sinkBytes = a.AppendString(buf[:0])
	}
}

func BenchmarkString(b *testing.B) {
	b.ReportAllocs()
	a := Pence(123456)
	var s string
	for b.Loop() {
		s = a.String()
	}
	_ = s
}

func BenchmarkFormatWelsh(b *testing.B) {
	b.ReportAllocs()
	a := Pence(123456)
	for b.Loop() {
		_ = a.Format(councilkit.Welsh)
	}
}

func BenchmarkAllocate(b *testing.B) {
	b.ReportAllocs()
	a := Pence(1000001)
	for b.Loop() {
		_, _ = a.Allocate(70, 20, 10)
	}
}

func BenchmarkSplit(b *testing.B) {
	b.ReportAllocs()
	a := Pence(1000001)
	for b.Loop() {
		_, _ = a.Split(3)
	}
}

func BenchmarkMulRatio(b *testing.B) {
	b.ReportAllocs()
	a := Pence(228000)
	for b.Loop() {
		sinkAmount, _ = a.MulRatio(93, 365, RoundHalfUp)
	}
}

func BenchmarkMulPercent(b *testing.B) {
	b.ReportAllocs()
	a := Pence(228000)
	pct := decimal.RequireFromString("17.5")
	for b.Loop() {
		sinkAmount, _ = a.MulPercent(pct, RoundHalfUp)
	}
}
