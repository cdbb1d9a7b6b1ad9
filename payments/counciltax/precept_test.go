package counciltax

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

// parishRow is one parish's published precept, tax base and band D.
type parishRow struct {
	name, source, council string
	year                  Year
	precept, taxBase      string
	bandD                 string   // as published
	bands                 []string // A to H, computed from precept ÷ tax base (see below)
	fromPrinted           []string // A to H, computed from the printed band D
}

// Parish rows whose councils published the precept, the tax base and the
// band D it gives. The band D of each is reproduced to the penny from the
// precept and tax base (Local Government Finance Act 1992 s34(3): the
// parish's precept divided by its tax base, item TP). The other bands are
// that unrounded amount times the band's proportion (s36(1), s5(1)),
// rounded once; the comments show the exact quotient. In each row one
// band comes out a penny different when it is derived from the printed,
// already rounded band D instead, which is the fault the precept input
// fixes.
var parishRows = []parishRow{
	{
		// Harborough District Council, 2017/18: "The Precept requirement
		// for year ending 31st March 2018 is £15,105.00. The budgeted
		// Parish Precept is £52.12 per Band D property. … The tax base
		// figure … for 2017 to 2018 is 289.80."
		// 15,105.00 / 289.80 = 52.122153…; band F 13/9 of it =
		// 75.287554… → £75.29, where 13/9 × £52.12 = 75.284… → £75.28.
		name:    "North Kilworth (Harborough) 2017/18",
		source:  "https://www.northkilworthparishcouncil.gov.uk/precept-2017-18",
		council: "E07000131", year: 2017,
		precept: "15105.00", taxBase: "289.80", bandD: "52.12",
		bands:       []string{"34.75", "40.54", "46.33", "52.12", "63.70", "75.29", "86.87", "104.24"},
		fromPrinted: []string{"34.75", "40.54", "46.33", "52.12", "63.70", "75.28", "86.87", "104.24"},
	},
	{
		// East Devon District Council, 2023/24: "a precept demand of
		// £291,236.72 which represents a Band D Household equivalence of
		// £102.73 … on a taxbase figure of 2835".
		// 291,236.72 / 2,835 = 102.729001…; band C 8/9 of it =
		// 91.314668… → £91.31, where 8/9 × £102.73 = 91.315… → £91.32.
		name:    "Axminster Town Council (East Devon) 2023/24",
		source:  "https://www.axminstertowncouncil.gov.uk/Town_Council_Budget_and_Precept_24619.aspx",
		council: "E07000040", year: 2023,
		precept: "291236.72", taxBase: "2,835", bandD: "102.73",
		bands:       []string{"68.49", "79.90", "91.31", "102.73", "125.56", "148.39", "171.22", "205.46"},
		fromPrinted: []string{"68.49", "79.90", "91.32", "102.73", "125.56", "148.39", "171.22", "205.46"},
	},
}

func TestParishFromPrecept(t *testing.T) {
	for _, r := range parishRows {
		t.Run(r.name, func(t *testing.T) {
			tb, err := Charges{Council: councilkit.MustParseCouncil(r.council), Year: r.year, Area: r.name, Lines: []PreceptLine{
				{Kind: ParishOrTown, Name: r.name, Precept: amt(r.precept), TaxBase: MustParseTaxBase(r.taxBase)},
			}}.Compile()
			if err != nil {
				t.Fatal(err)
			}
			if got := tb.Lines()[0].BandD; got != amt(r.bandD) {
				t.Errorf("band D = %v, published %v (%s)", got, r.bandD, r.source)
			}
			for i, want := range r.bands {
				if got := tb.Amount(BandA + Band(i)); got != amt(want) {
					t.Errorf("band %v = %v, want %v", BandA+Band(i), got, want)
				}
			}
			// The same figures with the band D also given, as a check.
			if _, err := (Charges{Council: councilkit.MustParseCouncil(r.council), Year: r.year, Lines: []PreceptLine{
				{Kind: ParishOrTown, Name: r.name, Precept: amt(r.precept), TaxBase: MustParseTaxBase(r.taxBase), BandD: amt(r.bandD)},
			}}).Compile(); err != nil {
				t.Errorf("published band D refused: %v", err)
			}
			d, err := BandDFromPrecept(amt(r.precept), MustParseTaxBase(r.taxBase))
			if err != nil || d != amt(r.bandD) {
				t.Errorf("BandDFromPrecept = %v, %v", d, err)
			}
		})
	}
}

