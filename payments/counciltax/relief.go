package counciltax

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enum"
)

// DiscountKind is the reason for a discount. The list is append-only.
type DiscountKind uint8

// Kinds of discount under s11 of the Local Government Finance Act 1992 and
// Schedule 1 (persons disregarded).
const (
	NoDiscount DiscountKind = iota
	// SingleResident: one resident, s11(1)(b), 25%.
	SingleResident
	// AllButOneDisregarded: more residents, all but one disregarded under
	// s11(5) and Schedule 1 (students, apprentices, carers …), 25%.
	AllButOneDisregarded
	// AllDisregarded: every resident disregarded, s11(2)(a) with s11(5),
	// 50%.
	AllDisregarded
	// NoResident: no one's sole or main residence, s11(2)(a), 50% unless the
	// council has determined a lower rate for the class under s11A (England)
	// or s12 (Wales).
	NoResident
	// LocalDiscount: a discount the council grants under s11A or s13A(1)(c)
	// at a rate it chooses.
	LocalDiscount
)

var discountNames = [...]string{
	NoDiscount:           "none",
	SingleResident:       "single_resident",
	AllButOneDisregarded: "all_but_one_disregarded",
	AllDisregarded:       "all_disregarded",
	NoResident:           "no_resident",
	LocalDiscount:        "local",
}

var discountText = [...]councilkit.Text{
	NoDiscount:           {},
	SingleResident:       text("discount.single_resident"),
	AllButOneDisregarded: text("discount.all_but_one_disregarded"),
	AllDisregarded:       text("discount.all_disregarded"),
	NoResident:           text("discount.no_resident"),
	LocalDiscount:        text("discount.local"),
}

var discountBasis = [...]string{
	SingleResident:       "Local Government Finance Act 1992 s11(1)(b)",
	AllButOneDisregarded: "Local Government Finance Act 1992 s11(1)(b), s11(5) and Sch 1",
	AllDisregarded:       "Local Government Finance Act 1992 s11(2)(a), s11(5) and Sch 1",
	NoResident:           "Local Government Finance Act 1992 s11(2)(a)",
	LocalDiscount:        "Local Government Finance Act 1992 s11A or s13A(1)(c)",
}

// String returns a stable name such as "single_resident".
func (k DiscountKind) String() string {
	if int(k) < len(discountNames) {
		return discountNames[k]
	}
	return "DiscountKind(" + strconv.Itoa(int(k)) + ")"
}

// Text returns the description printed on a bill, in English and Welsh.
func (k DiscountKind) Text() councilkit.Text {
	if int(k) < len(discountText) {
		return discountText[k]
	}
	return councilkit.Text{}
}

// LegalBasis cites the provision that grants the discount.
func (k DiscountKind) LegalBasis() string {
	if int(k) < len(discountBasis) {
		return discountBasis[k]
	}
	return ""
}

// StatutoryRate returns the rate in basis points (2500 = 25%) that the Act
// sets for the kind, or 0 for NoDiscount and LocalDiscount.
func (k DiscountKind) StatutoryRate() int32 {
	switch k {
	case SingleResident, AllButOneDisregarded:
		return 2500
	case AllDisregarded, NoResident:
		return 5000
	}
	return 0
}

// MarshalText encodes the kind by its String name.
func (k DiscountKind) MarshalText() ([]byte, error) {
	return enum.Marshal(discountNames[:], k, "counciltax", "DiscountKind")
}

// UnmarshalText decodes a kind's String name.
func (k *DiscountKind) UnmarshalText(b []byte) error {
	for i, n := range discountNames {
		if n == string(b) {
			*k = DiscountKind(i)
			return nil
		}
	}
	return fmt.Errorf("counciltax: unknown discount kind %q", trunc(string(b)))
}

// Discount is a discount and its rate in basis points: 2500 is 25%, 10000
// is 100%. A zero Rate means the kind's statutory rate, so the single
// person discount (25%, s11(1)(b)) is Discount{Kind: SingleResident}. The
// zero Discount is no discount.
type Discount struct {
	Kind DiscountKind `json:"kind"`
	Rate int32        `json:"rate_bp,omitempty"`
}

