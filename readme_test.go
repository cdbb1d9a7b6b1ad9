package councilkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEQuotesExamples keeps the README's Go code from rotting: every
// ```go block in README.md must be a run of lines of the body of an Example
// function somewhere in the module, which go test compiles, runs and checks
// against its // Output: comment. Lines are compared with their white space
// folded, so gofmt's alignment does not matter; blank lines are ignored.
func TestREADMEQuotesExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go blocks; the test would check nothing")
	}
	bodies := exampleBodies(t, ".")
	if len(bodies) < 20 {
		t.Fatalf("found only %d Example functions in the module", len(bodies))
	}
	for _, b := range blocks {
		if name := quotedBy(b.lines, bodies); name == "" {
			t.Errorf("README.md line %d: this ```go block is not part of any Example function's body; "+
				"put it in an Example (with // Output:) and quote that:\n%s", b.line, strings.Join(b.lines, "\n"))
		}
	}
}

// TestREADMEQuoteCheckFails shows that the check above can fail.
func TestREADMEQuoteCheckFails(t *testing.T) {
	bodies := map[string][]string{"ExampleX": {"a := 1", "fmt.Println(a)"}}
	if quotedBy([]string{"a := 1", "fmt.Println(a)"}, bodies) != "ExampleX" {
		t.Error("an exact excerpt was not found")
	}
	if quotedBy([]string{"a := 2"}, bodies) != "" {
		t.Error("a changed line was accepted")
	}
	if quotedBy([]string{"fmt.Println(a)", "a := 1"}, bodies) != "" {
		t.Error("lines out of order were accepted")
	}
}

type codeBlock struct {
	line  int
	lines []string
}

var spaces = regexp.MustCompile(`\s+`)

// fold normalises a line for comparison.
func fold(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// folded splits text into folded, non-blank lines.
func folded(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if f := fold(l); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func goBlocks(md string) []codeBlock {
	var (
		out    []codeBlock
		cur    *codeBlock
		buffer []string
	)
	for i, l := range strings.Split(md, "\n") {
		switch {
		case cur == nil && strings.TrimSpace(l) == "```go":
			cur, buffer = &codeBlock{line: i + 1}, nil
		case cur != nil && strings.TrimSpace(l) == "```":
			cur.lines = folded(strings.Join(buffer, "\n"))
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			buffer = append(buffer, l)
		}
	}
	return out
}

// exampleBodies returns the folded body of every Example function in the
// module's test files, by "dir.ExampleName".
func exampleBodies(t *testing.T, root string) map[string][]string {
	t.Helper()
	bodies := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (n == "testdata" || n == "node_modules" || strings.HasPrefix(n, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil || !strings.HasPrefix(fn.Name.Name, "Example") {
				continue
			}
			from := fset.Position(fn.Body.Lbrace).Offset + 1
			to := fset.Position(fn.Body.Rbrace).Offset
			bodies[filepath.Dir(path)+"."+fn.Name.Name] = folded(string(src[from:to]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bodies
}

// quotedBy names an Example whose body holds want as consecutive lines, or
// returns "".
func quotedBy(want []string, bodies map[string][]string) string {
	for name, body := range bodies {
		for i := 0; i+len(want) <= len(body); i++ {
			match := true
			for j := range want {
				if body[i+j] != want[j] {
					match = false
					break
				}
			}
			if match {
				return name
			}
		}
	}
	return ""
}