// TestParishFromPrintedBandD keeps the printed-band-D input for councils
// that publish only that, and shows the penny it can cost.
func TestParishFromPrintedBandD(t *testing.T) {
	for _, r := range parishRows {
		tb := Charges{Council: councilkit.MustParseCouncil(r.council), Year: r.year, Lines: []PreceptLine{
			{Kind: ParishOrTown, Name: r.name, BandD: amt(r.bandD)},
		}}.MustCompile()
		diff := 0
		for i, want := range r.fromPrinted {
			if got := tb.Amount(BandA + Band(i)); got != amt(want) {
				t.Errorf("%s band %v from printed band D = %v, want %v", r.name, BandA+Band(i), got, want)
			}
			if r.fromPrinted[i] != r.bands[i] {
				diff++
			}
		}
		if diff != 1 {
			t.Errorf("%s: %d bands differ, want 1", r.name, diff)
		}
	}
}

// TestPreceptExactness: the division is done once, exactly, at the end. A
// precept of £1 over a tax base of 3 is 33.333…p at band D and 22.222…p
// at band A; £2 over 3 is 66.666…p (→ 67p) and band A 44.444…p (→ 44p),
// where 6/9 of a rounded 67p would give 45p. Half a penny rounds up:
// £0.09 over 2 is 4.5p → 5p.
func TestPreceptExactness(t *testing.T) {
	cases := []struct {
		precept, base string
		a, d, h       int64
	}{
		{"1.00", "3", 22, 33, 67},
		{"2.00", "3", 44, 67, 133},
		{"0.09", "2", 3, 5, 9},
		{"0.00", "100", 0, 0, 0},
		{"10000000000.00", "10000000", 66667, 100000, 200000},
		{"1.00", "0.0001", 666667, 1000000, 2000000},
	}
	for _, c := range cases {
		tb, err := Charges{Council: councilkit.MustParseCouncil("E07000131"), Year: 2025, Lines: []PreceptLine{
			{Kind: ParishOrTown, Name: "p", Precept: amt(c.precept), TaxBase: MustParseTaxBase(c.base)},
		}}.Compile()
		if err != nil {
			t.Errorf("%s/%s: %v", c.precept, c.base, err)
			continue
		}
		if a, d, h := tb.Amount(BandA).Pence(), tb.Amount(BandD).Pence(), tb.Amount(BandH).Pence(); a != c.a || d != c.d || h != c.h {
			t.Errorf("%s/%s: A %d D %d H %d, want %d %d %d", c.precept, c.base, a, d, h, c.a, c.d, c.h)
		}
	}
	// Wales has band I (21/9) and Scotland 240/360 … 882/360.
	w := Charges{Council: councilkit.MustParseCouncil("W06000015"), Year: 2025, Lines: []PreceptLine{
		{Kind: ParishOrTown, Name: "community council", Precept: amt("1000.00"), TaxBase: MustParseTaxBase("30")},
	}}.MustCompile()
	if got := w.Amount(BandI); got != amt("77.78") { // 1000/30 × 21/9 = 77.777…
		t.Errorf("Wales band I = %v", got)
	}
	s := Charges{Council: councilkit.MustParseCouncil("S12000042"), Year: 2025, Lines: []PreceptLine{
		{Kind: BillingAuthority, Name: "council", Precept: amt("1000.00"), TaxBase: MustParseTaxBase("3")},
	}}.MustCompile()
	if got := s.Amount(BandE); got != amt("437.96") { // 1000/3 × 473/360 = 437.962…
		t.Errorf("Scotland band E = %v", got)
	}
}

