package payments

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/lgds/councilkit/internal/enum"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Amount is a sum of money in pounds sterling, exact to the penny.
//
// It holds a whole number of pence in an unexported int64, so it can never
// carry a fraction of a penny and never passes through a float. The zero value
// is £0.00. Amounts are comparable with == and usable as map keys.
//
// Construct an Amount with [Pence], [Pounds] or [ParseAmount]; no constructor
// takes a float64, because 1.15 as a float64 is 1.149999… and would become
// 114p.
//
// One rule decides which methods return an error: a method that cannot fail
// on real money returns a bare value (Add and Sub saturate, with AddChecked,
// SubChecked and [Sum] for callers who need to know), and a method that
// takes a count, ratio, factor, weights or rounding mode from the caller
// returns an error for a bad one ([Amount.Split], [Amount.Allocate],
// [Amount.MulRatio], [Amount.MulPercent], [Amount.MulDecimal]).
type Amount struct {
	pence int64
}

// Sentinel errors for amounts. Every error returned by this file matches one
// of them with errors.Is.
var (
	// ErrInvalidAmount means text is not an amount of money in pounds and
	// pence, or an arithmetic argument (such as a weight) is not acceptable.
	ErrInvalidAmount = errors.New("payments: invalid amount")
	// ErrOverflow means the result would not fit in an Amount (more than
	// about £92 quadrillion either way).
	ErrOverflow = errors.New("payments: amount out of range")
	// ErrDivisionByZero means a ratio had a zero denominator or an
	// allocation had weights that sum to zero.
	ErrDivisionByZero = errors.New("payments: division by zero")
)

// AmountError explains why text could not be read as an amount. It matches
// ErrInvalidAmount or ErrOverflow with errors.Is.
type AmountError struct {
	// Input is the rejected text, cut to at most 40 bytes, never inside a
	// character. Amounts are not personal data, so the input is kept to
	// make the message useful.
	Input string
	// Reason says what is wrong, in English.
	Reason string
	// Err is ErrInvalidAmount or ErrOverflow.
	Err error
}

func (e *AmountError) Error() string {
	return fmt.Sprintf("payments: cannot read %q as an amount: %s", e.Input, e.Reason)
}

// Unwrap returns the sentinel error.
func (e *AmountError) Unwrap() error { return e.Err }

func parseError(s, reason string, err error) error {
	s = cutUTF8(s, 40)
	return &AmountError{Input: s, Reason: reason, Err: err}
}

// Pence returns an amount of p pence: Pence(123456) is £1,234.56.
func Pence(p int64) Amount { return Amount{pence: p} }

// Pounds returns an amount of whole pounds: Pounds(5) is £5.00. A number of
// pounds beyond ±92,233,720,368,547,758 saturates at the largest amount of
// that sign; use [ParseAmount] or [Pence] when that could matter.
func Pounds(p int64) Amount {
	const limit = math.MaxInt64 / 100
	switch {
	case p > limit:
		return Amount{pence: math.MaxInt64}
	case p < -limit:
		return Amount{pence: math.MinInt64}
	}
	return Amount{pence: p * 100}
}

