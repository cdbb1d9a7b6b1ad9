package counciltax

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// TaxBase is a council tax base: the number of band D equivalent dwellings
// in an area, after discounts, exemptions and the collection rate (item T
// in s31B(1) of the Local Government Finance Act 1992 in England, s33(1) in
// Wales, and s44(1) for a major precepting authority; item TP in s34(3)
// for a part of the area, such as a parish, calculated under the Local
// Authorities (Calculation of Council Tax Base) Regulations). Councils publish it with one or two decimal
// places, such as 1,234.56; TaxBase holds it exactly, to at most four
// decimal places, never as a float. The zero TaxBase means "not given".
type TaxBase struct {
	v int64 // ten-thousandths of a band D equivalent dwelling
}

const (
	taxBaseScale  = 10_000
	taxBaseDigits = 4
	// maxTaxBase is ten million band D equivalents, some thirty times the
	// largest billing authority's tax base.
	maxTaxBase = 10_000_000 * taxBaseScale
	// maxPrecept is £10,000,000,000, far above any council tax requirement.
	maxPrecept = 1_000_000_000_000
)

// ErrInvalidTaxBase is wrapped by every *TaxBaseError.
var ErrInvalidTaxBase = errors.New("counciltax: invalid tax base")

// TaxBaseError says why text is not a tax base, in English and Welsh.
type TaxBaseError struct {
	// Input is the text given, cut to 20 bytes.
	Input string
	// Reason is the message for the person who typed it.
	Reason councilkit.Text
}

// Error implements error.
func (e *TaxBaseError) Error() string {
	return ErrInvalidTaxBase.Error() + " " + strconv.Quote(e.Input) + ": " + e.Reason.English
}

// Unwrap returns ErrInvalidTaxBase.
func (e *TaxBaseError) Unwrap() error { return ErrInvalidTaxBase }

var (
	textTaxBaseRequired = text("tax_base.required")
	textTaxBaseFormat   = text("tax_base.format")
	textTaxBasePlaces   = text("tax_base.places")
	textTaxBasePositive = text("tax_base.positive")
	textTaxBaseTooLarge = text("tax_base.too_large")
)

func taxBaseError(s string, reason councilkit.Text) error {
	return &TaxBaseError{Input: trunc(s), Reason: reason}
}

