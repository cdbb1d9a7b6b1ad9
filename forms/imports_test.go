package forms

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// No package of the module's library imports forms: forms imports the
// domain packages for its identifier tags, so a domain that imported it
// would make a cycle, or a tangle the next change turns into one. The
// domains check their own tags with councilkit.ValidateStruct (see
// "Validation" under "Conventions" in the root package doc). Examples may
// use forms, as a council's service does.
func TestNoLibraryPackageImportsForms(t *testing.T) {
	const self = "github.com/lgds/councilkit/forms"
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "examples", "forms", "testdata", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == self {
				t.Errorf("%s imports %s", path, self)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
