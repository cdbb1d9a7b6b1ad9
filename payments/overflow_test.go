package payments

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

// Every arithmetic path of Amount that can leave the int64 range must say so
// (ErrOverflow) or saturate as documented, never wrap. These tests pin the
// boundaries: results of exactly ±(2^63−1), −2^63, and 128-bit quotients of
// exactly 2^64−1 that rounding would carry to 2^64 (issue 15 finding 11).

// TestMulRatioQuotientAtUint64Max is the reported case: 253921 ×
// 145295143558111 = 2^65 − 1, so halving it is 2^64 − 1 remainder 1, which
// rounds half up to 2^64. MulRatio returned £0.00 with no error.
func TestMulRatioQuotientAtUint64Max(t *testing.T) {
	for _, tt := range []struct {
		pence, num, den int64
		mode            RoundingMode
	}{
		{253921, 145295143558111, 2, RoundHalfUp},
		{253921, 145295143558111, 2, RoundHalfEven}, // q = 2^64−1 is odd: half-even also rounds up
		{-253921, 145295143558111, 2, RoundHalfUp},
		{253921, -145295143558111, -2, RoundHalfEven},
	} {
		got, err := Pence(tt.pence).MulRatio(tt.num, tt.den, tt.mode)
		if !errors.Is(err, ErrOverflow) {
			t.Errorf("Pence(%d).MulRatio(%d, %d, %v) = %v, %v; want ErrOverflow", tt.pence, tt.num, tt.den, tt.mode, got, err)
		}
	}
	// Rounding down the same quotient is still 2^64−1 pence: also too big.
	if got, err := Pence(253921).MulRatio(145295143558111, 2, RoundDown); !errors.Is(err, ErrOverflow) {
		t.Errorf("RoundDown of 2^64−1: %v, %v; want ErrOverflow", got, err)
	}
}

