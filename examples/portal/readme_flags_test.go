package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestREADMEFlagTable keeps the README's table of the portal's flags true:
// it names every flag the portal defines and no other, and each environment
// variable it gives really sets that flag's default.
func TestREADMEFlagTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := flagRows(string(readme))
	if len(rows) == 0 {
		t.Fatal("README.md has no flag table (rows starting | `-name` |)")
	}
	// Set every documented variable to a marker the usage text shows as
	// the flag's default.
	for _, r := range rows {
		if r.env != "" {
			t.Setenv(r.env, "from-"+r.env)
		}
	}
	var usage bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, &usage); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h: %v", err)
	}
	defined := usageFlags(usage.String())
	var documented []string
	for _, r := range rows {
		documented = append(documented, r.flag)
		if r.env == "" {
			continue
		}
		if !strings.Contains(defined[r.flag], `"from-`+r.env+`"`) {
			t.Errorf("README says %s sets -%s, but with it set the flag's usage is:\n%s", r.env, r.flag, defined[r.flag])
		}
	}
	var names []string
	for name := range defined {
		names = append(names, name)
	}
	slices.Sort(names)
	slices.Sort(documented)
	if !slices.Equal(names, documented) {
		t.Errorf("README flag table lists %v; the portal defines %v", documented, names)
	}
}

type flagRow struct{ flag, env string }

var flagRowRE = regexp.MustCompile("^\\| `-([a-z0-9-]+)` \\| (?:`([A-Z0-9_]+)`)? *\\|")

// flagRows reads the README table's rows: | `-flag` | `ENV` | meaning |.
func flagRows(md string) []flagRow {
	var rows []flagRow
	for _, l := range strings.Split(md, "\n") {
		if m := flagRowRE.FindStringSubmatch(l); m != nil {
			rows = append(rows, flagRow{flag: m[1], env: m[2]})
		}
	}
	return rows
}

// usageFlags reads flag.PrintDefaults output into each flag's text.
func usageFlags(usage string) map[string]string {
	flags := map[string]string{}
	var cur string
	for _, l := range strings.Split(usage, "\n") {
		if strings.HasPrefix(l, "  -") {
			cur = strings.Fields(l)[0][1:]
			flags[cur] = l
		} else if cur != "" && strings.HasPrefix(l, "    ") {
			flags[cur] += "\n" + l
		}
	}
	return flags
}
