package onelogin

import "testing"

func FuzzParseLevel(f *testing.F) {
	for _, s := range []string{"Cl", "Cl.Cm", "Cl.Cm.P2", "Cl.Cm.P1", "Cl.P2", "Cl.Cm.P3", "", "P2", "Cl.Cm.P2.P2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLevel(s)
		if err != nil {
			return
		}
		if l.Valid() != nil {
			t.Fatalf("ParseLevel(%q) = invalid %v", s, l)
		}
		again, err := ParseLevel(l.String())
		if err != nil || again != l {
			t.Fatalf("%q -> %v does not round-trip", s, l)
		}
	})
}
