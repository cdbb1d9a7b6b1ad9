// Package enumtest checks councilkit's enum rule: every value of an enum,
// its zero value included, has a readable name, and its String, text and
// JSON forms are produced the same way and read back to the same value. It
// is for tests only.
package enumtest

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Enum is what every councilkit enum implements.
type Enum interface {
	comparable
	String() string
	encoding.TextMarshaler
}

// RoundTrip checks each of values, which must list every defined value of
// the enum, zero first. For each value v it checks that:
//   - v.String() is non-empty, does not look like a fallback such as
//     "Status(0)", and differs from every other value's;
//   - v.MarshalText() succeeds with non-empty text, different from every
//     other value's (usually the String form; a code such as a band
//     letter where String is for display);
//   - UnmarshalText reads both the text and the String form back to v;
//   - json.Marshal(v) is the JSON string of the text and json.Unmarshal
//     reads it back to v;
//   - parse(v.String()) gives v back, when parse is not nil.
//
// It also checks that the value one past the largest in values, which the
// enum does not define, cannot be marshalled: text no decoder could read
// must not be written.
//
// P must be *T, so that the unmarshalling methods can be called.
func RoundTrip[T Enum, P interface {
	*T
	encoding.TextUnmarshaler
}](t *testing.T, values []T, parse func(string) (T, error)) {
	t.Helper()
	if len(values) == 0 {
		t.Fatal("no values")
	}
	var zero T
	if values[0] != zero {
		t.Errorf("%T: the first value %v is not the zero value", zero, values[0])
	}
	names := make(map[string]T, len(values))
	texts := make(map[string]T, len(values))
	for _, v := range values {
		name := v.String()
		if name == "" || strings.ContainsAny(name, "()") {
			t.Errorf("%T(%v): String() = %q, want a readable name", v, any(v), name)
			continue
		}
		if other, dup := names[name]; dup {
			t.Errorf("%T: String %q names two values (%v and %v)", v, name, any(other), any(v))
		}
		names[name] = v
		b, err := v.MarshalText()
		text := string(b)
		if err != nil || text == "" {
			t.Errorf("%T %q: MarshalText() = %q, %v; want its name", v, name, text, err)
			continue
		}
		if other, dup := texts[text]; dup {
			t.Errorf("%T: text %q names two values (%v and %v)", v, text, any(other), any(v))
		}
		texts[text] = v
		for _, form := range []string{text, name} {
			var back T
			if err := P(&back).UnmarshalText([]byte(form)); err != nil || back != v {
				t.Errorf("%T %q: UnmarshalText(%q) = %v, %v; want %v", v, name, form, any(back), err, any(v))
			}
		}
		js, err := json.Marshal(v)
		if want := strconv.Quote(text); err != nil || string(js) != want {
			t.Errorf("%T %q: json.Marshal = %s, %v; want %s", v, name, js, err, want)
		}
		var jback T
		if err := json.Unmarshal(js, &jback); err != nil || jback != v {
			t.Errorf("%T %q: json.Unmarshal(%s) = %v, %v; want %v", v, name, js, any(jback), err, any(v))
		}
		if parse != nil {
			if p, err := parse(name); err != nil || p != v {
				t.Errorf("%T %q: parse = %v, %v; want %v", v, name, any(p), err, any(v))
			}
		}
	}
	var undefined T
	u := reflect.ValueOf(&undefined).Elem()
	switch u.Kind() {
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		var most uint64
		for _, v := range values {
			most = max(most, reflect.ValueOf(v).Uint())
		}
		if u.OverflowUint(most + 1) {
			return
		}
		u.SetUint(most + 1)
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		var most int64
		for _, v := range values {
			most = max(most, reflect.ValueOf(v).Int())
		}
		if u.OverflowInt(most + 1) {
			return
		}
		u.SetInt(most + 1)
	default:
		return
	}
	if b, err := undefined.MarshalText(); err == nil {
		t.Errorf("%T: undefined value %s marshals as %q", undefined, u, b)
	}
}

// Upto returns each value of an enum from its zero value to last
// inclusive, for RoundTrip.
func Upto[T ~uint8](last T) []T {
	out := make([]T, 0, int(last)+1)
	for v := T(0); ; v++ {
		out = append(out, v)
		if v == last {
			return out
		}
	}
}
