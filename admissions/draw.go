package admissions

import (
	"cmp"
	"strings"
)

// The random draw. It is published as an algorithm so that anyone holding
// the seed can recompute every child's number:
//
//	h    = FNV-1a 64 of the application ID's bytes
//	draw = splitmix64(seed XOR h)                       (single tie-break)
//	draw = splitmix64(seed XOR h XOR splitmix64(URN))   (multiple tie-break)
//
// Lower draws rank first. splitmix64 is Steele, Lea and Flood's SplitMix64
// finaliser (add 0x9E3779B97F4A7C15, then the two multiply-xorshift rounds).

func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func splitmix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// Draw returns the random number a tie-break gives the application with
// this ID at the school with this URN. Under SingleTieBreak the URN is
// ignored: the child has one number for every school.
func (t TieBreak) Draw(applicationID string, school URN) uint64 {
	return t.draw(fnv1a(applicationID), school)
}

func (t TieBreak) draw(idHash uint64, school URN) uint64 {
	x := t.Seed ^ idHash
	if t.Mode == MultipleTieBreak {
		x ^= splitmix64(uint64(school))
	}
	return splitmix64(x)
}

// compare orders two applications tied on everything else at the school
// with this URN: by the full 64-bit draw, then by the lower application ID.
func (t TieBreak) compare(school URN, ida, idb string) int {
	if c := cmp.Compare(t.draw(fnv1a(ida), school), t.draw(fnv1a(idb), school)); c != 0 {
		return c
	}
	return strings.Compare(ida, idb)
}