// MustParseAmount is like [ParseAmount] but panics if s is not an amount. It
// is for constants in programs and tests, never for input.
func MustParseAmount(s string) Amount {
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

// ParseAmount reads an amount of money written in pounds:
//
//	"1234.56"  "1234.5"  "1234"  "£1,234.56"  "-0.01"  "-£5"  "£-5"  "+3.20"  ".50"
//
// Surrounding spaces are ignored. A leading "-" or "+" may come before or
// after an optional "£". Thousands may be grouped with commas, but then every
// group after the first must have exactly three digits. At most two digits may
// follow the decimal point: "1.005" is an error, not £1.00 or £1.01, because
// silently rounding money typed by a person hides mistakes. Exponents ("1e3"),
// "NaN", "Inf", spaces inside the number and other currencies are errors.
//
// The error is an *AmountError matching ErrInvalidAmount, or ErrOverflow for
// magnitudes above 92,233,720,368,547,758.07. A successful parse does not
// allocate.
//
// To read a whole number of pence (GOV.UK Pay's convention), use
// strconv.ParseInt and [Pence], or unmarshal JSON into an Amount.
func ParseAmount(s string) (Amount, error) {
	in := s
	s = strings.TrimSpace(s)
	if s == "" {
		return Amount{}, parseError(in, "empty", ErrInvalidAmount)
	}
	neg, signed := false, false
	if s[0] == '-' || s[0] == '+' {
		neg, signed = s[0] == '-', true
		s = s[1:]
	}
	if strings.HasPrefix(s, "£") {
		s = s[len("£"):]
		if !signed && s != "" && (s[0] == '-' || s[0] == '+') {
			neg = s[0] == '-'
			s = s[1:]
		}
	}
	if s == "" {
		return Amount{}, parseError(in, "no digits", ErrInvalidAmount)
	}
	var whole uint64
	digits, group, sawComma := 0, 0, false
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			whole = whole*10 + uint64(c-'0')
			if whole > math.MaxInt64/100 {
				return Amount{}, parseError(in, "too large", ErrOverflow)
			}
			digits++ // mutation: equivalent — digits-- too: only digits == 0 is ever asked, and k digits give ±k.
			group++
		case c == ',':
			if digits == 0 || (sawComma && group != 3) || (!sawComma && group > 3) {
				return Amount{}, parseError(in, "misplaced thousands separator", ErrInvalidAmount)
			}
			sawComma = true
			group = 0
		default:
			goto frac
		}
	}
frac:
	if sawComma && group != 3 {
		return Amount{}, parseError(in, "misplaced thousands separator", ErrInvalidAmount)
	}
	var pence uint64
	if i < len(s) {
		if s[i] != '.' {
			return Amount{}, parseError(in, "unexpected character", ErrInvalidAmount)
		}
		f := s[i+1:]
		switch {
		case f == "" && digits == 0:
			return Amount{}, parseError(in, "no digits", ErrInvalidAmount)
		case f == "":
			return Amount{}, parseError(in, "no digits after the decimal point", ErrInvalidAmount)
		}
		n := 0
		for j := 0; j < len(f); j++ {
			c := f[j]
			if c < '0' || c > '9' {
				return Amount{}, parseError(in, "unexpected character", ErrInvalidAmount)
			}
			n++
		}
		if n > 2 {
			return Amount{}, parseError(in, "more than two decimal places", ErrInvalidAmount)
		}
		pence = uint64(f[0] - '0')
		if n == 2 {
			pence = pence*10 + uint64(f[1]-'0')
		} else {
			pence *= 10
		}
	} else if digits == 0 {
		return Amount{}, parseError(in, "no digits", ErrInvalidAmount)
	}
	if whole > math.MaxInt64/100 {
		return Amount{}, parseError(in, "too large", ErrOverflow)
	}
	total := whole*100 + pence
	if total > math.MaxInt64 {
		return Amount{}, parseError(in, "too large", ErrOverflow)
	}
	if neg {
		return Amount{pence: -int64(total)}, nil
	}
	return Amount{pence: int64(total)}, nil
}

// Pence returns the amount as a whole number of pence.
func (a Amount) Pence() int64 { return a.pence }

// IsZero reports whether a is £0.00.
func (a Amount) IsZero() bool { return a.pence == 0 }

// IsNegative reports whether a is below £0.00.
func (a Amount) IsNegative() bool { return a.pence < 0 }

// IsPositive reports whether a is above £0.00.
func (a Amount) IsPositive() bool { return a.pence > 0 }

// Cmp compares a and b, returning -1 if a < b, 0 if a == b and +1 if a > b.
func (a Amount) Cmp(b Amount) int {
	switch {
	case a.pence < b.pence:
		return -1
	case a.pence > b.pence:
		return 1
	}
	return 0
}

