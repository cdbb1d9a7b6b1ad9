package notify

import "testing"

// Notify's token bucket for its published 3,000 a minute: 50 a second,
// bursting to min(ceil(rate/3)+1, 1001).
func TestLimiterShape(t *testing.T) {
	for _, c := range []struct{ perMinute, burst int }{{3000, 1001}, {60, 21}, {3, 2}} {
		l := newLimiter(c.perMinute)
		if l.Burst() != c.burst || float64(l.Limit()) != float64(c.perMinute)/60 {
			t.Errorf("%d/min: burst %d limit %v", c.perMinute, l.Burst(), l.Limit())
		}
	}
}
