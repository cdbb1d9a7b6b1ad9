package counciltax

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/payments"
)

// PreceptKind says which authority a line of the charge is for. The list is
// append-only: values are never renumbered.
type PreceptKind uint8

// Kinds of precept, as bills print them.
const (
	OtherPrecept      PreceptKind = iota
	BillingAuthority              // the district, borough, unitary or city council itself
	AdultSocialCare               // the adult social care precept, shown separately in England
	CountyCouncil                 // a county council in a two-tier area
	Police                        // police and crime commissioner or mayor
	FireAndRescue                 // fire and rescue authority
	ParishOrTown                  // parish, town or (in Wales) community council
	GreaterLondon                 // the Greater London Authority
	CombinedAuthority             // a mayoral combined (county) authority
)

var preceptKindNames = [...]string{
	OtherPrecept:      "other",
	BillingAuthority:  "billing_authority",
	AdultSocialCare:   "adult_social_care",
	CountyCouncil:     "county",
	Police:            "police",
	FireAndRescue:     "fire",
	ParishOrTown:      "parish",
	GreaterLondon:     "gla",
	CombinedAuthority: "combined_authority",
}

// String returns a stable name such as "police".
func (k PreceptKind) String() string {
	if int(k) < len(preceptKindNames) {
		return preceptKindNames[k]
	}
	return "PreceptKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText encodes the kind by its String name; an undefined kind is an
// error.
func (k PreceptKind) MarshalText() ([]byte, error) {
	return enum.Marshal(preceptKindNames[:], k, "counciltax", "PreceptKind")
}

// UnmarshalText decodes a kind's String name.
func (k *PreceptKind) UnmarshalText(b []byte) error {
	for i, n := range preceptKindNames {
		if n == string(b) {
			*k = PreceptKind(i)
			return nil
		}
	}
	return fmt.Errorf("counciltax: unknown precept kind %q", trunc(string(b)))
}

// Fraction is an exact, unrounded amount of pence, Num/Den. Councils compute
// band D as a council tax requirement divided by a tax base (Local
// Government Finance Act 1992 s31B), a figure with many decimal places, and
// some derive the other bands from that figure rather than from the band D
// they print; Fraction carries it. The zero Fraction means "not given".
type Fraction struct {
	Num int64 `json:"num"`
	Den int64 `json:"den"`
}

// IsZero reports whether f is the zero Fraction.
func (f Fraction) IsZero() bool { return f.Den == 0 }

// PreceptLine is one authority's part of a band D charge: one line of a
// printed bill.
type PreceptLine struct {
	Kind PreceptKind `json:"kind"`
	// Name is the authority as printed, such as "Surrey Police".
	Name string `json:"name" validate:"required"`
	// BandD is the authority's band D amount as stated in its precept.
	BandD payments.Amount `json:"band_d"`
	// Exact, if given, is the unrounded band D amount from which the
	// authority derives its other bands. It must round (half up) to BandD;
	// if BandD is zero it is derived from Exact.
	Exact Fraction `json:"exact,omitzero"`
	// Precept and TaxBase, if given, are the figures the authority's band
	// D comes from: its precept (for a billing authority, its council tax
	// requirement) in pounds and pence, and the tax base of the area it is
	// levied on, in band D equivalents. Every band is then computed exactly
	// from them, precept × ratio ÷ tax base, and rounded once to the penny
	// (half a penny up), as councils do: Local Government Finance Act 1992
	// s31B(1) (s33(1) in Wales), s34(3) and s44(1) divide without rounding,
	// and s36(1) multiplies
	// that unrounded amount by the band's proportion. A printed band D
	// rounds the quotient first, which leaves some bands a penny out.
	// BandD, if also given, must equal precept ÷ tax base rounded to the
	// penny; Exact and Bands must not be given.
	Precept payments.Amount `json:"precept,omitzero"`
	TaxBase TaxBase         `json:"tax_base,omitzero"`
	// Bands, if given, are the amounts the precept states for every band,
	// A first (Local Government Finance Act 1992 s40(2)), used as they are
	// instead of being derived from band D. Use it when an authority's
	// published table cannot be derived from its band D. It must have one
	// amount per band of the nation, and its band D must equal BandD (or
	// BandD be zero).
	Bands []payments.Amount `json:"bands,omitempty"`
}

// Charges are the amounts of council tax set by a billing authority for a
// financial year, for its whole area or one part of it (a parish), as the
// sum of precept lines; plus the council's premium determinations.
type Charges struct {
	Council councilkit.Council `json:"council"`
	Year    Year               `json:"year"`
	// Area names the part of the council's area the charges are for, such
	// as a parish; "" for the whole area or an unparished area.
	Area  string        `json:"area,omitempty"`
	Lines []PreceptLine `json:"lines" validate:"notblank,dive"`
	// Profile, if given, is the billing authority's profile, as the
	// deployment's [councilkit.Directory] holds it: bills print the
	// council's name in the reader's language and end with its contact
	// details. Its Council must be Council. Without it a bill names the
	// council by its GSS code.
	Profile councilkit.Profile `json:"profile,omitzero"`
	// Premiums are the council's determinations under s11B and s11C (or the
	// Welsh and Scottish equivalents), with the dates from which they apply.
	Premiums []PremiumPolicy `json:"premiums,omitempty"`
}

// bandAReductionFrom is the first financial year in which a band A dwelling
// can have a disabled band reduction: 2000/01.
const bandAReductionFrom Year = 2000

// Problem codes for Charges, beside councilkit's shared codes.
const (
	CodeExactMismatch  councilkit.Code = "exact_band_d_mismatch" // Exact does not round to BandD
	CodePremiumTooHigh councilkit.Code = "premium_above_maximum" // above the statutory maximum
	CodePremiumTooSoon councilkit.Code = "premium_not_yet_lawful"
	CodeInvalidBand    councilkit.Code = "invalid_band"
	CodeOverlap        councilkit.Code = "overlapping_periods"
	// CodeProfileMismatch: Charges.Profile is another council's.
	CodeProfileMismatch councilkit.Code = "profile_council_mismatch"
)

// Table is compiled Charges: every band's amount for every line, computed
// once, ready to bill any number of dwellings. A Table is immutable and safe
// for concurrent use.
type Table struct {
	council  councilkit.Council
	nation   Nation
	year     Year
	area     string
	profile  councilkit.Profile
	lines    []PreceptLine
	line     [][BandI + 1]int64 // pence per line per band
	total    [BandI + 1]int64   // pence per band, the sum of the lines
	disabled int64              // band A with a disabled band reduction
	premiums []PremiumPolicy
	dues     dueTable
	days     int
	ratio    [BandI + 1]string // "6/9"… for the year, "" where no band
}

// Compile checks the charges and computes the amount of every band.
//
// Each line's band amount is its band D amount times the band's ratio
// ([Band.Ratio]), computed exactly and rounded once to the nearest penny
// (half a penny up). The amount set for a band is the sum of the lines'
// rounded amounts: s30(2) of the Local Government Finance Act 1992 makes the
// amount set "the aggregate of" the billing authority's own amount and the
// amounts stated in major precepts under s40, each stated in pounds and
// pence. A band's total can therefore differ by a penny or two from the
// total band D times the ratio rounded; the bill always adds up.
//
// Compile returns a *councilkit.ValidationError listing every problem.
func (c Charges) Compile() (*Table, error) {
	var ps councilkit.Problems
	nation, err := NationOf(c.Council)
	if err != nil {
		ps.Add("council", councilkit.CodeInvalidCouncil, text("council.invalid"))
	}
	if c.Year < 1993 || c.Year > 9998 {
		ps.Add("year", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	// That there are lines, each named, is in the validate tags; the
	// statute's arithmetic is code.
	tagged := councilkit.ValidateStruct(c)
	ps.MergeField(tagged, "lines")
	checkProfile(&ps, c.Council, c.Profile)
	t := &Table{council: c.Council, nation: nation, year: c.Year, area: c.Area, profile: c.Profile}
	t.lines = make([]PreceptLine, len(c.Lines))
	t.line = make([][BandI + 1]int64, len(c.Lines))
	for i, l := range c.Lines {
		f := councilkit.IndexField("lines", i)
		ps.MergeField(tagged, councilkit.JoinField(f, "name"))
		if !l.TaxBase.IsZero() || !l.Precept.IsZero() {
			if !preceptBands(&ps, f, nation, c.Year, &l, t.line[i][:]) {
				continue
			}
			t.lines[i] = l
			for b := BandA; b <= BandI; b++ {
				t.total[b] += t.line[i][b]
			}
			continue
		}
		num, den := l.BandD.Pence(), int64(1)
		if !l.Exact.IsZero() {
			// mutation: equivalent — Den < 0 vs Den <= 0: a zero Den is the zero Fraction, never checked here.
			if l.Exact.Den < 0 || l.Exact.Num < 0 || l.Exact.Den > 1<<40 {
				ps.Add(councilkit.JoinField(f, "exact"), councilkit.CodeInvalid, councilkit.InvalidText())
				continue
			}
			r, ok := mulDiv(l.Exact.Num, 1, l.Exact.Den)
			if !ok {
				ps.Add(councilkit.JoinField(f, "exact"), councilkit.CodeTooLarge, councilkit.TooLargeText("£1,000,000"))
				continue
			}
			if l.BandD.IsZero() {
				l.BandD = payments.Pence(r)
			} else if r != l.BandD.Pence() {
				ps.Add(councilkit.JoinField(f, "exact"), CodeExactMismatch, text("band_d.exact_rounding"))
			}
			num, den = l.Exact.Num, l.Exact.Den
		}
		if l.BandD.IsNegative() {
			ps.Add(councilkit.JoinField(f, "band_d"), councilkit.CodeTooSmall, councilkit.TooSmallText("£0.00"))
			continue
		}
		if l.BandD.Pence() > 100_000_000 { // £1,000,000 band D: far beyond any real charge
			ps.Add(councilkit.JoinField(f, "band_d"), councilkit.CodeTooLarge, councilkit.TooLargeText("£1,000,000.00"))
			continue
		}
		if len(l.Bands) > 0 && nation != 0 {
			if !statedBands(&ps, f, nation, c.Year, &l, t.line[i][:]) {
				continue
			}
			t.lines[i] = l
			t.lines[i].Bands = slices.Clone(l.Bands)
			for b := BandA; b <= BandI; b++ {
				t.total[b] += t.line[i][b]
			}
			continue
		}
		t.lines[i] = l
		if nation == 0 {
			continue
		}
		for b := BandA; b <= BandI; b++ {
			rn, rd, ok := b.RatioIn(nation, c.Year)
			if !ok {
				continue
			}
			v, ok := mulDiv(num, rn, den*rd)
			if !ok {
				ps.Add(councilkit.JoinField(f, "exact"), councilkit.CodeTooLarge, councilkit.TooLargeText("£1,000,000"))
				break
			}
			t.line[i][b] = v
			t.total[b] += v
		}
	}
	for i, p := range c.Premiums {
		checkPremium(&ps, councilkit.IndexField("premiums", i), nation, p)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	// Council Tax (Reductions for Disabilities) Regulations 1992 reg 4(3A)(b),
	// inserted by SI 1999/1004: a band A dwelling with a reduction is charged
	// five ninths of the amount set for band D. That applies from 1 April
	// 2000 (SI 1999/1004 reg 1; in Scotland SI 1999/756); before then reg
	// 3(4) gave band A dwellings no reduction, so they paid band A.
	t.disabled, _ = mulDiv(t.total[BandD], 5, 9)
	if c.Year < bandAReductionFrom {
		t.disabled = t.total[BandA]
	}
	t.premiums = clonePolicies(c.Premiums)
	t.dues = newDueTable(c.Year)
	t.days = c.Year.Days()
	for b := BandA; b <= BandI; b++ {
		if num, den, ok := b.RatioIn(nation, c.Year); ok {
			t.ratio[b] = strconv.FormatInt(num, 10) + "/" + strconv.FormatInt(den, 10)
		}
	}
	return t, nil
}

// checkProfile checks a profile given with the charges: valid, and the
// council's own.
func checkProfile(ps *councilkit.Problems, c councilkit.Council, p councilkit.Profile) {
	if p.IsZero() {
		return
	}
	var ve *councilkit.ValidationError
	if errors.As(p.Validate(), &ve) {
		for _, q := range ve.Problems {
			q.Field = councilkit.JoinField("profile", q.Field)
			ps.AddProblem(q)
		}
	}
	if !p.Council.IsZero() && p.Council != c {
		ps.Add("profile.council", CodeProfileMismatch, text("profile.mismatch"))
	}
}

// statedBands checks a line's stated band amounts and copies them into
// out, indexed by Band: one for each band of nation n in year y (nine in
// Wales from 2005/06, eight before and elsewhere).
func statedBands(ps *councilkit.Problems, f string, n Nation, y Year, l *PreceptLine, out []int64) bool {
	want := 8
	if _, _, ok := BandI.RatioIn(n, y); ok {
		want = 9
	}
	bf := councilkit.JoinField(f, "bands")
	if len(l.Bands) != want {
		ps.Add(bf, councilkit.CodeInvalid, text("bands.count", "n", strconv.Itoa(want)))
		return false
	}
	ok := true
	for i, a := range l.Bands {
		if a.IsNegative() || a.Pence() > 300_000_000 {
			ps.Add(councilkit.IndexField(bf, i), councilkit.CodeInvalid, councilkit.InvalidText())
			ok = false
		}
		out[BandA+Band(i)] = a.Pence()
	}
	if l.BandD.IsZero() {
		l.BandD = l.Bands[BandD-BandA]
	} else if l.BandD != l.Bands[BandD-BandA] {
		ps.Add(bf, CodeExactMismatch, text("band_d.stated_mismatch"))
		ok = false
	}
	return ok
}

// MustCompile is Compile for tests and examples; it panics on error.
func (c Charges) MustCompile() *Table {
	t, err := c.Compile()
	if err != nil {
		panic(err)
	}
	return t
}

// has reports whether band b exists in the table's nation and year.
func (t *Table) has(b Band) bool { return b >= BandA && b <= BandI && t.ratio[b] != "" }

// Council returns the billing authority.
func (t *Table) Council() councilkit.Council { return t.council }

// Profile returns the billing authority's profile given with the
// charges, or the zero Profile.
func (t *Table) Profile() councilkit.Profile { return t.profile }

// Nation returns the nation whose band proportions the table uses.
func (t *Table) Nation() Nation { return t.nation }

// Year returns the financial year.
func (t *Table) Year() Year { return t.year }

// Area returns the part of the area, or "".
func (t *Table) Area() string { return t.area }

// Lines returns a copy of the precept lines.
func (t *Table) Lines() []PreceptLine {
	out := slices.Clone(t.lines)
	for i := range out {
		out[i].Bands = slices.Clone(out[i].Bands)
	}
	return out
}

// Amount returns the amount set for band b: the sum of every line's amount
// for the band. It is zero for a band that does not exist in the nation.
func (t *Table) Amount(b Band) payments.Amount {
	if b > BandI {
		return payments.Amount{}
	}
	return payments.Pence(t.total[b])
}

// LineAmount returns line i's amount for band b.
func (t *Table) LineAmount(i int, b Band) payments.Amount {
	if i < 0 || i >= len(t.line) || b > BandI {
		return payments.Amount{}
	}
	return payments.Pence(t.line[i][b])
}

// DisabledAmount returns the annual amount for band b with a disabled band
// reduction (Council Tax (Reductions for Disabilities) Regulations 1992
// reg 4): the amount of the band below, or for band A five ninths of the
// band D amount set, rounded to the penny like any amount set. Band A has
// a reduction only for financial years from 1 April 2000 (SI 1999/1004);
// for earlier years its amount is band A's own. In Scotland
// the Council Tax (Reductions for Disabilities) (Scotland) Regulations 1992,
// as amended by SI 1999/756 (reg 4(1A)–(1C)), likewise charge band A by
// reference to band D; councils there (Falkirk, for one) describe it as 5/9
// of band D, and the package uses that figure.
func (t *Table) DisabledAmount(b Band) payments.Amount {
	return payments.Pence(t.annual(b, true))
}

func (t *Table) annual(b Band, disabled bool) int64 {
	if !t.has(b) {
		return 0
	}
	if !disabled {
		return t.total[b]
	}
	if b == BandA {
		return t.disabled
	}
	return t.total[b-1]
}
