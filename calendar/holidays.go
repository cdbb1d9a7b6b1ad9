package calendar

import (
	"fmt"
	"slices"
	"time"

	"github.com/lgds/councilkit"
)

// Region is one of the three bank holiday jurisdictions of the United
// Kingdom. England and Wales share one list; Scotland and Northern Ireland
// each have their own. The zero Region is UnknownRegion, "unknown". The
// list of regions is append-only.
type Region uint8

// The bank holiday regions, named as GOV.UK's bank holiday service names its
// divisions.
const (
	UnknownRegion Region = iota // no region: the zero Region
	EnglandAndWales
	Scotland
	NorthernIreland
)

var regionNames = [...]string{
	UnknownRegion:   "unknown",
	EnglandAndWales: "england-and-wales",
	Scotland:        "scotland",
	NorthernIreland: "northern-ireland",
}

// String returns the GOV.UK division name, such as "england-and-wales", or
// "unknown" for UnknownRegion.
func (r Region) String() string {
	if r <= NorthernIreland {
		return regionNames[r]
	}
	return fmt.Sprintf("Region(%d)", uint8(r))
}

// ParseRegion parses a GOV.UK division name. "unknown" is not one and is
// refused; UnmarshalText reads it.
func ParseRegion(s string) (Region, error) {
	for r := EnglandAndWales; r <= NorthernIreland; r++ {
		if regionNames[r] == s {
			return r, nil
		}
	}
	return 0, fmt.Errorf("calendar: unknown region %q (want england-and-wales, scotland or northern-ireland)", s)
}

