// Package msgtest checks a package's message catalogue (see package
// internal/msg): that a translator has left nothing out and that the code
// asks for only what the catalogue holds.
package msgtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lgds/councilkit/internal/msg"
)

// Options says where a package's code looks its messages up.
type Options struct {
	// Dir is the package's directory; "" means the test's working
	// directory, which is the package's own.
	Dir string
	// Func is the name of the package's lookup function, called as
	// Func("key", "name", value, …); "" means "text".
	Func string
	// NoSource checks the catalogue alone, for a catalogue whose keys are
	// used outside Go code (in templates).
	NoSource bool
	// Homonyms lists keys whose English is also another key's but which
	// need other Welsh where they are used (a label and a phrase in a
	// sentence): the check that one English text has one translation
	// passes them over.
	Homonyms []string
}

// Check reports on t every fault in the catalogue cat:
//
//   - a message with no English or no Welsh, or with space at either end;
//   - a message whose placeholders are not the same in both languages
//     (each name as many times in each), or with a brace that is not part
//     of a {name} placeholder;
//   - one English message translated two different ways;
//
// and, reading the package's non-test Go files:
//
//   - a call Func("key", …) whose key is not in cat, or whose placeholder
//     names are not literal strings or are not the message's placeholders;
//   - a key that no string literal outside the catalogue names, so no code
//     can show it.
//
// Duplicate keys need no check: the compiler refuses them in a map literal.
func Check(t testing.TB, cat msg.Catalogue, o Options) {
	t.Helper()
	if len(cat) == 0 {
		t.Errorf("the catalogue is empty")
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range cat {
			if !yield(k) {
				return
			}
		}
	})
	welshOf := map[string]string{}
	for _, k := range keys {
		p := cat[k]
		for _, side := range []struct{ lang, s string }{{"English", p.English}, {"Welsh", p.Welsh}} {
			switch {
			case side.s == "":
				t.Errorf("message %q has no %s", k, side.lang)
			case strings.TrimSpace(side.s) != side.s:
				t.Errorf("message %q: the %s %q has space at an end", k, side.lang, side.s)
			}
		}
		en, okEn := msg.Placeholders(p.English)
		cy, okCy := msg.Placeholders(p.Welsh)
		if !okEn {
			t.Errorf("message %q: the English %q has a brace outside a {name} placeholder", k, p.English)
		}
		if !okCy {
			t.Errorf("message %q: the Welsh %q has a brace outside a {name} placeholder", k, p.Welsh)
		}
		slices.Sort(en)
		slices.Sort(cy)
		if !slices.Equal(en, cy) {
			t.Errorf("message %q: placeholders differ: English %q has %v, Welsh %q has %v", k, p.English, en, p.Welsh, cy)
		}
		if slices.Contains(o.Homonyms, k) {
			continue
		}
		if w, seen := welshOf[p.English]; seen && w != p.Welsh && p.English != "" {
			t.Errorf("message %q: %q is translated both %q and %q in this catalogue", k, p.English, w, p.Welsh)
		} else if !seen {
			welshOf[p.English] = p.Welsh
		}
	}
	if o.NoSource {
		return
	}
	if o.Dir == "" {
		o.Dir = "."
	}
	if o.Func == "" {
		o.Func = "text"
	}
	used, calls, err := scan(o.Dir, o.Func)
	if err != nil {
		t.Fatalf("reading the package's code: %v", err)
	}
	for _, c := range calls {
		p, ok := cat[c.key]
		if !ok {
			t.Errorf("%s: %s(%q): no such message in the catalogue", c.pos, o.Func, c.key)
			continue
		}
		if c.err != "" {
			t.Errorf("%s: %s(%q): %s", c.pos, o.Func, c.key, c.err)
			continue
		}
		want, _ := msg.Placeholders(p.English)
		want = uniq(want)
		got := uniq(c.names)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %s(%q) fills %v, but the message has placeholders %v", c.pos, o.Func, c.key, got, want)
		}
	}
	for _, k := range keys {
		if !used[k] {
			t.Errorf("message %q is not used: no code outside the catalogue names it", k)
		}
	}
}

func uniq(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

type call struct {
	pos   token.Position
	key   string
	names []string
	err   string
}

// scan reads the non-test Go files in dir and returns every string
// literal outside a msg.Catalogue literal's keys, and every call to fn
// with a literal key.
func scan(dir, fn string) (used map[string]bool, calls []call, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	used = map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		catalogueKeys := map[ast.Expr]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if isCatalogueType(n.Type) {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							catalogueKeys[kv.Key] = true
						}
					}
				}
			case *ast.BasicLit:
				if n.Kind == token.STRING && !catalogueKeys[n] {
					if s, err := strconv.Unquote(n.Value); err == nil {
						used[s] = true
					}
				}
			case *ast.CallExpr:
				id, ok := n.Fun.(*ast.Ident)
				if !ok || id.Name != fn || len(n.Args) == 0 || n.Ellipsis.IsValid() {
					return true
				}
				key, ok := literal(n.Args[0])
				if !ok {
					return true // a key worked out at run time
				}
				c := call{pos: fset.Position(n.Pos()), key: key}
				rest := n.Args[1:]
				if len(rest)%2 != 0 {
					c.err = "placeholder names and values do not pair up"
				}
				for i := 0; i < len(rest); i += 2 {
					name, ok := literal(rest[i])
					if !ok {
						c.err = "a placeholder name is not a literal string"
						break
					}
					c.names = append(c.names, name)
				}
				calls = append(calls, c)
			}
			return true
		})
	}
	return used, calls, nil
}

func isCatalogueType(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Catalogue" {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "msg"
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
