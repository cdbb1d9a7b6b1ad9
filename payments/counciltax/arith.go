package counciltax

import "math/bits"

// mulDiv returns a×b/d rounded half up, for non-negative a, b and positive
// d, in exact 128-bit arithmetic; ok is false if the result does not fit in
// an int64. All money arithmetic in this package is whole pence times exact
// fractions, rounded once.
func mulDiv(a, b, d int64) (int64, bool) {
	if a < 0 || b < 0 || d <= 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(d) {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, uint64(d))
	if r >= uint64(d)-r {
		q++
	}
	if q > 1<<63-1 {
		return 0, false
	}
	return int64(q), true
}