// mulRatioBig is MulRatio computed with math/big: the exact rational rounded
// by mode, and whether it fits in an int64.
func mulRatioBig(p, num, den int64, mode RoundingMode) (int64, bool) {
	x := new(big.Int).Mul(big.NewInt(p), big.NewInt(num))
	d := big.NewInt(den)
	if d.Sign() < 0 {
		x.Neg(x)
		d.Neg(d)
	}
	neg := x.Sign() < 0
	x.Abs(x)
	q, r := new(big.Int).QuoRem(x, d, new(big.Int))
	twice := new(big.Int).Lsh(r, 1).Cmp(d) // sign of 2r − d
	if r.Sign() != 0 {
		switch mode {
		case RoundHalfUp:
			if twice >= 0 {
				q.Add(q, big.NewInt(1))
			}
		case RoundHalfEven:
			if twice > 0 || (twice == 0 && q.Bit(0) == 1) {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	if neg {
		q.Neg(q)
	}
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// TestMulRatioBoundaries checks MulRatio against math/big over every
// combination of boundary values of amount, numerator and denominator, signs
// included, in every rounding mode.
func TestMulRatioBoundaries(t *testing.T) {
	edges := []int64{
		0, 1, 2, 3, 7, 100, 253921, 145295143558111,
		1<<31 - 1, 1 << 32, 1<<32 + 1, 1 << 62, 1<<62 - 1, 1<<62 + 1,
		math.MaxInt64 - 1, math.MaxInt64, math.MaxInt64 / 2, math.MaxInt64/2 + 1,
	}
	var values []int64
	for _, e := range edges {
		values = append(values, e, -e)
	}
	values = append(values, math.MinInt64, math.MinInt64+1)
	modes := []RoundingMode{RoundHalfUp, RoundHalfEven, RoundDown}
	for _, p := range values {
		for _, num := range values {
			for _, den := range values {
				if den == 0 {
					continue
				}
				for _, mode := range modes {
					got, err := Pence(p).MulRatio(num, den, mode)
					want, fits := mulRatioBig(p, num, den, mode)
					switch {
					case !fits && !errors.Is(err, ErrOverflow):
						t.Fatalf("Pence(%d).MulRatio(%d, %d, %v) = %d, %v; want ErrOverflow", p, num, den, mode, got.Pence(), err)
					case fits && (err != nil || got.Pence() != want):
						t.Fatalf("Pence(%d).MulRatio(%d, %d, %v) = %d, %v; want %d", p, num, den, mode, got.Pence(), err, want)
					}
				}
			}
		}
	}
}

// TestMulDecimalBoundaries: the decimal path reaches exactly the int64 limits
// and refuses one penny beyond them, in every mode.
func TestMulDecimalBoundaries(t *testing.T) {
	for _, mode := range []RoundingMode{RoundHalfUp, RoundHalfEven, RoundDown} {
		if got, err := Pence(math.MaxInt64).MulDecimal(decimal.NewFromInt(1), mode); err != nil || got.Pence() != math.MaxInt64 {
			t.Errorf("max×1 %v = %v, %v", mode, got, err)
		}
		if got, err := Pence(math.MaxInt64).MulDecimal(decimal.NewFromInt(-1), mode); err != nil || got.Pence() != -math.MaxInt64 {
			t.Errorf("max×-1 %v = %v, %v", mode, got, err)
		}
		if _, err := Pence(math.MinInt64).MulDecimal(decimal.NewFromInt(-1), mode); !errors.Is(err, ErrOverflow) {
			t.Errorf("min×-1 %v: %v, want ErrOverflow", mode, err)
		}
		// 2^63 exactly, a result one penny past the largest Amount.
		if _, err := Pence(1<<62).MulDecimal(decimal.NewFromInt(2), mode); !errors.Is(err, ErrOverflow) {
			t.Errorf("2^62×2 %v: %v, want ErrOverflow", mode, err)
		}
		if got, err := Pence(1<<62).MulDecimal(decimal.NewFromInt(-2), mode); err != nil || got.Pence() != math.MinInt64 {
			t.Errorf("2^62×-2 %v = %v, %v; want the smallest Amount", mode, got, err)
		}
		if _, err := Pence(math.MaxInt64).MulPercent(decimal.RequireFromString("100.0000000001"), mode); mode != RoundDown && !errors.Is(err, ErrOverflow) {
			t.Errorf("max×100.0000000001%% %v: %v, want ErrOverflow", mode, err)
		}
	}
}

// TestAddSubBoundaries: the checked forms refuse exactly the sums that leave
// the int64 range and accept the ones that land on its ends; the plain forms
// saturate towards the sign of the true result.
func TestAddSubBoundaries(t *testing.T) {
	max, min := Pence(math.MaxInt64), Pence(math.MinInt64)
	ok := []struct{ a, b, sum Amount }{
		{Pence(math.MaxInt64 - 1), Pence(1), max},
		{Pence(math.MinInt64 + 1), Pence(-1), min},
		{max, min, Pence(-1)},
		{max, Pence(0), max},
		{min, Pence(0), min},
	}
	for _, tt := range ok {
		if got, err := tt.a.AddChecked(tt.b); err != nil || got != tt.sum {
			t.Errorf("%d.AddChecked(%d) = %d, %v", tt.a.Pence(), tt.b.Pence(), got.Pence(), err)
		}
		if got := tt.a.Add(tt.b); got != tt.sum {
			t.Errorf("%d.Add(%d) = %d", tt.a.Pence(), tt.b.Pence(), got.Pence())
		}
		if got, err := tt.sum.SubChecked(tt.b); err != nil || got != tt.a {
			t.Errorf("%d.SubChecked(%d) = %d, %v", tt.sum.Pence(), tt.b.Pence(), got.Pence(), err)
		}
		if got := tt.sum.Sub(tt.b); got != tt.a {
			t.Errorf("%d.Sub(%d) = %d", tt.sum.Pence(), tt.b.Pence(), got.Pence())
		}
	}
	over := []struct {
		a, b, saturated Amount
	}{
		{max, Pence(1), max},
		{max, max, max},
		{min, Pence(-1), min},
		{min, min, min},
		{Pence(1), max, max},
		{Pence(-2), min, min},
	}
	for _, tt := range over {
		if got, err := tt.a.AddChecked(tt.b); !errors.Is(err, ErrOverflow) {
			t.Errorf("%d.AddChecked(%d) = %d, %v; want ErrOverflow", tt.a.Pence(), tt.b.Pence(), got.Pence(), err)
		}
		if got := tt.a.Add(tt.b); got != tt.saturated {
			t.Errorf("%d.Add(%d) = %d, want %d", tt.a.Pence(), tt.b.Pence(), got.Pence(), tt.saturated.Pence())
		}
		if got, err := tt.a.SubChecked(tt.b.Neg()); tt.b != min && !errors.Is(err, ErrOverflow) {
			t.Errorf("%d.SubChecked(%d) = %d, %v; want ErrOverflow", tt.a.Pence(), tt.b.Neg().Pence(), got.Pence(), err)
		}
	}
	if got := Pence(0).Sub(min); got != max {
		t.Errorf("0 − min = %d, want the largest Amount", got.Pence())
	}
	if got := Pence(-2).Sub(max); got != min {
		t.Errorf("−2 − max = %d, want the smallest Amount", got.Pence())
	}
	if got := Pence(-1).Sub(max); got != min {
		t.Errorf("−1 − max = %d, want the smallest Amount (exactly)", got.Pence())
	}
	if _, err := Sum(min, Pence(-1)); !errors.Is(err, ErrOverflow) {
		t.Errorf("Sum(min, -1): %v", err)
	}
	if s, err := Sum(max, min, Pence(1)); err != nil || s != Pence(0) {
		t.Errorf("Sum(max, min, 1) = %v, %v", s, err)
	}
}

// TestPoundsBoundaries: Pounds saturates just past ±MaxInt64/100 pounds and
// is exact up to them.
func TestPoundsBoundaries(t *testing.T) {
	const limit = math.MaxInt64 / 100
	for _, tt := range []struct{ pounds, pence int64 }{
		{limit, limit * 100},
		{-limit, -limit * 100},
		{limit + 1, math.MaxInt64},
		{-limit - 1, math.MinInt64},
		{math.MaxInt64, math.MaxInt64},
		{math.MinInt64, math.MinInt64},
		{-1, -100},
	} {
		if got := Pounds(tt.pounds).Pence(); got != tt.pence {
			t.Errorf("Pounds(%d) = %d pence, want %d", tt.pounds, got, tt.pence)
		}
	}
}

// TestSplitAllocateBoundaries: the smallest Amount, whose magnitude does not
// fit in an int64, divides without wrapping, and the parts add up.
func TestSplitAllocateBoundaries(t *testing.T) {
	min := Pence(math.MinInt64)
	for _, n := range []int{1, 2, 3, 7} {
		parts, err := min.Split(n)
		if err != nil {
			t.Fatalf("min.Split(%d): %v", n, err)
		}
		if s, err := Sum(parts...); err != nil || s != min {
			t.Errorf("min.Split(%d) = %v sums to %v, %v", n, parts, s, err)
		}
		for _, p := range parts {
			if !p.IsNegative() {
				t.Errorf("min.Split(%d) has a part %v that is not negative", n, p)
			}
		}
	}
	if got, err := min.Split(1); err != nil || got[0] != min {
		t.Errorf("min.Split(1) = %v", got)
	}
	for _, weights := range [][]int64{{1}, {1, 2}, {math.MaxInt64}, {math.MaxInt64 - 1, 1}, {3, 3, 3}} {
		for _, a := range []Amount{min, Pence(math.MaxInt64), Pence(-1), Pence(1)} {
			parts, err := a.Allocate(weights...)
			if err != nil {
				t.Fatalf("%d.Allocate(%v): %v", a.Pence(), weights, err)
			}
			if s, err := Sum(parts...); err != nil || s != a {
				t.Errorf("%d.Allocate(%v) = %v sums to %v, %v", a.Pence(), weights, parts, s, err)
			}
		}
	}
	// Weights that sum to exactly MaxInt64 are accepted; one more is not.
	if _, err := Pence(100).Allocate(math.MaxInt64-1, 1); err != nil {
		t.Errorf("weights summing to MaxInt64: %v", err)
	}
	if _, err := Pence(100).Allocate(math.MaxInt64-1, 1, 1); !errors.Is(err, ErrOverflow) {
		t.Errorf("weights summing past MaxInt64: %v", err)
	}
}
