// Package jsontest checks that councilkit's stored types survive a JSON
// round trip byte for byte. It is for tests only.
package jsontest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Stable decodes data as a T, as a store reading a record would, and, if
// that succeeds and the value encodes, checks that encoding, decoding and
// encoding again gives the same bytes: what a store writes back must be
// what it read. (The first decode may normalise the input; the fixed point
// is the encoding.) It reports a failure through t and returns the first
// encoding, or nil when data is not a T.
func Stable[T any](t testing.TB, data []byte) []byte {
	t.Helper()
	var v T
	if json.Unmarshal(data, &v) != nil {
		return nil
	}
	b1, err := json.Marshal(&v)
	if err != nil {
		return nil // a value the encoder refuses, such as an out-of-range enum
	}
	var back T
	if err := json.Unmarshal(b1, &back); err != nil {
		t.Fatalf("%T: re-decoding its own encoding %s: %v", v, b1, err)
	}
	b2, err := json.Marshal(&back)
	if err != nil {
		t.Fatalf("%T: re-encoding %s: %v", v, b1, err)
	}
	if !bytes.Equal(b1, b2) {
		t.Fatalf("%T: JSON is not stable:\nfrom  %s\nfirst %s\nthen  %s", v, data, b1, b2)
	}
	return b1
}
