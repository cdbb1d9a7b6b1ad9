package counciltax

import (
	"encoding/json"
	"math/bits"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
)

// Account is what a bill is computed from: a dwelling's band, the periods
// of the year for which someone is liable with the discounts, exemptions,
// reductions and premiums that apply in each, any council tax reduction,
// and how the resident pays.
type Account struct {
	Band Band `json:"band"`
	// Periods are the days of liability, in order and not overlapping. An
	// empty list means liable for the whole year with no discount,
	// exemption, reduction or premium.
	Periods []Period `json:"periods,omitempty"`
	// Reduction is the council tax reduction (CTR, s13A(1)(a) of the Local
	// Government Finance Act 1992) awarded for the year, credited against
	// the liability. It never makes the amount payable negative.
	Reduction   payments.Amount   `json:"reduction,omitzero"`
	Instalments InstalmentOptions `json:"instalments"`
}

// Period is a run of days, From to To inclusive, with the same
// circumstances. A zero From means 1 April and a zero To 31 March.
type Period struct {
	From calendar.Date `json:"from,omitzero"`
	To   calendar.Date `json:"to,omitzero"`
	// Discount applies to every day of the period.
	Discount Discount `json:"discount,omitzero"`
	// Exempt, if set, makes every day of the period exempt.
	Exempt ExemptClass `json:"exempt,omitempty"`
	// Disabled is a disabled band reduction: the band below is charged, and
	// for band A five ninths of band D (Council Tax (Reductions for
	// Disabilities) Regulations 1992 reg 4).
	Disabled bool `json:"disabled,omitempty"`
	// Premium is the kind of premium that applies; its rate comes from the
	// council's PremiumPolicy in force on each day and, for a long-term
	// empty dwelling, from EmptySince (the first day it was empty), so a
	// period is split where the rate changes.
	Premium    PremiumKind   `json:"premium,omitempty"`
	EmptySince calendar.Date `json:"empty_since,omitzero"`
	// Exception, in England from 1 April 2025, removes the premium for the
	// period if it applies to the premium's kind.
	Exception PremiumException `json:"premium_exception,omitempty"`
}

// Bill is a council tax demand explained: the band and its ratio, one line
// per precept, every period of liability with the reliefs that applied and
// their legal basis, the council tax reduction, the amount payable and the
// instalments. A Bill's slices are reused by [Table.Compute], so a bulk run
// can compute millions of bills into one Bill without allocating.
type Bill struct {
	Council councilkit.Council `json:"council"`
	// Profile is the billing authority's profile from [Charges.Profile],
	// or the zero Profile: the text bill prints the council's name and
	// contact details from it.
	Profile councilkit.Profile `json:"profile,omitzero"`
	Nation  Nation             `json:"nation"`
	Year    Year               `json:"year"`
	Area    string             `json:"area,omitempty"`
	Band    Band               `json:"band"`
	// Ratio is the band's proportion of band D, such as "6/9".
	Ratio string     `json:"ratio"`
	Lines []BillLine `json:"lines"`
	// Annual is the amount set for the band for a whole year: the sum of the
	// lines.
	Annual  payments.Amount `json:"annual"`
	Periods []Segment       `json:"periods"`
	// Liability is the sum of the periods.
	Liability payments.Amount `json:"liability"`
	// Reduction is the council tax reduction credited.
	Reduction payments.Amount `json:"reduction"`
	// Payable is Liability less Reduction: the aggregate amount the
	// instalments collect.
	Payable     payments.Amount `json:"payable"`
	Instalments []Instalment    `json:"instalments"`
	// Twelve records that the instalments follow a request to pay by 12.
	Twelve bool `json:"twelve,omitempty"`
}

// LegalBasis lists the provisions behind the bill as a whole: the band
// proportions, how the lines add up, and the instalment rules. Each period
// lists its own ([Segment.LegalBasis]).
func (b *Bill) LegalBasis() []string {
	out := make([]string, 0, 4)
	switch b.Nation {
	case Scotland:
		out = append(out, "Local Government Finance Act 1992 s74(1), proportion substituted by SSI 2016/368")
	case Wales:
		out = append(out, "Local Government Finance Act 1992 s5(1A)")
	default:
		out = append(out, "Local Government Finance Act 1992 s5(1)")
	}
	out = append(out, "Local Government Finance Act 1992 s30(2) (the amount set is the aggregate of the precepts)")
	out = append(out, "Council Tax (Administration and Enforcement) Regulations 1992 Sch 1 paras 2 and 3")
	if b.Twelve {
		out = append(out, "Council Tax (Administration and Enforcement) Regulations 1992 reg 21(1A)–(1C)")
	}
	return out
}