// rate returns the effective rate in basis points, 0..10000.
func (d Discount) rate() int32 {
	if d.Kind == NoDiscount {
		return 0
	}
	if d.Rate != 0 {
		return d.Rate
	}
	return d.Kind.StatutoryRate()
}

// PremiumKind is the kind of premium (a percentage increase in the amount
// payable). The list is append-only.
type PremiumKind uint8

// Premiums a council may determine.
const (
	NoPremium PremiumKind = iota
	// LongTermEmpty: unoccupied and substantially unfurnished for at least
	// one year (two years before 1 April 2024): England s11B of the Local
	// Government Finance Act 1992, as amended by the Rating (Property in
	// Common Occupation) and Council Tax (Empty Dwellings) Act 2018 s2 and
	// the Levelling-up and Regeneration Act 2023 s79.
	LongTermEmpty
	// SecondHome: no one's sole or main residence but substantially
	// furnished: England s11C, inserted by the Levelling-up and Regeneration
	// Act 2023 s80, for financial years from 1 April 2025.
	SecondHome
)

var premiumNames = [...]string{NoPremium: "none", LongTermEmpty: "long_term_empty", SecondHome: "second_home"}

var premiumText = [...]councilkit.Text{
	LongTermEmpty: text("premium.long_term_empty"),
	SecondHome:    text("premium.second_home"),
}

var premiumBasis = [...]string{
	LongTermEmpty: "Local Government Finance Act 1992 s11B (England), s12A (Wales)",
	SecondHome:    "Local Government Finance Act 1992 s11C (England), s12B (Wales)",
}

// String returns a stable name such as "long_term_empty".
func (k PremiumKind) String() string {
	if int(k) < len(premiumNames) {
		return premiumNames[k]
	}
	return "PremiumKind(" + strconv.Itoa(int(k)) + ")"
}

// Text returns the description printed on a bill.
func (k PremiumKind) Text() councilkit.Text {
	if int(k) < len(premiumText) {
		return premiumText[k]
	}
	return councilkit.Text{}
}

// LegalBasis cites the provision that allows the premium.
func (k PremiumKind) LegalBasis() string {
	if int(k) < len(premiumBasis) {
		return premiumBasis[k]
	}
	return ""
}

// MarshalText encodes the kind by its String name.
func (k PremiumKind) MarshalText() ([]byte, error) {
	return enum.Marshal(premiumNames[:], k, "counciltax", "PremiumKind")
}

// UnmarshalText decodes a kind's String name.
func (k *PremiumKind) UnmarshalText(b []byte) error {
	for i, n := range premiumNames {
		if n == string(b) {
			*k = PremiumKind(i)
			return nil
		}
	}
	return fmt.Errorf("counciltax: unknown premium kind %q", trunc(string(b)))
}

// PremiumTier is one step of a premium: from the day a dwelling has been
// empty for AfterYears whole years (the anniversary of the day it became
// empty), the amount is increased by Rate basis points (10000 = 100%, which
// doubles the charge).
type PremiumTier struct {
	AfterYears int   `json:"after_years"`
	Rate       int32 `json:"rate_bp"`
}

// PremiumPolicy is a council's determination of a premium, with the day
// from which it has effect (normally 1 April of a financial year). A later
// policy of the same kind replaces an earlier one from its From date. Tiers
// must be in ascending order of AfterYears; a SecondHome policy has one tier
// with AfterYears 0.
type PremiumPolicy struct {
	Kind  PremiumKind   `json:"kind"`
	From  calendar.Date `json:"from"`
	Tiers []PremiumTier `json:"tiers"`
}

func clonePolicies(ps []PremiumPolicy) []PremiumPolicy {
	out := make([]PremiumPolicy, len(ps))
	for i, p := range ps {
		p.Tiers = slices.Clone(p.Tiers)
		out[i] = p
	}
	slices.SortStableFunc(out, func(a, b PremiumPolicy) int { return a.From.Compare(b.From) })
	return out
}