// Add returns a+b. Amounts are 64-bit pence, so no sum of real money
// overflows; if one ever would, Add saturates at the largest or smallest
// Amount rather than wrapping round to the opposite sign. Use [Amount.AddChecked]
// where inputs are untrusted and an error is wanted instead.
func (a Amount) Add(b Amount) Amount {
	s, err := a.AddChecked(b)
	if err != nil {
		// mutation: equivalent — b > 0 vs b >= 0: an overflowing b is never 0.
		if b.pence > 0 {
			return Amount{pence: math.MaxInt64}
		}
		return Amount{pence: math.MinInt64}
	}
	return s
}

// AddChecked returns a+b, or ErrOverflow if the sum does not fit.
func (a Amount) AddChecked(b Amount) (Amount, error) {
	s := a.pence + b.pence
	// mutation: equivalent — any >/>= or </<= here: b == 0 gives s == a, and b != 0 never gives s == a.
	if (b.pence > 0 && s < a.pence) || (b.pence < 0 && s > a.pence) {
		return Amount{}, ErrOverflow
	}
	return Amount{pence: s}, nil
}

// Sub returns a-b, saturating like [Amount.Add].
func (a Amount) Sub(b Amount) Amount {
	d, err := a.SubChecked(b)
	if err != nil {
		// mutation: equivalent — b < 0 vs b <= 0: an overflowing b is never 0.
		if b.pence < 0 {
			return Amount{pence: math.MaxInt64}
		}
		return Amount{pence: math.MinInt64}
	}
	return d
}

// SubChecked returns a-b, or ErrOverflow if the difference does not fit.
func (a Amount) SubChecked(b Amount) (Amount, error) {
	d := a.pence - b.pence
	// mutation: equivalent — any >/>= or </<= here: b == 0 gives d == a, and b != 0 never gives d == a.
	if (b.pence > 0 && d > a.pence) || (b.pence < 0 && d < a.pence) {
		return Amount{}, ErrOverflow
	}
	return Amount{pence: d}, nil
}

// Neg returns -a. The one Amount without a negation, the smallest, gives the
// largest.
func (a Amount) Neg() Amount {
	if a.pence == math.MinInt64 {
		return Amount{pence: math.MaxInt64}
	}
	return Amount{pence: -a.pence}
}

// Abs returns the magnitude of a, saturating like [Amount.Neg].
func (a Amount) Abs() Amount {
	// mutation: equivalent — a < 0 vs a <= 0: the negation of zero is zero.
	if a.pence < 0 {
		return a.Neg()
	}
	return a
}

// Sum adds amounts, returning ErrOverflow rather than saturating.
func Sum(amounts ...Amount) (Amount, error) {
	var t Amount
	for _, a := range amounts {
		var err error
		if t, err = t.AddChecked(a); err != nil {
			return Amount{}, err
		}
	}
	return t, nil
}

// RoundingMode says how a result that falls between two whole pence is
// rounded. The zero value is RoundHalfUp.
type RoundingMode uint8

const (
	// RoundHalfUp rounds to the nearest penny, and a result exactly half way
	// away from zero: 2.5p → 3p, -2.5p → -3p. This is the usual commercial
	// rounding.
	RoundHalfUp RoundingMode = iota
	// RoundHalfEven rounds to the nearest penny, and a result exactly half
	// way to the even penny ("banker's rounding"): 2.5p → 2p, 3.5p → 4p. It
	// avoids bias when many results are added.
	RoundHalfEven
	// RoundDown drops the fraction of a penny, rounding towards zero: 2.9p →
	// 2p, -2.9p → -2p. Use it when a resident must never be charged more than
	// the exact figure.
	RoundDown
)

// String returns the mode's name: "half-up", "half-even" or "down".
func (m RoundingMode) String() string {
	switch m {
	case RoundHalfUp:
		return "half-up"
	case RoundHalfEven:
		return "half-even"
	case RoundDown:
		return "down"
	}
	return "RoundingMode(" + strconv.Itoa(int(m)) + ")"
}

