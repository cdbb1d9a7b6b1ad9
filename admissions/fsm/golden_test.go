package fsm

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from golden file:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

// The full explanation and JSON of a refusal and of a grant, in English and
// Welsh, kept as golden files so that any change to wording, sources or
// figures shows in review.
func TestExplainGolden(t *testing.T) {
	cases := []struct {
		name string
		app  Application
		asAt string
	}{
		{"uc_refused", Application{
			Parent: testParent(t), Child: testChild(juniorDOB),
			Circumstances: Circumstances{Benefits: []Benefit{BenefitUniversalCredit}, UniversalCreditEarnings: pence(70000, 60000, 60001)},
		}, "2025-06-01"},
		{"protected_infant", Application{
			Parent: testParent(t), Child: testChild("2020-08-31"),
			Circumstances: Circumstances{EligibleSince: d("2024-01-01")},
		}, "2025-09-01"},
		// The first day of the 2026 rules: Universal Credit whatever the
		// earnings (a provisional rule), and the protection of a child
		// first eligible in 2024 ended the day before.
		{"uc_2026_protection_ended", Application{
			Parent: testParent(t), Child: testChild("2012-10-01"),
			Circumstances: Circumstances{Benefits: []Benefit{BenefitUniversalCredit}, UniversalCreditEarnings: pence(250000),
				EligibleSince: d("2024-11-01")},
		}, "2026-09-01"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			dec, err := Decide(&tt.app, d(tt.asAt))
			if err != nil {
				t.Fatal(err)
			}
			text := dec.Explain(councilkit.English) + "\n\n" + dec.Explain(councilkit.Welsh) + "\n"
			golden(t, tt.name+".txt", []byte(text))
			js, err := json.MarshalIndent(dec, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name+".json", append(js, '\n'))
			var back Decision
			if err := json.Unmarshal(js, &back); err != nil {
				t.Fatalf("decision does not round-trip through JSON: %v", err)
			}
			if back.Basis != dec.Basis || back.ReviewOn != dec.ReviewOn || len(back.Reasons) != len(dec.Reasons) {
				t.Errorf("round trip lost data")
			}
		})
	}
}

func TestDecideAllValidation(t *testing.T) {
	var records MemoryRecords
	c := NewLocalChecker(&records, councilkit.NewFixedClock(time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)))
	council := councilkit.MustParseCouncil("E06000047")
	good := Application{Parent: testParent(t), Child: testChild(juniorDOB)}
	bad := good
	bad.Child = testChild("2030-01-01")
	_, err := DecideAll(context.Background(), c, council, []Application{good, bad}, d("2025-10-01"), time.Millisecond)
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("[1]."+FieldChildDateOfBirth, councilkit.CodeInFuture) || len(ve.Problems) != 1 {
		t.Fatalf("err = %v", err)
	}
	if _, err := DecideAll(context.Background(), c, council, nil, d("2025-10-01"), time.Millisecond); !errors.As(err, &ve) {
		t.Fatalf("empty list: %v", err)
	}
	decs, err := DecideAll(context.Background(), c, council, []Application{good}, d("2025-10-01"), time.Millisecond)
	if err != nil || len(decs) != 1 || decs[0].Eligible {
		t.Fatalf("DecideAll = %v, %v", decs, err)
	}
	if r, _ := decs[0].Reason(BasisEligibilityCheck); r.Facts[0].Value != "parentNotFound" {
		t.Errorf("check status fact = %v", r.Facts)
	}
}

func BenchmarkDecide(b *testing.B) {
	app := &Application{
		Parent: testParent(b), Child: testChild(juniorDOB),
		Circumstances: Circumstances{
			Benefits:                []Benefit{BenefitUniversalCredit},
			UniversalCreditEarnings: []payments.Amount{payments.Pence(70000), payments.Pence(60000), payments.Pence(55000)},
		},
	}
	asAt := d("2025-06-01")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decide(app, asAt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLocalBulk1000(b *testing.B) {
	var records MemoryRecords
	council := councilkit.MustParseCouncil("E06000047")
	reqs := make([]CheckRequest, 1000)
	for i := range reqs {
		p := testNASSParent(b)
		p.NASS, _ = ParseNASSNumber(itoa9(i))
		if err := records.Put(council, p, Circumstances{Benefits: []Benefit{BenefitAsylumSupport}}); err != nil {
			b.Fatal(err)
		}
		reqs[i] = p.CheckRequest()
	}
	c := NewLocalChecker(&records, councilkit.NewFixedClock(time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		id, err := c.SubmitBulk(ctx, council, reqs)
		if err != nil {
			b.Fatal(err)
		}
		res, err := c.BulkResults(ctx, council, id)
		if err != nil || res[999].Status != StatusEligible {
			b.Fatal(err, res[999].Status)
		}
	}
}

func itoa9(i int) string {
	s := []byte("100000000")
	for j := 8; i > 0; j-- {
		s[j] = byte('0' + i%10)
		i /= 10
	}
	return string(s)
}