// MarshalJSON adds the legal basis to the bill's fields.
func (b Bill) MarshalJSON() ([]byte, error) {
	type plain Bill
	return json.Marshal(struct {
		plain
		LegalBasis []string `json:"legal_basis"`
	}{plain(b), b.LegalBasis()})
}

// BillLine is one precepting authority's share of the band's annual
// amount.
type BillLine struct {
	Kind   PreceptKind     `json:"kind"`
	Name   string          `json:"name"`
	BandD  payments.Amount `json:"band_d"`
	Amount payments.Amount `json:"amount"`
}

// Segment is one period of the bill, charged at one daily rate.
type Segment struct {
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`
	Days int           `json:"days"`
	// Annual is the yearly amount the period is charged at before discount
	// and premium: the band's amount, or with a disabled band reduction the
	// reduced amount.
	Annual   payments.Amount `json:"annual"`
	Disabled bool            `json:"disabled,omitempty"`
	Discount Discount        `json:"discount,omitzero"`
	Exempt   ExemptClass     `json:"exempt,omitempty"`
	Premium  PremiumKind     `json:"premium,omitempty"`
	// PremiumRate is in basis points: 10000 is a 100% premium.
	PremiumRate int32 `json:"premium_rate_bp,omitempty"`
	// Exception is the premium exception that removed the premium.
	Exception PremiumException `json:"premium_exception,omitempty"`
	Amount    payments.Amount  `json:"amount"`
}

// LegalBasis lists the provisions behind the segment's charge.
func (s Segment) LegalBasis() []string {
	out := []string{"Local Government Finance Act 1992 s2 (liability determined on a daily basis)"}
	if s.Exempt != 0 {
		return append(out, s.Exempt.LegalBasis())
	}
	if s.Disabled {
		out = append(out, "Council Tax (Reductions for Disabilities) Regulations 1992 reg 4")
	}
	if s.Discount.Kind != NoDiscount {
		out = append(out, s.Discount.Kind.LegalBasis())
	}
	if s.PremiumRate != 0 {
		out = append(out, s.Premium.LegalBasis())
	}
	if s.Exception != 0 {
		out = append(out, s.Exception.LegalBasis())
	}
	return out
}

// MarshalJSON adds the legal basis to the segment's fields.
func (s Segment) MarshalJSON() ([]byte, error) {
	type plain Segment
	return json.Marshal(struct {
		plain
		LegalBasis []string `json:"legal_basis"`
	}{plain(s), s.LegalBasis()})
}

// Problem codes for accounts.
const (
	CodeOutOfYear   councilkit.Code = "outside_financial_year"
	CodeNotInNation councilkit.Code = "not_in_nation"
)

// NewBill computes a bill into a new Bill.
func (t *Table) NewBill(a *Account) (*Bill, error) {
	b := &Bill{
		Lines:       make([]BillLine, 0, len(t.lines)),
		Periods:     make([]Segment, 0, len(a.Periods)+2),
		Instalments: make([]Instalment, 0, 12),
	}
	if err := t.Compute(a, b); err != nil {
		return nil, err
	}
	return b, nil
}

// Compute computes the bill for an account into out, reusing out's slices;
// it is the bulk-run entry point and allocates nothing once out's slices
// have grown to size. On error out is left in an unspecified state.
//
// Liability is determined daily (Local Government Finance Act 1992 s2): a
// period of d days is charged d/365 (366 in a year with 29 February) of the
// yearly amount, less its discount, plus its premium. The periods are
// rounded cumulatively: each period's amount is the exact running total to
// its end, rounded to the penny, less the same for the period before. So
// each period is within a penny of its exact amount, and the periods always
// add up to the exact total rounded once: periods that cover the year at one
// rate add up to the yearly amount.
func (t *Table) Compute(a *Account, out *Bill) error {
	if err := t.check(a); err != nil {
		return err
	}
	out.Council, out.Nation, out.Year, out.Area, out.Band = t.council, t.nation, t.year, t.area, a.Band
	out.Profile = t.profile
	out.Twelve = a.Instalments.Twelve
	out.Ratio = t.ratio[a.Band]
	out.Lines = out.Lines[:0]
	for i := range t.lines {
		l := &t.lines[i]
		out.Lines = append(out.Lines, BillLine{Kind: l.Kind, Name: l.Name, BandD: l.BandD, Amount: payments.Pence(t.line[i][a.Band])})
	}
	out.Annual = payments.Pence(t.total[a.Band])
	out.Periods = out.Periods[:0]

	days := int64(t.days)
	den := 100_000_000 * days // basis points of discount × basis points of premium × days
	var cum u128
	var done int64
	emit := func(p *Period, from, to calendar.Date, premRate int32) {
		annual := t.annual(a.Band, p.Disabled)
		n := int64(to.Sub(from) + 1)
		seg := Segment{From: from, To: to, Days: int(n), Annual: payments.Pence(annual), Disabled: p.Disabled,
			Discount: p.Discount, Exempt: p.Exempt, Premium: p.Premium, PremiumRate: premRate}
		if p.Exception.Applies(p.Premium) {
			seg.Exception, seg.PremiumRate, premRate = p.Exception, 0, 0
		}
		seg.Discount = Discount{Kind: p.Discount.Kind, Rate: p.Discount.rate()}
		if p.Discount.Kind == NoDiscount {
			seg.Discount = Discount{}
		}
		if premRate != 0 && p.Discount.Kind == NoResident {
			// s11B(1)(a) and s11C(1)(a): the s11(2)(a) discount does not
			// apply while a premium does.
			seg.Discount = Discount{}
		}
		if p.Exempt == 0 {
			w := (10_000 - int64(seg.Discount.Rate)) * (10_000 + int64(premRate)) * n
			cum.addMul(uint64(annual), uint64(w))
		}
		total := cum.divRound(uint64(den))
		seg.Amount = payments.Pence(total - done)
		done = total
		out.Periods = append(out.Periods, seg)
	}
	if len(a.Periods) == 0 {
		emit(&Period{}, t.dues.start, t.dues.end, 0)
	}
	for i := range a.Periods {
		p := &a.Periods[i]
		from, to := p.From, p.To
		if from.IsZero() {
			from = t.dues.start
		}
		if to.IsZero() {
			to = t.dues.end
		}
		premium := p.Premium != NoPremium && p.Exempt == 0 && !p.Exception.Applies(p.Premium)
		for premium {
			rate, next := t.premiumRate(p.Premium, p.EmptySince, from)
			if next.IsZero() || next.After(to) {
				emit(p, from, to, rate)
				break
			}
			emit(p, from, next.AddDays(-1), rate)
			from = next
		}
		if !premium {
			emit(p, from, to, 0)
		}
	}
	out.Liability = payments.Pence(done)
	red := a.Reduction.Pence()
	// mutation: equivalent — red > done vs red >= done: when equal, red = done changes nothing.
	if red > done {
		red = done
	}
	out.Reduction = payments.Pence(red)
	out.Payable = payments.Pence(done - red)
	var err error
	out.Instalments, err = t.appendInstalments(out.Instalments[:0], out.Payable, &a.Instalments)
	return err
}

// check validates an account against the table, allocating only when it
// finds a problem.
func (t *Table) check(a *Account) error {
	ok := t.has(a.Band) && !a.Reduction.IsNegative() && !a.Instalments.Issued.IsZero()
	prev := t.dues.start.AddDays(-1)
	for i := range a.Periods {
		p := &a.Periods[i]
		from, to := p.From, p.To
		if from.IsZero() {
			from = t.dues.start
		}
		if to.IsZero() {
			to = t.dues.end
		}
		if !from.After(prev) || to.Before(from) || to.After(t.dues.end) ||
			p.Discount.Kind > LocalDiscount || p.Discount.Rate < 0 || p.Discount.Rate > 10_000 ||
			(p.Exempt != 0 && !p.Exempt.InYear(t.nation, t.year)) || p.Premium > SecondHome ||
			(p.Exception != 0 && (!p.Exception.Applies(p.Premium) || t.nation != England || from.Before(lteExceptionsFrom))) {
			ok = false
			break
		}
		prev = to
	}
	if ok {
		return nil
	}
	return t.problems(a)
}

func (t *Table) problems(a *Account) error {
	var ps councilkit.Problems
	if !t.has(a.Band) {
		ps.Add("band", CodeInvalidBand, text("band.not_in_nation", "in_nation", inNation(t.nation)))
	}
	if a.Reduction.IsNegative() {
		ps.Add("reduction", councilkit.CodeTooSmall, councilkit.TooSmallText("£0.00"))
	}
	if a.Instalments.Issued.IsZero() {
		ps.Add("instalments.issued", councilkit.CodeRequired, councilkit.RequiredText())
	}
	prev := t.year.Start().AddDays(-1)
	for i := range a.Periods {
		p := &a.Periods[i]
		f := councilkit.IndexField("periods", i)
		from, to := p.From, p.To
		if from.IsZero() {
			from = t.year.Start()
		}
		if to.IsZero() {
			to = t.year.End()
		}
		if from.Before(t.year.Start()) || from.After(t.year.End()) {
			ps.Add(councilkit.JoinField(f, "from"), CodeOutOfYear, outOfYearText(t.year))
		} else if !from.After(prev) {
			ps.Add(councilkit.JoinField(f, "from"), CodeOverlap, text("periods.overlap"))
		}
		if to.After(t.year.End()) || to.Before(t.year.Start()) {
			ps.Add(councilkit.JoinField(f, "to"), CodeOutOfYear, outOfYearText(t.year))
		} else if to.Before(from) {
			ps.Add(councilkit.JoinField(f, "to"), councilkit.CodeInvalid, text("periods.end_before_start"))
		}
		if p.Discount.Kind > LocalDiscount {
			ps.Add(councilkit.JoinField(f, "discount.kind"), councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
		}
		if p.Discount.Rate < 0 || p.Discount.Rate > 10_000 {
			ps.Add(councilkit.JoinField(f, "discount.rate_bp"), councilkit.CodeInvalid, councilkit.InvalidText())
		}
		if p.Exempt != 0 && !p.Exempt.InYear(t.nation, t.year) {
			ps.Add(councilkit.JoinField(f, "exempt"), CodeNotInNation, text("exempt.not_in_nation", "in_nation", inNation(t.nation)))
		}
		if p.Premium > SecondHome {
			ps.Add(councilkit.JoinField(f, "premium"), councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
		}
		if p.Exception != 0 && (!p.Exception.Applies(p.Premium) || t.nation != England || from.Before(lteExceptionsFrom)) {
			ps.Add(councilkit.JoinField(f, "premium_exception"), councilkit.CodeInvalidChoice, text("exception.not_applicable"))
		}
		if to.After(prev) {
			prev = to
		}
		if from.After(prev) {
			prev = from
		}
	}
	return ps.Err()
}

// lteExceptionsFrom is when the premium exceptions took effect in England.
var lteExceptionsFrom = calendar.MustDate(2025, 4, 1)

// inNation is "in England", "in Wales", "in Scotland": a phrase translated
// whole, because Welsh mutates the name after "yn" ("yng Nghymru").
func inNation(n Nation) councilkit.Text {
	switch n {
	case England:
		return text("nation.in_england")
	case Wales:
		return text("nation.in_wales")
	case Scotland:
		return text("nation.in_scotland")
	}
	return councilkit.Text{English: "in " + n.String(), Welsh: n.String()}
}

func outOfYearText(y Year) councilkit.Text {
	return text("date.out_of_year", "year", y.String())
}

// u128 is an unsigned 128-bit accumulator for exact sums of pence times
// weights.
type u128 struct{ hi, lo uint64 }

func (u *u128) addMul(a, b uint64) {
	hi, lo := bits.Mul64(a, b)
	var c uint64
	u.lo, c = bits.Add64(u.lo, lo, 0)
	u.hi, _ = bits.Add64(u.hi, hi, c)
}

// divRound returns u/d rounded half up. The caller keeps u/d within int64.
func (u u128) divRound(d uint64) int64 {
	q, r := bits.Div64(u.hi%d, u.lo, d)
	if r >= d-r {
		q++
	}
	return int64(q)
}
