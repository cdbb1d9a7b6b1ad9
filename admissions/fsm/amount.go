package fsm

import "strconv"

// Amount is a sum of money in pence. (Temporary until payments.Amount lands.)
type Amount struct{ p int64 }

// Pence returns an Amount of p pence.
func Pence(p int64) Amount { return Amount{p} }

func pounds(p int64) Amount { return Amount{p * 100} }

// Pence returns the amount in pence.
func (a Amount) Pence() int64 { return a.p }

// String formats as "£1,234.56".
func (a Amount) String() string {
	p := a.p
	neg := p < 0
	if neg {
		p = -p
	}
	whole := strconv.FormatInt(p/100, 10)
	var b []byte
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	frac := p % 100
	s := "£" + string(b) + "." + string(rune('0'+frac/10)) + string(rune('0'+frac%10))
	if neg {
		return "-" + s
	}
	return s
}

// IsNegative reports whether a is below zero.
func (a Amount) IsNegative() bool { return a.p < 0 }

// Add returns a+b.
func (a Amount) Add(b Amount) Amount { return Amount{a.p + b.p} }

// Cmp compares a and b.
func (a Amount) Cmp(b Amount) int {
	switch {
	case a.p < b.p:
		return -1
	case a.p > b.p:
		return 1
	}
	return 0
}