var roundingNames = [...]string{"half-up", "half-even", "down"}

// MarshalText encodes the mode's name, "half-up" for the zero RoundHalfUp;
// an undefined mode is an error.
func (m RoundingMode) MarshalText() ([]byte, error) {
	return enum.Marshal(roundingNames[:], m, "payments", "RoundingMode")
}

// UnmarshalText decodes a name written by MarshalText.
func (m *RoundingMode) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[RoundingMode](roundingNames[:], string(b))
	if !ok {
		return fmt.Errorf("%w: %v", ErrInvalidAmount, enum.Unknown("payments", "rounding mode", string(b)))
	}
	*m = v
	return nil
}

// MulRatio returns a×num/den rounded to a whole penny by mode, for fractions
// such as "3/12 of the annual charge". It works in exact 128-bit integer
// arithmetic, so a×num may exceed 64 bits as long as the result fits. It
// returns ErrDivisionByZero if den is 0, ErrOverflow if the result does not
// fit, and ErrInvalidAmount for an unknown mode.
func (a Amount) MulRatio(num, den int64, mode RoundingMode) (Amount, error) {
	if den == 0 {
		return Amount{}, ErrDivisionByZero
	}
	if mode > RoundDown {
		return Amount{}, fmt.Errorf("%w: unknown rounding mode %d", ErrInvalidAmount, mode)
	}
	// mutation: equivalent — any < 0 here as <= 0: a zero amount or numerator gives 0, which is made unsigned below; den 0 is refused above.
	neg := (a.pence < 0) != (num < 0) != (den < 0)
	m, n, d := magnitude(a.pence), magnitude(num), magnitude(den)
	hi, lo := bits.Mul64(m, n)
	if hi >= d {
		return Amount{}, ErrOverflow
	}
	q, r := bits.Div64(hi, lo, d)
	if r != 0 {
		// Compare r with d-r to find whether the fraction is below, at or
		// above one half without overflowing 2r.
		up := false
		switch mode {
		case RoundHalfUp:
			up = r >= d-r
		case RoundHalfEven:
			up = r > d-r || (r == d-r && q%2 == 1)
		}
		if up {
			if q == math.MaxUint64 {
				// Rounding up would wrap to zero; the result is 2^64
				// pence, beyond any Amount.
				return Amount{}, ErrOverflow
			}
			q++
		}
	}
	// mutation: equivalent — any change here: a zero q gives £0.00 whatever the sign.
	if q == 0 && r == 0 {
		neg = false
	}
	return fromMagnitude(q, neg)
}

// MulPercent returns percent per cent of a, rounded to a whole penny by mode:
// a.MulPercent(decimal.RequireFromString("17.5"), RoundHalfUp). The product is
// computed exactly with shopspring/decimal before rounding once. It returns
// ErrOverflow if the result does not fit and ErrInvalidAmount for an unknown
// mode.
func (a Amount) MulPercent(percent decimal.Decimal, mode RoundingMode) (Amount, error) {
	return a.MulDecimal(percent.Shift(-2), mode)
}

// MulDecimal returns a×factor rounded to a whole penny by mode, computed
// exactly with shopspring/decimal before rounding once.
func (a Amount) MulDecimal(factor decimal.Decimal, mode RoundingMode) (Amount, error) {
	x := decimal.NewFromInt(a.pence).Mul(factor)
	switch mode {
	case RoundHalfUp:
		x = x.Round(0)
	case RoundHalfEven:
		x = x.RoundBank(0)
	case RoundDown:
		x = x.Truncate(0)
	default:
		return Amount{}, fmt.Errorf("%w: unknown rounding mode %d", ErrInvalidAmount, mode)
	}
	bi := x.BigInt()
	if !bi.IsInt64() {
		return Amount{}, ErrOverflow
	}
	return Amount{pence: bi.Int64()}, nil
}

