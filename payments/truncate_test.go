package payments

import "testing"

func TestCutUTF8(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 3, "abc"},
		{"a££", 2, "a"},  // byte 2 is inside the first "£" (C2 A3)
		{"a££", 3, "a£"}, // a boundary
		{"€€", 4, "€"},   // "€" is three bytes
		{"€€", 5, "€"},
		{"\xa3\xa3\xa3\xa3\xa3", 2, "\xa3\xa3"}, // not UTF-8: cut where asked
	} {
		if got := cutUTF8(tc.s, tc.n); got != tc.want {
			t.Errorf("cutUTF8(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
	if got := truncate("€€€€€€€€€€€", 30); got != "€€€€€€€€€€…" {
		t.Errorf("truncate = %q", got)
	}
}
