package counciltax

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

// cardiffProfile is Cardiff Council (GSS W06000015) as a deployment would
// describe it. The names are the council's own, in English and Welsh; the
// address, telephone number (from Ofcom's range for drama, 029 2018 0xxx),
// email and website are made up for the test.
func cardiffProfile() councilkit.Profile {
	return councilkit.Profile{
		Council:      councilkit.MustParseCouncil("W06000015"),
		Name:         councilkit.Text{English: "Cardiff Council", Welsh: "Cyngor Caerdydd"},
		Address:      councilkit.Text{English: "Council Tax\nPO Box 1\nCardiff\nCF10 1AA", Welsh: "Y Dreth Gyngor\nBlwch Post 1\nCaerdydd\nCF10 1AA"},
		Phone:        "029 2018 0123",
		Email:        "counciltax@example.gov.uk",
		Website:      "https://www.example.gov.uk/counciltax",
		OpeningHours: councilkit.Text{English: "Monday to Friday, 8:30am to 5pm", Welsh: "Dydd Llun i ddydd Gwener, 8:30yb i 5yp"},
	}
}

// cardiffCharges are invented band D figures for a Welsh council; the
// test is about how the bill names the council, not the amounts.
func cardiffCharges(p councilkit.Profile) Charges {
	return Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Profile: p, Lines: []PreceptLine{
		{Kind: BillingAuthority, Name: "Cyngor Caerdydd / Cardiff Council", BandD: amt("1500.00")},
		{Kind: Police, Name: "Heddlu De Cymru / South Wales Police", BandD: amt("350.00")},
	}}
}

func cardiffAccount() Account {
	return Account{Band: BandC, Instalments: InstalmentOptions{Issued: d(2025, 3, 10)}}
}

// TestGoldenBillProfile: a bill whose charges carry the council's profile
// names the council in the reader's language and ends with its contact
// details; the same bill without a profile names it by its GSS code.
func TestGoldenBillProfile(t *testing.T) {
	b := mustBill(t, cardiffCharges(cardiffProfile()).MustCompile(), cardiffAccount())
	cy, en := b.Text(councilkit.Welsh), b.Text(councilkit.English)
	golden(t, "bill.profile.cy.txt", []byte(cy))
	golden(t, "bill.profile.en.txt", []byte(en))
	j, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "bill.profile.json", append(j, '\n'))
	var back Bill
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	if back.Profile != b.Profile || back.Text(councilkit.Welsh) != cy {
		t.Errorf("JSON round trip lost the profile: %+v", back.Profile)
	}

	for _, c := range []struct {
		text, want, not string
	}{
		{cy, "\nCyngor: Cyngor Caerdydd\n", "W06000015"},
		{en, "\nCouncil: Cardiff Council\n", "W06000015"},
		{cy, "\nManylion cyswllt\nCyngor Caerdydd\nY Dreth Gyngor\n", "Contact details"},
		{en, "\nContact details\nCardiff Council\nCouncil Tax\n", "Manylion"},
		{cy, "\nFfôn: 029 2018 0123\n", ""},
		{en, "\nOpening hours: Monday to Friday, 8:30am to 5pm\n", ""},
	} {
		if !strings.Contains(c.text, c.want) {
			t.Errorf("bill lacks %q:\n%s", c.want, c.text)
		}
		if c.not != "" && strings.Contains(c.text, c.not) {
			t.Errorf("bill has %q:\n%s", c.not, c.text)
		}
	}

	if got := b.CouncilName(councilkit.Welsh) + "/" + b.CouncilName(councilkit.English); got != "Cyngor Caerdydd/Cardiff Council" {
		t.Errorf("CouncilName = %q", got)
	}
	plain := mustBill(t, cardiffCharges(councilkit.Profile{}).MustCompile(), cardiffAccount())
	if got := plain.CouncilName(councilkit.Welsh); got != "W06000015" {
		t.Errorf("CouncilName without a profile = %q", got)
	}
	if got := plain.Text(councilkit.Welsh); !strings.Contains(got, "\nCyngor: W06000015\n") || strings.Contains(got, "Manylion cyswllt") {
		t.Errorf("bill without a profile:\n%s", got)
	}
	// Without a profile the bill is the profiled bill less the name and the
	// contact block: nothing else changes.
	want := strings.Replace(cy, "Cyngor: Cyngor Caerdydd", "Cyngor: W06000015", 1)
	want = want[:strings.Index(want, "\nManylion cyswllt")]
	if got := plain.Text(councilkit.Welsh); got != want {
		t.Errorf("bill without a profile differs beyond the council:\n%s\nwant:\n%s", got, want)
	}
}