// Split divides a into n parts as equal as possible that always add up to a.
// Parts differ by at most one penny; the odd pennies go one each to the
// earliest parts, so £10.00 split 3 ways is £3.34, £3.33, £3.33, and -£10.00
// is -£3.34, -£3.33, -£3.33.
//
// Split returns ErrInvalidAmount if n < 1: like Allocate, it takes a count
// from the caller, and a bad count is an error, not an empty result.
func (a Amount) Split(n int) ([]Amount, error) {
	if n < 1 {
		return nil, fmt.Errorf("%w: cannot split into %d parts", ErrInvalidAmount, n)
	}
	neg := a.pence < 0 // mutation: equivalent — < vs <= 0: parts of zero are zero whatever the sign.
	m := magnitude(a.pence)
	q, r := m/uint64(n), m%uint64(n)
	out := make([]Amount, n)
	for i := range out {
		p := q
		if uint64(i) < r {
			p++
		}
		out[i], _ = fromMagnitude(p, neg)
	}
	return out, nil
}

// Allocate divides a into parts in proportion to weights, such as 70:30
// between two funds, so that the parts always add up to a exactly.
//
// Each part first gets its exact share rounded towards zero; the pennies left
// over then go one each to the parts whose exact shares had the largest
// fractions of a penny (the largest remainder method), and among equal
// fractions to the earlier part. A zero weight always gets £0.00. A negative
// amount is allocated as its magnitude and every part negated.
//
// Allocate returns ErrInvalidAmount if there are no weights or a weight is
// negative, ErrDivisionByZero if the weights sum to zero and ErrOverflow if
// they sum beyond an int64.
func (a Amount) Allocate(weights ...int64) ([]Amount, error) {
	if len(weights) == 0 {
		return nil, fmt.Errorf("%w: no weights to allocate by", ErrInvalidAmount)
	}
	var total uint64
	for _, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("%w: negative weight %d", ErrInvalidAmount, w)
		}
		total += uint64(w)
		if total > math.MaxInt64 {
			return nil, fmt.Errorf("%w: weights sum beyond an int64", ErrOverflow)
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("%w: weights sum to zero", ErrDivisionByZero)
	}
	neg := a.pence < 0 // mutation: equivalent — < vs <= 0: parts of zero are zero whatever the sign.
	m := magnitude(a.pence)
	parts := make([]uint64, len(weights))
	rems := make([]uint64, len(weights))
	var given uint64
	for i, w := range weights {
		// m×w < 2^64×total because m < 2^64 and w <= total, so the
		// quotient fits in 64 bits and Div64 cannot panic.
		hi, lo := bits.Mul64(m, uint64(w))
		parts[i], rems[i] = bits.Div64(hi, lo, total)
		given += parts[i]
	}
	// mutation: equivalent — left > 0 vs left >= 0: with nothing left the sort hands out no pennies.
	if left := m - given; left > 0 {
		order := make([]int, len(weights))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(x, y int) int {
			switch {
			case rems[x] > rems[y]:
				return -1
			case rems[x] < rems[y]:
				return 1
			}
			return 0
		})
		for _, i := range order[:left] {
			parts[i]++
		}
	}
	out := make([]Amount, len(weights))
	for i, p := range parts {
		out[i], _ = fromMagnitude(p, neg)
	}
	return out, nil
}

// magnitude returns |x| as a uint64, correct for math.MinInt64.
func magnitude(x int64) uint64 {
	// mutation: equivalent — x < 0 vs x <= 0: uint64(-(0+1))+1 wraps to 0.
	if x < 0 {
		return uint64(-(x + 1)) + 1
	}
	return uint64(x)
}

func fromMagnitude(m uint64, neg bool) (Amount, error) {
	switch {
	case neg && m <= 1<<63:
		return Amount{pence: int64(-m)}, nil // -(1<<63) wraps to MinInt64, as wanted
	case !neg && m <= math.MaxInt64:
		return Amount{pence: int64(m)}, nil
	}
	return Amount{}, ErrOverflow
}

