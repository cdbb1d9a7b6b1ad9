package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lgds/councilkit/internal/msg"
	"github.com/lgds/councilkit/internal/msgtest"
)

// TestCatalogueComplete runs the module's catalogue check on the portal's
// own catalogue: English and Welsh for every key, no stray space, the same
// placeholders in each, one translation for each English text.
func TestCatalogueComplete(t *testing.T) {
	cat := make(msg.Catalogue, len(catalogue))
	for k, v := range catalogue {
		cat[k] = msg.Pair(v)
	}
	msgtest.Check(t, cat, msgtest.Options{
		NoSource: true, // keys are used in templates; see TestCatalogueKeysAreUsed
		// Welsh answers yes and no with the question's verb ("Nac ydy",
		// "Nac ydw"), and "Submitted" is a state (Wedi’i gyflwyno) and the
		// label of a date (Cyflwynwyd).
		Homonyms: []string{"plan.connection.none", "plan.submitted"},
	})
}

// dynamicKey finds the prefixes of catalogue keys built at run time:
// "prefix." + x in Go and (print "prefix." x) in a template.
var dynamicKey = regexp.MustCompile(`(?:print |)"([a-z0-9_.]+\.)"(?:\s*\+| )`)

// TestCatalogueKeysAreUsed: every key is named in a template or in the
// portal's Go code (or starts with a prefix the code completes), so the
// catalogue holds nothing a translator would translate for no one.
func TestCatalogueKeysAreUsed(t *testing.T) {
	var src strings.Builder
	files, err := assets.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := assets.ReadFile("templates/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	goFiles, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range goFiles {
		if strings.HasSuffix(name, "_test.go") || name == "i18n.go" || name == "i18n_events.go" || name == "i18n_counciltax.go" || name == "i18n_planning.go" {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	// i18n.go declares the catalogue; its code, after the table, counts.
	b, err := os.ReadFile("i18n.go")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "var catalogue")
	if !ok {
		t.Fatal("i18n.go declares no catalogue")
	}
	_, rest, _ := strings.Cut(table, "\n}\n")
	src.WriteString(rest)
	all := src.String()
	prefixes := dynamicKey.FindAllStringSubmatch(all, -1)
	for key := range catalogue {
		if strings.Contains(all, `"`+key+`"`) {
			continue
		}
		// errorPage(w, r, status, "err.x") shows "err.x.title" and "err.x.body".
		if page, ok := strings.CutSuffix(key, ".title"); ok && strings.Contains(all, `"`+page+`")`) {
			continue
		}
		if page, ok := strings.CutSuffix(key, ".body"); ok && strings.Contains(all, `"`+page+`")`) {
			continue
		}
		used := false
		for _, p := range prefixes {
			if strings.HasPrefix(key, p[1]) {
				used = true
				break
			}
		}
		if !used {
			t.Errorf("catalogue key %q is not used by any template or code", key)
		}
	}
}
