package admissions_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenLocalRound runs a realistic authority round of 360 children and
// 12 schools and compares the whole published result (offers, reasons,
// waiting lists, seed) with testdata/local_round.golden.json. Rerun with
// -update after a deliberate change and review the diff.
func TestGoldenLocalRound(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode admissions.TieBreakMode
	}{
		{"local_round", admissions.SingleTieBreak},
		{"local_round_multiple", admissions.MultipleTieBreak},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := admissionstest.LocalRound()
			cfg.Mode = tc.mode
			s, apps := admissionstest.Generate(cfg)
			s.OfferNearestWithPlace = true
			// Two schools allocate by random draw instead of distance,
			// so that single and multiple tie-breaking differ.
			s.Schools[4].RankBy = admissions.ByRandom
			s.Schools[9].RankBy = admissions.ByRandom
			res, err := admissions.Allocate(s, apps)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", tc.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result differs from %s; rerun with -update and review the diff", path)
			}
		})
	}
}