// ParseTaxBase reads a tax base such as "1234.56" or "1,234.56": digits,
// optionally grouped in threes by commas, and at most four decimal places.
// Spaces around it are ignored. Signs, exponents and other separators are
// refused, as are zero and anything above 10,000,000. The error is a
// *TaxBaseError wrapping ErrInvalidTaxBase.
func ParseTaxBase(s string) (TaxBase, error) {
	t := strings.Trim(s, " \t")
	if t == "" {
		return TaxBase{}, taxBaseError(s, textTaxBaseRequired)
	}
	if len(t) > 32 {
		return TaxBase{}, taxBaseError(s, textTaxBaseFormat)
	}
	intPart, frac, hasPoint := strings.Cut(t, ".")
	if intPart == "" || (hasPoint && frac == "") {
		return TaxBase{}, taxBaseError(s, textTaxBaseFormat)
	}
	digits, ok := ungroup(intPart)
	if !ok || !allDigits(frac) {
		return TaxBase{}, taxBaseError(s, textTaxBaseFormat)
	}
	if len(frac) > taxBaseDigits {
		return TaxBase{}, taxBaseError(s, textTaxBasePlaces)
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 8 { // 100,000,000 or more
		return TaxBase{}, taxBaseError(s, textTaxBaseTooLarge)
	}
	var v int64
	for _, c := range digits {
		v = v*10 + int64(c-'0')
	}
	v *= taxBaseScale
	scale := int64(taxBaseScale)
	for _, c := range frac {
		scale /= 10
		v += int64(c-'0') * scale
	}
	switch {
	case v == 0:
		return TaxBase{}, taxBaseError(s, textTaxBasePositive)
	case v > maxTaxBase:
		return TaxBase{}, taxBaseError(s, textTaxBaseTooLarge)
	}
	return TaxBase{v: v}, nil
}

// ungroup removes thousands separators from s, which must be all digits or
// digits grouped in threes by commas ("1,234,567").
func ungroup(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, allDigits(s)
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParseTaxBase is ParseTaxBase for constants and tests; it panics on
// error.
func MustParseTaxBase(s string) TaxBase {
	t, err := ParseTaxBase(s)
	if err != nil {
		panic(err)
	}
	return t
}

// IsZero reports whether t is the zero TaxBase ("not given").
func (t TaxBase) IsZero() bool { return t.v == 0 }

// String returns the tax base with two decimal places, or more if it has
// them: "1234.56", "289.80", "12.3456". The zero TaxBase is "".
func (t TaxBase) String() string {
	if t.v == 0 {
		return ""
	}
	s := strconv.FormatInt(t.v/taxBaseScale, 10) + "." + strconv.FormatInt(taxBaseScale+t.v%taxBaseScale, 10)[1:]
	for strings.HasSuffix(s, "0") && len(s)-strings.IndexByte(s, '.') > 3 {
		s = s[:len(s)-1]
	}
	return s
}

// Decimal returns the tax base as an exact decimal.
func (t TaxBase) Decimal() decimal.Decimal { return decimal.New(t.v, -taxBaseDigits) }

// MarshalText encodes the String form.
func (t TaxBase) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText decodes what ParseTaxBase accepts; empty text gives the
// zero TaxBase. On error t is unchanged.
func (t *TaxBase) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*t = TaxBase{}
		return nil
	}
	v, err := ParseTaxBase(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// MarshalJSON encodes the tax base as a JSON string, "1234.56", so that no
// reader takes it for a float.
func (t TaxBase) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, t.String()), nil
}

// UnmarshalJSON accepts a JSON string or number ("1234.56" or 1234.56),
// read digit by digit, never through a float; null or "" give the zero
// TaxBase. On error t is unchanged.
func (t *TaxBase) UnmarshalJSON(b []byte) error {
	s := string(b)
	switch {
	case s == "null":
		*t = TaxBase{}
		return nil
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		u, err := strconv.Unquote(s)
		if err != nil {
			return taxBaseError(s, textTaxBaseFormat)
		}
		return t.UnmarshalText([]byte(u))
	case strings.Contains(s, ","):
		return taxBaseError(s, textTaxBaseFormat)
	}
	v, err := ParseTaxBase(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Value implements driver.Valuer: the String form for a numeric column, or
// NULL for the zero TaxBase.
func (t TaxBase) Value() (driver.Value, error) {
	if t.v == 0 {
		return nil, nil
	}
	return t.String(), nil
}

// Scan implements sql.Scanner from a numeric or text column (string or
// []byte) or an integer; NULL gives the zero TaxBase. Floats are refused.
func (t *TaxBase) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = TaxBase{}
		return nil
	case string:
		return t.UnmarshalText([]byte(v))
	case []byte:
		return t.UnmarshalText(v)
	case int64:
		return t.UnmarshalText([]byte(strconv.FormatInt(v, 10)))
	}
	return &TaxBaseError{Input: trunc(fmt.Sprintf("%T", src)), Reason: textTaxBaseFormat}
}

// bandFromPrecept returns precept × num ÷ (base × den), rounded half up to
// the penny, computed exactly: precept is whole pence and base whole
// ten-thousandths, so the quotient is of two integers and rounding happens
// once, here. ok is false if the result does not fit in an int64.
func bandFromPrecept(precept payments.Amount, base TaxBase, num, den int64) (int64, bool) {
	n := decimal.NewFromInt(precept.Pence()).Mul(decimal.NewFromInt(num)).Mul(decimal.NewFromInt(taxBaseScale))
	d := decimal.NewFromInt(base.v).Mul(decimal.NewFromInt(den))
	q, r := n.QuoRem(d, 0)
	if r.Mul(decimal.NewFromInt(2)).Cmp(d) >= 0 {
		q = q.Add(decimal.NewFromInt(1))
	}
	if !q.BigInt().IsInt64() {
		return 0, false
	}
	return q.IntPart(), true
}