var (
	lteFrom2013 = calendar.MustDate(2013, 4, 1)
	lteFrom2019 = calendar.MustDate(2019, 4, 1)
	lteFrom2020 = calendar.MustDate(2020, 4, 1)
	lteFrom2021 = calendar.MustDate(2021, 4, 1)
	lteFrom2024 = calendar.MustDate(2024, 4, 1)
	shFrom2025  = calendar.MustDate(2025, 4, 1)

	scotLTEFrom2013 = calendar.MustDate(2013, 4, 1)
	scotSHFrom2024  = calendar.MustDate(2024, 4, 1)

	// Wales: ss12A and 12B, inserted by the Housing (Wales) Act 2014 s139
	// (in force 16 December 2015, WSI 2015/2046 art 2), allow premiums only
	// for financial years beginning on or after 1 April 2017, up to 100%;
	// the Council Tax (Long-term Empty Dwellings and Dwellings Occupied
	// Periodically) (Wales) Regulations 2022 (WSI 2022/370) raise the
	// maximum to 300% for financial years beginning on or after 1 April
	// 2023. A dwelling's time empty counts only from 1 April 2016 (WSI
	// 2015/2046 art 2(2), for s12A(12)).
	walesFrom2017      = calendar.MustDate(2017, 4, 1)
	walesFrom2023      = calendar.MustDate(2023, 4, 1)
	walesEmptyCountsOn = calendar.MustDate(2016, 4, 1)
)

// MaxPremium returns the statutory maximum premium in basis points in
// nation n for a dwelling empty for the given whole years on day d, and the
// minimum whole years empty before any long-term empty premium may apply.
// It returns (0, 0) when no premium of the kind is lawful on d. In England:
//
//   - LongTermEmpty, s11B(1)(b) and (1A)–(1C), (8): 50% from 1 April 2013;
//     100% from 1 April 2019; from 1 April 2020 200% at five years; from
//     1 April 2021 300% at ten years. The minimum period empty is two years,
//     one year from 1 April 2024 (Levelling-up and Regeneration Act 2023
//     s79(1)(b)).
//   - SecondHome, s11C: 100% for financial years from 1 April 2025.
//
// In Scotland a variation may at most double the charge (Local Government
// in Scotland Act 2003 s33(1A), inserted by the Local Government Finance
// (Unoccupied Properties etc.) (Scotland) Act 2012 s2), so the maximum is
// 100%:
//
//   - LongTermEmpty: from 1 April 2013 for a dwelling unoccupied for at
//     least 12 months (Council Tax (Variation for Unoccupied Dwellings)
//     (Scotland) Regulations 2013, SSI 2013/45).
//   - SecondHome: from 1 April 2024 (SSI 2023/389, which removed the bar on
//     increasing second homes' council tax).
//
// In Wales (Local Government Finance Act 1992 ss12A and 12B, inserted by
// the Housing (Wales) Act 2014 s139), for LongTermEmpty (unoccupied and
// substantially unfurnished for at least one year) and SecondHome
// (dwellings occupied periodically):
//
//   - none before the financial year beginning 1 April 2017 (WSI
//     2015/2046, the commencement order, explanatory note);
//   - 100% for financial years from 1 April 2017 to 2022/23;
//   - 300% for financial years from 1 April 2023 (WSI 2022/370).
//
// The date d is the day a determination takes effect, normally 1 April,
// so it names the financial year the limit belongs to.
func MaxPremium(n Nation, k PremiumKind, d calendar.Date, yearsEmpty int) (rate int32, minYears int) {
	switch n {
	case Wales:
		if k != LongTermEmpty && k != SecondHome {
			return 0, 0
		}
		if k == LongTermEmpty {
			minYears = 1
		}
		switch {
		case d.Before(walesFrom2017):
			return 0, 0
		case d.Before(walesFrom2023):
			return 10000, minYears
		}
		return 30000, minYears
	case Scotland:
		switch {
		case k == LongTermEmpty && !d.Before(scotLTEFrom2013):
			return 10000, 1
		case k == SecondHome && !d.Before(scotSHFrom2024):
			return 10000, 0
		}
		return 0, 0
	case England:
	default:
		return 0, 0
	}
	switch k {
	case LongTermEmpty:
		minYears = 2
		if !d.Before(lteFrom2024) {
			minYears = 1
		}
		switch {
		case d.Before(lteFrom2013):
			return 0, 0
		case d.Before(lteFrom2019):
			return 5000, minYears
		case d.Before(lteFrom2020), yearsEmpty < 5:
			return 10000, minYears
		case d.Before(lteFrom2021), yearsEmpty < 10:
			return 20000, minYears
		}
		return 30000, minYears
	case SecondHome:
		if d.Before(shFrom2025) {
			return 0, 0
		}
		return 10000, 0
	}
	return 0, 0
}