// TestBillProfileOtherCouncil: a profile that is not the bill's council's
// (set by hand, or decoded from JSON) is never printed on the bill.
func TestBillProfileOtherCouncil(t *testing.T) {
	b := mustBill(t, cardiffCharges(councilkit.Profile{}).MustCompile(), cardiffAccount())
	other := cardiffProfile()
	other.Council = councilkit.MustParseCouncil("W06000002")
	other.Name = councilkit.Text{English: "Gwynedd Council", Welsh: "Cyngor Gwynedd"}
	b.Profile = other
	if got := b.CouncilName(councilkit.Welsh); got != "W06000015" {
		t.Errorf("CouncilName = %q", got)
	}
	got := b.Text(councilkit.Welsh)
	if !strings.Contains(got, "Cyngor: W06000015\n") || strings.Contains(got, "Gwynedd") || strings.Contains(got, "Manylion") {
		t.Errorf("bill printed another council's profile:\n%s", got)
	}
}

// TestComputeReplacesProfile: a Bill reused across tables (a bulk run over
// several councils' charges) takes each table's profile, and a table
// without one clears it, so no bill carries the council before's name.
func TestComputeReplacesProfile(t *testing.T) {
	named := cardiffCharges(cardiffProfile()).MustCompile()
	unnamed := cardiffCharges(councilkit.Profile{}).MustCompile()
	a := cardiffAccount()
	var b Bill
	if err := named.Compute(&a, &b); err != nil {
		t.Fatal(err)
	}
	if b.Profile != cardiffProfile() || named.Profile() != cardiffProfile() {
		t.Fatalf("profile not carried to the bill: %+v", b.Profile)
	}
	if err := unnamed.Compute(&a, &b); err != nil {
		t.Fatal(err)
	}
	if !b.Profile.IsZero() || strings.Contains(b.Text(councilkit.English), "Council: Cardiff Council") {
		t.Errorf("reused bill kept the previous table's profile: %+v", b.Profile)
	}
	if allocs := testing.AllocsPerRun(20, func() {
		if err := named.Compute(&a, &b); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Errorf("Compute with a profile allocates %v times per bill", allocs)
	}
}

// TestChargesProfileProblems: a profile given with charges must be valid
// and the charges' council's own; every problem is reported at once, under
// "profile.".
func TestChargesProfileProblems(t *testing.T) {
	cases := []struct {
		name  string
		p     func(*councilkit.Profile)
		codes map[string]councilkit.Code
	}{
		{"valid", func(*councilkit.Profile) {}, nil},
		{"another council's", func(p *councilkit.Profile) { p.Council = councilkit.MustParseCouncil("W06000002") },
			map[string]councilkit.Code{"profile.council": CodeProfileMismatch}},
		{"invalid and another council's", func(p *councilkit.Profile) {
			p.Council = councilkit.MustParseCouncil("E06000047")
			p.Name.English = ""
			p.Website = "http://example.gov.uk"
		}, map[string]councilkit.Code{
			"profile.council": CodeProfileMismatch, "profile.name.en": councilkit.CodeRequired, "profile.website": councilkit.CodeInvalidURL,
		}},
		{"no council", func(p *councilkit.Profile) { p.Council = councilkit.Council{} },
			map[string]councilkit.Code{"profile.council": councilkit.CodeRequired}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := cardiffProfile()
			c.p(&p)
			_, err := cardiffCharges(p).Compile()
			if c.codes == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Compile = %v, want a *ValidationError", err)
			}
			got := map[string]councilkit.Code{}
			for _, q := range ve.Problems {
				got[q.Field] = q.Code
				if q.Message.English == "" || q.Message.Welsh == "" {
					t.Errorf("%s: message lacks a language", q.Field)
				}
			}
			if len(got) != len(c.codes) {
				t.Fatalf("problems %v, want %v", got, c.codes)
			}
			for f, code := range c.codes {
				if got[f] != code {
					t.Errorf("problem at %s = %q, want %q (all: %v)", f, got[f], code, got)
				}
			}
		})
	}
}

// BenchmarkComputeProfile is BenchmarkCompute with a council profile on
// the table: the profile is copied into the bill, not allocated.
func BenchmarkComputeProfile(b *testing.B) {
	tb := cardiffCharges(cardiffProfile()).MustCompile()
	a := cardiffAccount()
	var bill Bill
	b.ReportAllocs()
	for b.Loop() {
		if err := tb.Compute(&a, &bill); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendTextProfile renders a Welsh bill with the council's name
// and contact details into a reused buffer, as a bulk print run would.
func BenchmarkAppendTextProfile(b *testing.B) {
	a := cardiffAccount()
	bill, err := cardiffCharges(cardiffProfile()).MustCompile().NewBill(&a)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf = bill.AppendText(buf[:0], councilkit.Welsh)
	}
}
