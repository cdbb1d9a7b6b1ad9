// Package msg holds the type in which every councilkit package keeps the
// messages it shows a resident: one catalogue per package, in a file named
// messages.go, with each message's English and Welsh side by side under a
// stable key, so that a translator can read a package's whole vocabulary in
// one place and a test (package internal/msgtest) can check that every
// message has both languages and the same placeholders in each.
//
// A placeholder is a name in braces, {max} or {date}, filled in by
// [Catalogue.Format] from name–value pairs. Names, not positions, because
// Welsh puts words in a different order from English; values are already
// formatted for the language (a date is "1 April 2026" or "1 Ebrill 2026").
package msg

import "strings"

// Pair is one message in English and in Welsh.
type Pair struct {
	English string
	Welsh   string
}

// Catalogue maps each message's key to its text. Keys are stable, dotted
// and lower case ("postcode.invalid"); a key is never reused for a message
// with another meaning.
type Catalogue map[string]Pair

// Format returns the message key in English and Welsh, with each {name}
// placeholder replaced by the value that follows name in args: Format(
// "too_long", "max", "255"). A value is a string, the same in both
// languages, or a Pair, whose English fills the English and whose Welsh
// the Welsh ("yn Lloegr", "yng Nghymru": Welsh mutates a name after a
// preposition, so the phrase is translated whole). A name that args does
// not give is left as it is. A key not in the catalogue comes back as the
// key itself in both languages, a programming error the package's
// catalogue test reports.
func (c Catalogue) Format(key string, args ...any) (english, welsh string) {
	p, ok := c[key]
	if !ok {
		return key, key
	}
	if len(args) == 0 {
		return p.English, p.Welsh
	}
	return fill(p.English, false, args), fill(p.Welsh, true, args)
}

// Fill replaces each {name} placeholder in s by the value that follows
// name in args, as [Catalogue.Format] does, taking the English of a Pair.
func Fill(s string, args ...any) string { return fill(s, false, args) }

func fill(s string, welsh bool, args []any) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexAny(s[i+1:], "{}")
		if j < 0 {
			break
		}
		j += i + 1
		if s[j] == '{' { // a stray brace: the placeholder starts at the next
			b.WriteString(s[:j])
			s = s[j:]
			continue
		}
		v, ok := lookup(s[i+1:j], welsh, args)
		if !ok {
			b.WriteString(s[:j+1])
			s = s[j+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[j+1:]
	}
	b.WriteString(s)
	return b.String()
}

func lookup(name string, welsh bool, args []any) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if n, _ := args[i].(string); n != name {
			continue
		}
		switch v := args[i+1].(type) {
		case string:
			return v, true
		case Pair:
			if welsh {
				return v.Welsh, true
			}
			return v.English, true
		}
	}
	return "", false
}

// Placeholders returns the names of the placeholders in s, in order, with
// repeats, and whether every brace in s belongs to a well-formed
// placeholder: a name of lower-case letters, digits and underscores.
func Placeholders(s string) (names []string, ok bool) {
	ok = true
	for {
		i := strings.IndexAny(s, "{}")
		if i < 0 {
			return names, ok
		}
		if s[i] == '}' {
			ok = false
			s = s[i+1:]
			continue
		}
		j := strings.IndexAny(s[i+1:], "{}")
		if j < 0 || s[i+1+j] != '}' || !isName(s[i+1:i+1+j]) {
			ok = false
			s = s[i+1:]
			continue
		}
		names = append(names, s[i+1:i+1+j])
		s = s[i+1+j+1:]
	}
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
