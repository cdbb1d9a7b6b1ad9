package planning

import (
	"slices"
	"testing"
)

// FuzzNameScannerSplit: the scanner finds the same names whether the
// bytes come in one piece or two (an inflating reader hands them over in
// pieces of any size), so a name cannot hide across a boundary.
func FuzzNameScannerSplit(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, at uint16) {
		var whole nameScanner
		_, _ = whole.Write(data)
		whole.end()
		k := int(at) % (len(data) + 1)
		var split nameScanner
		_, _ = split.Write(data[:k])
		_, _ = split.Write(data[k:])
		split.end()
		if whole.found != split.found || !slices.Equal(whole.objStms, split.objStms) {
			t.Fatalf("split at %d: found %q and %v, whole: %q and %v", k, split.found, split.objStms, whole.found, whole.objStms)
		}
	})
}