func checkPremium(ps *councilkit.Problems, f string, n Nation, p PremiumPolicy) {
	if p.Kind != LongTermEmpty && p.Kind != SecondHome {
		ps.Add(councilkit.JoinField(f, "kind"), councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
		return
	}
	if p.From.IsZero() {
		ps.Add(councilkit.JoinField(f, "from"), councilkit.CodeRequired, councilkit.RequiredText())
		return
	}
	if len(p.Tiers) == 0 {
		ps.Add(councilkit.JoinField(f, "tiers"), councilkit.CodeRequired, councilkit.RequiredText())
	}
	for i, t := range p.Tiers {
		tf := councilkit.IndexField(councilkit.JoinField(f, "tiers"), i)
		if t.Rate <= 0 {
			ps.Add(councilkit.JoinField(tf, "rate_bp"), councilkit.CodeTooSmall, councilkit.TooSmallText("1"))
			continue
		}
		if i > 0 && t.AfterYears <= p.Tiers[i-1].AfterYears {
			ps.Add(councilkit.JoinField(tf, "after_years"), councilkit.CodeInvalid, councilkit.InvalidText())
		}
		if n == 0 {
			continue // the council is already reported; no limits to check against
		}
		max, minYears := MaxPremium(n, p.Kind, p.From, t.AfterYears)
		if max == 0 {
			ps.Add(councilkit.JoinField(f, "from"), CodePremiumTooSoon, text("premium.not_from_date"))
			return
		}
		if t.Rate > max {
			ps.Add(councilkit.JoinField(tf, "rate_bp"), CodePremiumTooHigh, text("premium.above_maximum", "max", percent(max)))
		}
		if p.Kind == LongTermEmpty && t.AfterYears < minYears {
			ps.Add(councilkit.JoinField(tf, "after_years"), councilkit.CodeTooSmall, councilkit.TooSmallText(strconv.Itoa(minYears)))
		}
	}
}

// percent formats basis points as a percentage: 2500 → "25%", 1250 → "12.5%".
func percent(bp int32) string {
	return string(appendPercent(nil, bp))
}

func appendPercent(dst []byte, bp int32) []byte {
	dst = strconv.AppendInt(dst, int64(bp/100), 10)
	if r := bp % 100; r != 0 {
		dst = append(dst, '.')
		if r%10 == 0 {
			dst = append(dst, byte('0'+r/10))
		} else {
			dst = append(dst, byte('0'+r/10), byte('0'+r%10))
		}
	}
	return append(dst, '%')
}

// premiumRate returns the premium in basis points on day d for a dwelling
// of kind k empty (or a second home) since `since`, under the table's
// policies, and the next day on which the rate could change (zero if never
// within the year).
func (t *Table) premiumRate(k PremiumKind, since, d calendar.Date) (rate int32, next calendar.Date) {
	if k == NoPremium {
		return 0, calendar.Date{}
	}
	var pol *PremiumPolicy
	for i := range t.premiums {
		p := &t.premiums[i]
		if p.Kind != k {
			continue
		}
		if !p.From.After(d) {
			pol = p
		} else if next.IsZero() || p.From.Before(next) {
			next = p.From
			break
		}
	}
	if pol == nil {
		return 0, next
	}
	if t.nation == Wales && k == LongTermEmpty && !since.IsZero() && since.Before(walesEmptyCountsOn) {
		// s12A(12) with WSI 2015/2046 art 2(2): no account is taken of
		// any period before 1 April 2016.
		since = walesEmptyCountsOn
	}
	for _, tier := range pol.Tiers {
		if k == SecondHome || since.IsZero() {
			if tier.AfterYears == 0 {
				rate = tier.Rate
			}
			continue
		}
		at := since.AddYears(tier.AfterYears)
		if !at.After(d) {
			rate = tier.Rate
		} else {
			if next.IsZero() || at.Before(next) {
				next = at
			}
			break
		}
	}
	return rate, next
}