// String returns the amount as a person in the UK writes it, "£1,234.56",
// with a minus sign before the pound sign when negative: "-£1,234.56". It is
// the same as Format(councilkit.English) and Format(councilkit.Welsh), but
// much faster.
func (a Amount) String() string {
	var buf [32]byte
	return string(a.AppendString(buf[:0]))
}

// AppendString appends the [Amount.String] form to dst. It does not allocate
// when dst has room.
func (a Amount) AppendString(dst []byte) []byte { return a.appendTo(dst, true) }

// Plain returns the amount with no currency sign or grouping, for files and
// machine interfaces: "1234.56", "-0.01", "0.00".
func (a Amount) Plain() string {
	var buf [32]byte
	return string(a.AppendPlain(buf[:0]))
}

// AppendPlain appends the [Amount.Plain] form to dst. It does not allocate
// when dst has room.
func (a Amount) AppendPlain(dst []byte) []byte { return a.appendTo(dst, false) }

func (a Amount) appendTo(dst []byte, pretty bool) []byte {
	if pretty {
		return a.appendFormat(dst, "£", ",", ".")
	}
	return a.appendFormat(dst, "", "", ".")
}

// appendFormat appends the amount with a currency symbol, a thousands
// separator (none if empty) and a decimal separator.
func (a Amount) appendFormat(dst []byte, symbol, group, decimal string) []byte {
	m := magnitude(a.pence)
	var buf [64]byte
	i := len(buf)
	pence := m % 100
	m /= 100
	buf[i-1] = byte('0' + pence%10)
	buf[i-2] = byte('0' + pence/10)
	i -= 2
	i -= copy(buf[i-len(decimal):i], decimal)
	n := 0
	for {
		if group != "" && n > 0 && n%3 == 0 {
			i -= copy(buf[i-len(group):i], group)
		}
		i--
		buf[i] = byte('0' + m%10)
		m /= 10
		n++
		if m == 0 {
			break
		}
	}
	if a.pence < 0 {
		dst = append(dst, '-')
	}
	dst = append(dst, symbol...)
	return append(dst, buf[i:]...)
}

// localeFormat is how a language writes pounds and pence.
type localeFormat struct {
	symbol, group, decimal string
}

// deriveFormat reads a language's currency symbol and separators from
// golang.org/x/text's CLDR data by formatting a known number.
func deriveFormat(tag language.Tag) (localeFormat, bool) {
	p := message.NewPrinter(tag)
	s := p.Sprint(number.Decimal(1234567, number.Scale(2)))
	g := strings.Index(s, "234")
	d := strings.Index(s, "567")
	// mutation: equivalent — every boundary or ± mutant of g < 1, d < g, d+3 > len(s)-2 decides alike for all 261 tags of x/text's CLDR data (probed).
	if !strings.HasPrefix(s, "1") || g < 1 || d < g || !strings.HasSuffix(s, "00") || d+3 > len(s)-2 {
		return localeFormat{}, false
	}
	f := localeFormat{
		symbol:  p.Sprint(currency.Symbol(currency.GBP)),
		group:   s[1:g],
		decimal: s[d+3 : len(s)-2],
	}
	// mutation: equivalent — > 8 vs >= 8: across the 233 tags that pass the check above, separators are at most 3 bytes and the symbol 5.
	if f.decimal == "" || len(f.group) > 8 || len(f.decimal) > 8 || len(f.symbol) > 8 {
		return localeFormat{}, false
	}
	return f, true
}

// ukFormats holds the formats of the two languages of UK council services,
// derived once from CLDR and never changed.
var ukFormats = func() map[language.Tag]localeFormat {
	m := make(map[language.Tag]localeFormat)
	for _, t := range []language.Tag{language.MustParse("en-GB"), language.MustParse("cy-GB"), language.English, language.MustParse("cy")} {
		if f, ok := deriveFormat(t); ok {
			m[t] = f
		}
	}
	return m
}()

