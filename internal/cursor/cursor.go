// Package cursor encodes the opaque position a paged list hands back with
// each page (payments.ListPage, admissions.ListPage): the sort key of the
// last record of the page, which the next request passes back to continue
// after it (keyset pagination).
//
// A cursor is the URL-safe base64 (no padding) of a version byte, then a
// kind and each field, each as its length (a uvarint) and its bytes. It is
// not signed or encrypted: it holds only what the caller was shown (a
// date, an amount, a record ID), and a cursor that was changed can only
// move the caller to another place in the same council's list, which the
// store checks again. Decode never panics: anything that is not a cursor
// of the kind and field count asked for is ErrInvalid.
package cursor

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// version is the first byte of every cursor; a later encoding takes
// another.
const version = 1

// MaxLen is the longest cursor Decode reads, in characters: far more than
// any real cursor (a sort name, a time, an amount and an ID of at most a
// few hundred bytes), and small enough that a hostile one costs nothing.
const MaxLen = 2048

// ErrInvalid is returned for text that is not a cursor of the kind asked
// for.
var ErrInvalid = errors.New("cursor: not a valid cursor")

// Encode returns the cursor of kind with fields, in order.
func Encode(kind string, fields ...string) string {
	n := 1 + binary.MaxVarintLen64 + len(kind)
	for _, f := range fields {
		n += binary.MaxVarintLen64 + len(f)
	}
	b := make([]byte, 0, n)
	b = append(b, version)
	b = binary.AppendUvarint(b, uint64(len(kind)))
	b = append(b, kind...)
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode returns the n fields of a cursor of kind that Encode made, or
// ErrInvalid.
func Decode(s, kind string, n int) ([]string, error) {
	if s == "" || len(s) > MaxLen {
		return nil, ErrInvalid
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) == 0 || b[0] != version {
		return nil, ErrInvalid
	}
	b = b[1:]
	next := func() (string, bool) {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return "", false
		}
		f := string(b[k : k+int(l)])
		b = b[k+int(l):]
		return f, true
	}
	if k, ok := next(); !ok || k != kind {
		return nil, ErrInvalid
	}
	out := make([]string, 0, n)
	for range n {
		f, ok := next()
		if !ok {
			return nil, ErrInvalid
		}
		out = append(out, f)
	}
	if len(b) != 0 {
		return nil, ErrInvalid
	}
	return out, nil
}
