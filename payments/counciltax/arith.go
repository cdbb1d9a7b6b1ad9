package counciltax

import "github.com/lgds/councilkit/payments"

// mulDiv returns a×b/d rounded half up, for non-negative a, b and positive
// d, in exact 128-bit arithmetic (payments.Amount.MulRatio); ok is false if
// the result does not fit in an int64. All money arithmetic in this package
// is whole pence times exact fractions, rounded once.
func mulDiv(a, b, d int64) (int64, bool) {
	// mutation: equivalent — b < 0 vs b <= 0: every caller passes b >= 1; d <= 0 vs d < 0: MulRatio refuses d == 0 too.
	if a < 0 || b < 0 || d <= 0 {
		return 0, false
	}
	r, err := payments.Pence(a).MulRatio(b, d, payments.RoundHalfUp)
	return r.Pence(), err == nil
}