// Format returns the amount formatted for a language with the currency
// symbol, digit grouping and decimal separator of golang.org/x/text's CLDR
// data: "£1,234.56" for en-GB and for cy-GB. A negative amount has a minus
// sign before the currency symbol, "-£1,234.56", as GOV.UK's style guide and
// Welsh usage both write it. Format never rounds: it always shows every
// penny. English and Welsh are derived once and formatted without further
// lookups; other languages are looked up on each call.
func (a Amount) Format(tag language.Tag) string {
	f, ok := ukFormats[tag]
	if !ok {
		if f, ok = deriveFormat(tag); !ok {
			return a.String()
		}
	}
	var buf [64]byte
	return string(a.appendFormat(buf[:0], f.symbol, f.group, f.decimal))
}

// MarshalJSON encodes the amount as a JSON integer of pence, GOV.UK Pay's
// convention: £12.34 is 1234. Use [AmountString] for "12.34".
func (a Amount) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, a.pence, 10), nil
}

// UnmarshalJSON decodes a JSON integer of pence. A fraction ("12.5"), an
// exponent, a string, text JSON does not allow ("+5", "007") or a number
// beyond an int64 is an error matching ErrInvalidAmount or ErrOverflow;
// null leaves the amount unchanged.
func (a *Amount) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if !jsonInteger(b) {
		// strconv.ParseInt would also take "+5" and "007", which JSON
		// does not allow.
		return parseError(s, "not a whole number of pence", ErrInvalidAmount)
	}
	p, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return parseError(s, "too many pence", ErrOverflow)
		}
		return parseError(s, "not a whole number of pence", ErrInvalidAmount)
	}
	a.pence = p
	return nil
}

// jsonInteger reports whether b is a JSON number without fraction or
// exponent: an optional minus sign, then 0 or digits not starting with 0.
func jsonInteger(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 || (b[0] == '0' && len(b) > 1) {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// MarshalText encodes the amount in its [Amount.Plain] form, "1234.56", for
// form values, XML and CSV.
func (a Amount) MarshalText() ([]byte, error) { return a.AppendPlain(nil), nil }

// UnmarshalText decodes any form [ParseAmount] accepts.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Value implements driver.Valuer: an Amount is stored as a bigint of pence.
func (a Amount) Value() (driver.Value, error) { return a.pence, nil }

// Scan implements sql.Scanner for a bigint (or integer text) of pence. NULL
// is an error; scan a nullable column into sql.Null[Amount].
func (a *Amount) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		a.pence = v
		return nil
	case []byte:
		return a.scanText(string(v))
	case string:
		return a.scanText(v)
	case nil:
		return fmt.Errorf("%w: NULL is not an amount", ErrInvalidAmount)
	}
	return fmt.Errorf("%w: cannot scan %T into an Amount", ErrInvalidAmount, src)
}

func (a *Amount) scanText(s string) error {
	p, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: cannot scan %q as pence", ErrInvalidAmount, truncate(s, 30))
	}
	a.pence = p
	return nil
}

// AmountString is an [Amount] whose JSON form is a decimal string of pounds,
// "1234.56", for interfaces that want one. Convert freely:
// AmountString(a) and Amount(s).
type AmountString Amount

// MarshalJSON encodes the amount as a JSON string in the [Amount.Plain] form.
func (s AmountString) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 24), '"')
	b = Amount(s).AppendPlain(b)
	return append(b, '"'), nil
}

// UnmarshalJSON decodes a JSON string in any form [ParseAmount] accepts.
func (s *AmountString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return parseError(string(b), "not a JSON string", ErrInvalidAmount)
	}
	a, err := ParseAmount(str)
	if err != nil {
		return err
	}
	*s = AmountString(a)
	return nil
}

// String returns the [Amount.String] form.
func (s AmountString) String() string { return Amount(s).String() }