// Every way a precept line can be wrong is reported at once, in English
// and Welsh, and nothing the caller passed in is changed.
func TestPreceptProblems(t *testing.T) {
	lines := []PreceptLine{
		{Name: "no base", Precept: amt("100")},
		{Name: "negative", Precept: amt("-1"), TaxBase: MustParseTaxBase("10")},
		{Name: "with exact", Precept: amt("100"), TaxBase: MustParseTaxBase("10"), Exact: Fraction{Num: 1000, Den: 1}},
		{Name: "with bands", Precept: amt("100"), TaxBase: MustParseTaxBase("10"), Bands: make([]payments.Amount, 8)},
		{Name: "wrong band D", Precept: amt("15105.00"), TaxBase: MustParseTaxBase("289.80"), BandD: amt("52.13")},
		{Name: "huge", Precept: amt("10000000000.01"), TaxBase: MustParseTaxBase("1")},
		{Name: "band D too large", Precept: amt("10000000000.00"), TaxBase: MustParseTaxBase("1")},
	}
	before := make([]PreceptLine, len(lines))
	copy(before, lines)
	tb, err := Charges{Council: councilkit.MustParseCouncil("E07000131"), Year: 2025, Lines: lines}.Compile()
	if tb != nil {
		t.Fatal("a table was built from refused input")
	}
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, councilkit.ErrValidation) {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []struct {
		field string
		code  councilkit.Code
	}{
		{"lines[0].tax_base", councilkit.CodeRequired},
		{"lines[1].precept", councilkit.CodeTooSmall},
		{"lines[2].exact", councilkit.CodeInvalid},
		{"lines[3].bands", councilkit.CodeInvalid},
		{"lines[4].band_d", CodeExactMismatch},
		{"lines[5].precept", councilkit.CodeTooLarge},
		{"lines[6].band_d", councilkit.CodeTooLarge},
	} {
		if !ve.Has(w.field, w.code) {
			t.Errorf("missing %s %s in %v", w.field, w.code, err)
		}
	}
	for _, p := range ve.Problems {
		if p.Message.English == "" || p.Message.Welsh == "" {
			t.Errorf("problem %v lacks English or Welsh", p)
		}
	}
	if !reflect.DeepEqual(lines, before) {
		t.Error("Compile changed the caller's lines")
	}
	if _, err := BandDFromPrecept(amt("1"), TaxBase{}); !errors.Is(err, ErrInvalidTaxBase) {
		t.Errorf("zero tax base: %v", err)
	}
	if _, err := BandDFromPrecept(amt("-1"), MustParseTaxBase("1")); !errors.Is(err, councilkit.ErrValidation) {
		t.Errorf("negative precept: %v", err)
	}
}

func TestParseTaxBase(t *testing.T) {
	good := map[string]string{
		"1234.56":       "1234.56",
		"1,234.56":      "1234.56",
		" 289.80 ":      "289.80",
		"289.8":         "289.80",
		"2835":          "2835.00",
		"37,785.11":     "37785.11",
		"0.0001":        "0.0001",
		"12.3450":       "12.345",
		"10,000,000":    "10000000.00",
		"007.5":         "7.50",
		"1,000,000.125": "1000000.125",
	}
	for in, want := range good {
		tb, err := ParseTaxBase(in)
		if err != nil || tb.String() != want {
			t.Errorf("ParseTaxBase(%q) = %v, %v; want %s", in, tb, err, want)
		}
	}
	bad := map[string]string{
		"":                      textTaxBaseRequired.English,
		"   ":                   textTaxBaseRequired.English,
		"0":                     textTaxBasePositive.English,
		"0.0000":                textTaxBasePositive.English,
		"-1":                    textTaxBaseFormat.English,
		"+1":                    textTaxBaseFormat.English,
		"1e3":                   textTaxBaseFormat.English,
		"1.":                    textTaxBaseFormat.English,
		".5":                    textTaxBaseFormat.English,
		"1,23":                  textTaxBaseFormat.English,
		"12,345,67":             textTaxBaseFormat.English,
		",123":                  textTaxBaseFormat.English,
		"1234,567":              textTaxBaseFormat.English,
		"1.2.3":                 textTaxBaseFormat.English,
		"١٢٣":                   textTaxBaseFormat.English,
		"NaN":                   textTaxBaseFormat.English,
		"1.23456":               textTaxBasePlaces.English,
		"10000000.01":           textTaxBaseTooLarge.English,
		"999999999999":          textTaxBaseTooLarge.English,
		strings.Repeat("1", 40): textTaxBaseFormat.English,
	}
	for in, reason := range bad {
		tb, err := ParseTaxBase(in)
		var te *TaxBaseError
		if !errors.As(err, &te) || !errors.Is(err, ErrInvalidTaxBase) || !tb.IsZero() {
			t.Errorf("ParseTaxBase(%q) = %v, %v", in, tb, err)
			continue
		}
		if te.Reason.English != reason || te.Reason.Welsh == "" || len(te.Input) > 20 {
			t.Errorf("ParseTaxBase(%q): reason %+v, input %q", in, te.Reason, te.Input)
		}
	}
}