// MarshalText implements encoding.TextMarshaler: the String form, "unknown"
// for UnknownRegion. An undefined region is an error.
func (r Region) MarshalText() ([]byte, error) {
	if r > NorthernIreland {
		return nil, fmt.Errorf("calendar: cannot marshal %v", r)
	}
	return []byte(regionNames[r]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler: a GOV.UK division
// name as ParseRegion reads it, or "unknown" for UnknownRegion.
func (r *Region) UnmarshalText(b []byte) error {
	if string(b) == regionNames[UnknownRegion] {
		*r = UnknownRegion
		return nil
	}
	v, err := ParseRegion(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// RegionOf returns the bank holiday region of a council: Scotland for a
// Scottish council, Northern Ireland for a Northern Irish one, and England
// and Wales otherwise (including the zero Council).
func RegionOf(c councilkit.Council) Region {
	switch c.Nation() {
	case 'S':
		return Scotland
	case 'N':
		return NorthernIreland
	}
	return EnglandAndWales
}

// Holiday is one bank or public holiday.
type Holiday struct {
	Date Date   `json:"date"`
	Name string `json:"name"`
	// Substitute is true for a weekday given in place of a holiday that
	// fell at the weekend; Name is then the name of the holiday it
	// replaces.
	Substitute bool `json:"substitute,omitempty"`
}

// The names of the holidays, as GOV.UK titles them (with a plain
// apostrophe).
const (
	NewYearsDay       = "New Year's Day"
	SecondJanuary     = "2nd January"
	StPatricksDay     = "St Patrick's Day"
	GoodFriday        = "Good Friday"
	EasterMonday      = "Easter Monday"
	EarlyMay          = "Early May bank holiday"
	SpringBankHoliday = "Spring bank holiday"
	BattleOfTheBoyne  = "Battle of the Boyne (Orangemen's Day)"
	SummerBankHoliday = "Summer bank holiday"
	StAndrewsDay      = "St Andrew's Day"
	ChristmasDay      = "Christmas Day"
	BoxingDay         = "Boxing Day"
	earlyMayVEDay     = "Early May bank holiday (VE day)"
	royalWedding2011  = "Royal wedding"
	diamondJubilee    = "Queen's Diamond Jubilee"
	platinumJubilee   = "Platinum Jubilee bank holiday"
	stateFuneral      = "Bank Holiday for the State Funeral of Queen Elizabeth II"
	coronation        = "Bank holiday for the coronation of King Charles III"
	worldCup2026      = "World Cup bank holiday"
	millennium        = "Millennium Day"
	goldenJubilee     = "Queen's Golden Jubilee"
	silverJubilee     = "Queen's Silver Jubilee"
	royalWedding1981  = "Royal wedding"
	royalWedding1973  = "Royal wedding"
)

// oneOff is a holiday appointed by royal proclamation for one year only.
type oneOff struct {
	date    Date
	name    string
	regions []Region // nil: every region
}

// oneOffs lists the extra days appointed by proclamation since the Banking
// and Financial Dealings Act 1971. Moved holidays (the spring holiday in a
// jubilee year, the 2020 early May holiday) are handled where those
// holidays are computed.
var oneOffs = []oneOff{
	{MustDate(1973, time.November, 14), royalWedding1973, nil},
	{MustDate(1977, time.June, 7), silverJubilee, nil},
	{MustDate(1981, time.July, 29), royalWedding1981, nil},
	{MustDate(1999, time.December, 31), millennium, nil},
	{MustDate(2002, time.June, 3), goldenJubilee, nil},
	{MustDate(2011, time.April, 29), royalWedding2011, nil},
	{MustDate(2012, time.June, 5), diamondJubilee, nil},
	{MustDate(2022, time.June, 3), platinumJubilee, nil},
	{MustDate(2022, time.September, 19), stateFuneral, nil},
	{MustDate(2023, time.May, 8), coronation, nil},
	// Scotland only, for the men's national team at the 2026 FIFA World
	// Cup (announced by the Scottish Government; listed by GOV.UK).
	{MustDate(2026, time.June, 15), worldCup2026, []Region{Scotland}},
}

// Easter returns Easter Sunday of a Gregorian year, by the anonymous
// Gregorian computus (Meeus/Jones/Butcher).
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{daysFromCivil(year, month, day)}
}

// nthWeekday returns the nth (1-based) weekday wd of a month; n = -1 gives
// the last.
func nthWeekday(year int, month time.Month, wd time.Weekday, n int) Date {
	// mutation: equivalent — n < 0 vs n <= 0: n is -1 or from 1, never 0.
	if n < 0 {
		last := Date{daysFromCivil(year, int(month), DaysIn(year, month))}
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return last.AddDays(-back)
	}
	first := Date{daysFromCivil(year, int(month), 1)}
	fwd := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDays(fwd + 7*(n-1))
}

// BankHolidays returns the bank and public holidays of a region in a year,
// in date order, computed by rule:
//
//   - New Year's Day (and 2 January in Scotland), Christmas Day and Boxing
//     Day, with a substitute weekday when one falls at a weekend (the next
//     weekday not already a holiday);
//   - Good Friday, and Easter Monday outside Scotland, from the Gregorian
//     computus;
//   - the early May holiday (first Monday of May, from 1978), the spring
//     holiday (last Monday of May) and the summer holiday (last Monday of
//     August; first Monday of August in Scotland);
//   - St Andrew's Day in Scotland (30 November, or the following Monday, from
//     2007), and St Patrick's Day and the Battle of the Boyne in Northern
//     Ireland (the following weekday when at a weekend);
//   - the one-off days and moves appointed by proclamation: the jubilees
//     (1977, 2002, 2012, 2022), royal weddings (1973, 1981, 2011), the
//     millennium (1999), VE day (early May holiday on Friday 8 May 2020 and
//     Monday 8 May 1995), the State Funeral (19 September 2022) and the
//     coronation (8 May 2023), and in Scotland the World Cup holiday (15 June
//     2026).
//
// The rules are those in force since the Banking and Financial Dealings Act
// 1971; for earlier years, and for future one-off proclamations not yet
// made, the result is only what the rules give. A future proclamation is a
// new release of this package, or a council closure day (see New) until
// then.
func BankHolidays(r Region, year int) []Holiday {
	if year < 1 || year > 9999 || r < EnglandAndWales || r > NorthernIreland {
		return nil
	}
	hs := make([]Holiday, 0, 12)
	add := func(d Date, name string) { hs = append(hs, Holiday{Date: d, Name: name}) }

	// Fixed-date holidays that move to a weekday when at a weekend.
	fixed := []Holiday{{Date: MustDate(year, time.January, 1), Name: NewYearsDay}}
	if r == Scotland {
		fixed = append(fixed, Holiday{Date: MustDate(year, time.January, 2), Name: SecondJanuary})
	}
	if r == NorthernIreland {
		fixed = append(fixed, Holiday{Date: MustDate(year, time.March, 17), Name: StPatricksDay})
		fixed = append(fixed, Holiday{Date: MustDate(year, time.July, 12), Name: BattleOfTheBoyne})
	}
	if r == Scotland && year >= 2007 {
		fixed = append(fixed, Holiday{Date: MustDate(year, time.November, 30), Name: StAndrewsDay})
	}
	fixed = append(fixed,
		Holiday{Date: MustDate(year, time.December, 25), Name: ChristmasDay},
		Holiday{Date: MustDate(year, time.December, 26), Name: BoxingDay})

	easter := Easter(year)
	add(easter.AddDays(-2), GoodFriday)
	if r != Scotland {
		add(easter.AddDays(1), EasterMonday)
	}
	switch {
	case year == 1995:
		add(MustDate(1995, time.May, 8), EarlyMay)
	case year == 2020:
		add(MustDate(2020, time.May, 8), earlyMayVEDay)
	case year >= 1978:
		add(nthWeekday(year, time.May, time.Monday, 1), EarlyMay)
	}
	switch year {
	case 1977:
		add(MustDate(1977, time.June, 6), SpringBankHoliday)
	case 2002:
		add(MustDate(2002, time.June, 4), SpringBankHoliday)
	case 2012:
		add(MustDate(2012, time.June, 4), SpringBankHoliday)
	case 2022:
		add(MustDate(2022, time.June, 2), SpringBankHoliday)
	default:
		add(nthWeekday(year, time.May, time.Monday, -1), SpringBankHoliday)
	}
	if r == Scotland {
		add(nthWeekday(year, time.August, time.Monday, 1), SummerBankHoliday)
	} else {
		add(nthWeekday(year, time.August, time.Monday, -1), SummerBankHoliday)
	}
	for _, o := range oneOffs {
		if o.date.Year() == year && (o.regions == nil || slices.Contains(o.regions, r)) {
			add(o.date, o.name)
		}
	}

	// Fixed dates on weekdays first, then each weekend one to the next free
	// weekday after it, in date order: this gives GOV.UK's substitutes, for
	// example 27 December for Christmas Day when 26 December is a Monday.
	taken := func(d Date) bool {
		for _, h := range hs {
			if h.Date == d {
				return true
			}
		}
		return false
	}
	for _, h := range fixed {
		if !h.Date.IsWeekend() {
			hs = append(hs, h)
		}
	}
	for _, h := range fixed {
		if h.Date.IsWeekend() {
			d := h.Date.AddDays(1)
			for d.IsWeekend() || taken(d) {
				d = d.AddDays(1)
			}
			hs = append(hs, Holiday{Date: d, Name: h.Name, Substitute: true})
		}
	}
	slices.SortFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	// When 1 January is a Sunday, Scotland's two new year holidays fall on
	// Monday 2 and Tuesday 3 January. GOV.UK named them "2nd January" then
	// "New Year's Day" (substitute) in 2012 and 2017, but from 2023 it names
	// them in order: "New Year's Day" on the 2nd, "2nd January" on the 3rd,
	// both substitutes. Follow the current naming from 2023.
	if r == Scotland && year >= 2023 && hs[0].Name == SecondJanuary && hs[1].Name == NewYearsDay {
		hs[0] = Holiday{Date: hs[0].Date, Name: NewYearsDay, Substitute: true}
		hs[1] = Holiday{Date: hs[1].Date, Name: SecondJanuary, Substitute: true}
	}
	return hs
}
