package planning

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lgds/councilkit/calendar"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestBreakdownGolden pins the breakdowns a resident reads, in English and
// Welsh, for a spread of cases. Run with -update after a deliberate change.
func TestBreakdownGolden(t *testing.T) {
	cases := []struct {
		name string
		in   FeeInput
	}{
		{"householder 2025", FeeInput{Type: TypeHouseholder, Made: in2025}},
		{"51 dwellings 2023", FeeInput{Type: TypeFullMajor, Made: in2023, Category: CategoryDwellings, Dwellings: 51}},
		{"outline 0.7 ha 2025", FeeInput{Type: TypeOutlineMinor, Made: in2025, Category: CategoryDwellings, SiteAreaM2: 7000}},
		{"ldc proposed 2025", FeeInput{Type: TypeLDCProposed, Made: in2025, Category: CategoryHouseholder}},
		{"parish council 2025", FeeInput{Type: TypeFullMinor, Made: in2025, Category: CategoryBuildings, FloorSpaceM2: 300, ParishCouncil: true}},
		{"free go lapsed 2025", FeeInput{Type: TypeHouseholder, Made: in2025,
			FreeGo: FreeGo{Claimed: true, EarlierMade: calendar.MustDate(2023, 9, 1), EarlierDecided: calendar.MustDate(2023, 11, 20)}}},
		{"free go given 2024", FeeInput{Type: TypeHouseholder, Made: calendar.MustDate(2024, 2, 1),
			FreeGo: FreeGo{Claimed: true, EarlierMade: calendar.MustDate(2023, 9, 1), EarlierDecided: calendar.MustDate(2023, 11, 20)}}},
		{"sports club playing field 2025", FeeInput{Type: TypeFullMinor, Made: in2025, Category: CategoryChangeOfUse, SportsClubPlayingField: true}},
		{"2,062 dwellings capped 2023", FeeInput{Type: TypeFullMajor, Made: in2023, Category: CategoryDwellings, Dwellings: 2062}},
		{"free go claimed 2024", FeeInput{Type: TypeHouseholder, Made: calendar.MustDate(2024, 9, 1),
			FreeGo: FreeGo{Claimed: true, EarlierMade: calendar.MustDate(2024, 1, 8), EarlierDecided: calendar.MustDate(2024, 3, 1)}}},
		{"disabled access", FeeInput{Type: TypeHouseholder, Made: in2025, DisabledAccess: true}},
		{"listed building consent", FeeInput{Type: TypeListed, Made: in2025}},
	}
	var b strings.Builder
	for _, c := range cases {
		bd, err := Calculate(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b.WriteString("## " + c.name + " (schedule " + bd.Schedule + ")\n")
		for _, l := range bd.Lines() {
			txt := l.Text()
			b.WriteString("- " + txt.English + ": " + l.Amount.String() + " [" + l.Basis() + "]\n")
			b.WriteString("  " + txt.Welsh + "\n")
		}
		b.WriteString("Total: " + bd.Total().String() + "\n\n")
	}
	path := filepath.Join("testdata", "fee_breakdowns.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("breakdowns differ from %s; got:\n%s", path, b.String())
	}
}