// BandDFromPrecept returns the band D amount an authority's precept (or
// council tax requirement) gives over a tax base: precept ÷ tax base,
// rounded once, half a penny up (Local Government Finance Act 1992 s31B(1)
// for a billing authority in England, s33(1) in Wales, s34(3) for a
// parish, s44(1) for a major precepting authority). It returns an error wrapping ErrInvalidTaxBase for a zero tax
// base and a *councilkit.ValidationError for a negative or absurd precept.
func BandDFromPrecept(precept payments.Amount, base TaxBase) (payments.Amount, error) {
	if base.IsZero() {
		return payments.Amount{}, &TaxBaseError{Reason: textTaxBaseRequired}
	}
	var ps councilkit.Problems
	checkPrecept(&ps, "precept", precept)
	if err := ps.Err(); err != nil {
		return payments.Amount{}, err
	}
	v, _ := bandFromPrecept(precept, base, 9, 9)
	return payments.Pence(v), nil
}

func checkPrecept(ps *councilkit.Problems, f string, p payments.Amount) bool {
	switch {
	case p.IsNegative():
		ps.Add(f, councilkit.CodeTooSmall, councilkit.TooSmallText("£0.00"))
		return false
	case p.Pence() > maxPrecept:
		ps.Add(f, councilkit.CodeTooLarge, councilkit.TooLargeText("£10,000,000,000.00"))
		return false
	}
	return true
}

var (
	textPreceptAndExact = text("precept.and_exact")
	textPreceptAndBands = text("precept.and_bands")
	textPreceptBandD    = text("precept.band_d")
)

// preceptBands checks a line given as a precept over a tax base and
// computes its amount for every band into out, indexed by Band: precept ×
// ratio ÷ tax base, each rounded once to the penny. It sets l.BandD.
func preceptBands(ps *councilkit.Problems, f string, n Nation, y Year, l *PreceptLine, out []int64) bool {
	ok := true
	if l.TaxBase.IsZero() {
		ps.Add(councilkit.JoinField(f, "tax_base"), councilkit.CodeRequired, textTaxBaseRequired)
		ok = false
	}
	if !checkPrecept(ps, councilkit.JoinField(f, "precept"), l.Precept) {
		ok = false
	}
	if !l.Exact.IsZero() {
		ps.Add(councilkit.JoinField(f, "exact"), councilkit.CodeInvalid, textPreceptAndExact)
		ok = false
	}
	if len(l.Bands) > 0 {
		ps.Add(councilkit.JoinField(f, "bands"), councilkit.CodeInvalid, textPreceptAndBands)
		ok = false
	}
	if !ok || n == 0 {
		return false
	}
	bandD, _ := bandFromPrecept(l.Precept, l.TaxBase, 9, 9)
	switch {
	case bandD > 100_000_000:
		ps.Add(councilkit.JoinField(f, "band_d"), councilkit.CodeTooLarge, councilkit.TooLargeText("£1,000,000.00"))
		return false
	case !l.BandD.IsZero() && l.BandD.Pence() != bandD:
		ps.Add(councilkit.JoinField(f, "band_d"), CodeExactMismatch, textPreceptBandD)
		return false
	}
	l.BandD = payments.Pence(bandD)
	for b := BandA; b <= BandI; b++ {
		rn, rd, ok := b.RatioIn(n, y)
		if !ok {
			continue
		}
		out[b], _ = bandFromPrecept(l.Precept, l.TaxBase, rn, rd)
	}
	return true
}