func TestTaxBaseEncoding(t *testing.T) {
	tb := MustParseTaxBase("1,234.56")
	b, _ := json.Marshal(tb)
	if string(b) != `"1234.56"` {
		t.Errorf("JSON = %s", b)
	}
	for _, in := range []string{`"1234.56"`, `1234.56`, `"1,234.56"`} {
		var got TaxBase
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != tb {
			t.Errorf("unmarshal %s = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{`1.2e3`, `-5`, `"abc"`, `true`, `{}`, `"1.234567"`} {
		got := MustParseTaxBase("7")
		if err := json.Unmarshal([]byte(in), &got); err == nil || got != MustParseTaxBase("7") {
			t.Errorf("unmarshal %s = %v, %v; want an error and no change", in, got, err)
		}
	}
	var z TaxBase
	if err := json.Unmarshal([]byte(`null`), &z); err != nil || !z.IsZero() {
		t.Errorf("null = %v, %v", z, err)
	}
	// A precept line round-trips, and omits the figures it was not given.
	l := PreceptLine{Kind: ParishOrTown, Name: "p", Precept: amt("15105.00"), TaxBase: MustParseTaxBase("289.80")}
	b, _ = json.Marshal(l)
	var back PreceptLine
	if err := json.Unmarshal(b, &back); err != nil || back.Precept != l.Precept || back.TaxBase != l.TaxBase {
		t.Errorf("round trip %s = %+v, %v", b, back, err)
	}
	b, _ = json.Marshal(PreceptLine{Name: "q", BandD: amt("1")})
	if strings.Contains(string(b), "tax_base") || strings.Contains(string(b), "precept") {
		t.Errorf("unset figures marshalled: %s", b)
	}
	// SQL: text or numeric in, text out; NULL both ways; floats refused.
	if v, err := tb.Value(); v != driver.Value("1234.56") || err != nil {
		t.Errorf("Value = %v, %v", v, err)
	}
	if v, _ := z.Value(); v != nil {
		t.Errorf("zero Value = %v", v)
	}
	for _, src := range []any{"1234.56", []byte("1234.56"), nil, int64(5)} {
		var got TaxBase
		if err := got.Scan(src); err != nil {
			t.Errorf("Scan(%v): %v", src, err)
		}
	}
	var f TaxBase
	if err := f.Scan(1234.56); !errors.Is(err, ErrInvalidTaxBase) || !f.IsZero() {
		t.Errorf("Scan(float) = %v, %v", f, err)
	}
}

func FuzzParseTaxBase(f *testing.F) {
	for _, s := range []string{"1234.56", "1,234.56", "0", "0.0001", "10,000,000", "1e3", "-1", "1.23456", "", " 7 ", "1,23", "99999999.9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tb, err := ParseTaxBase(s)
		if err != nil {
			var te *TaxBaseError
			if !errors.As(err, &te) || !errors.Is(err, ErrInvalidTaxBase) || !tb.IsZero() || te.Reason.Welsh == "" {
				t.Fatalf("ParseTaxBase(%q): %v", s, err)
			}
			return
		}
		if tb.v <= 0 || tb.v > maxTaxBase {
			t.Fatalf("ParseTaxBase(%q) = %d out of range", s, tb.v)
		}
		again, err := ParseTaxBase(tb.String())
		if err != nil || again != tb {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
		var j TaxBase
		b, _ := json.Marshal(tb)
		if err := json.Unmarshal(b, &j); err != nil || j != tb {
			t.Fatalf("JSON round trip of %q: %v, %v", s, j, err)
		}
		// Any valid base divides any valid precept without panic.
		if _, err := BandDFromPrecept(payments.Pence(maxPrecept), tb); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkCompilePrecept compiles a typical parished area: four lines
// given as band D and a parish given as a precept over its tax base.
func BenchmarkCompilePrecept(b *testing.B) {
	c := Charges{Council: councilkit.MustParseCouncil("E07000131"), Year: 2025, Lines: []PreceptLine{
		{Kind: BillingAuthority, Name: "District", BandD: amt("215.42")},
		{Kind: CountyCouncil, Name: "County", BandD: amt("1650.87")},
		{Kind: Police, Name: "Police", BandD: amt("297.61")},
		{Kind: FireAndRescue, Name: "Fire", BandD: amt("82.01")},
		{Kind: ParishOrTown, Name: "Parish", Precept: amt("15105.00"), TaxBase: MustParseTaxBase("289.80")},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Compile(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTaxBase(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseTaxBase("37,785.11"); err != nil {
			b.Fatal(err)
		}
	}
}
