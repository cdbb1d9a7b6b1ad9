// Package enum holds the few lines every councilkit enum's String, text and
// JSON methods share, so that they all read and write names the same way:
// each value, its zero value included, has one name in a table indexed by
// the value.
package enum

import (
	"fmt"
	"slices"
)

// Name returns names[v], or "Type(n)" (typ names the type) for a value the
// table does not define.
func Name[T ~uint8](names []string, v T, typ string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, uint8(v))
}

// Marshal returns names[v] as text, or an error naming pkg and typ for a
// value the table does not define.
func Marshal[T ~uint8](names []string, v T, pkg, typ string) ([]byte, error) {
	if int(v) < len(names) {
		return []byte(names[v]), nil
	}
	return nil, fmt.Errorf("%s: cannot marshal undefined %s %d", pkg, typ, uint8(v))
}

// Parse returns the value named s, and false if no value has that name.
func Parse[T ~uint8](names []string, s string) (T, bool) {
	if i := slices.Index(names, s); i >= 0 {
		return T(i), true
	}
	return 0, false
}

// Unknown returns the error for text that names no value, quoting at most
// the first 40 characters of it.
func Unknown(pkg, what string, s string) error {
	return fmt.Errorf("%s: unknown %s %.40q", pkg, what, s)
}
