package councilkit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoOptionFunctions holds the module to the constructor convention in
// the package doc ("There are no option functions anywhere in the
// module"): no exported type may be a function that changes one settings
// value through a pointer, the shape of functional options
// (type Option func(*options)). On the code before issue 16 it reports
// govukpay.Option, sandbox.Option, postgres.Option and onelogin.AuthOption.
func TestNoOptionFunctions(t *testing.T) {
	found := optionFuncs(t, ".")
	for _, f := range found {
		t.Errorf("%s: option function type; use a Config or per-call options struct (see # Conventions in doc.go)", f)
	}
}

// TestNoOptionFunctionsCheckFails shows that the check above can fail.
func TestNoOptionFunctionsCheckFails(t *testing.T) {
	src := `package p
type options struct{ n int }
type Option func(*options)
func WithN(n int) Option { return func(o *options) { o.n = n } }
type Handler func(w int, r *int)
type Callback func(*options) error
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := optionFuncsIn(fset, f)
	if len(got) != 1 || !strings.Contains(got[0], "Option") {
		t.Errorf("found %v, want only Option", got)
	}
}

// optionFuncs parses every non-test Go file under root and returns where
// an option function type is declared.
func optionFuncs(t *testing.T, root string) []string {
	t.Helper()
	var found []string
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
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		found = append(found, optionFuncsIn(fset, f)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// optionFuncsIn returns the exported types in f declared as a function of
// one pointer argument with no result.
func optionFuncsIn(fset *token.FileSet, f *ast.File) []string {
	var found []string
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			ft, ok := ts.Type.(*ast.FuncType)
			if !ok || !ts.Name.IsExported() || ft.Results != nil || ft.Params == nil || len(ft.Params.List) != 1 {
				continue
			}
			p := ft.Params.List[0]
			if _, ptr := p.Type.(*ast.StarExpr); ptr && len(p.Names) <= 1 {
				found = append(found, fset.Position(ts.Pos()).String()+" "+ts.Name.Name)
			}
		}
	}
	return found
}
