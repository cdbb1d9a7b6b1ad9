package planning

import (
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
)

// TestEarlierSchedules checks the schedules before S.I. 2023/1197 against
// the legislation:
//
//   - S.I. 2012/2920 was made on 21 November 2012 and came into force the
//     day after (reg. 1(1)), for applications made on or after that day
//     (reg. 1(4)(b));
//   - S.I. 2017/1314 was made on 20 December 2017 and came into force on the
//     28th day after (reg. 1(1)), 17 January 2018; its reg. 2(2) substitutes
//     in reg. 11 £234 for £195 (11(3)(b)), £462 for £385 (11(6)(a)) and
//     £22,859, £138 and £300,000 for £19,049, £115 and £250,000 (11(6)(b)),
//     and its reg. 2(4) in reg. 16(1) £34 for £28 and £116 for £97;
//   - S.I. 2023/1197 (in force 6 December 2023) raised the fees by 25%, and
//     by 35% those for major development, rounded to the nearest pound:
//     the 2023 amounts are the 2018 amounts so raised.
func TestEarlierSchedules(t *testing.T) {
	at := func(y, m, d int) Schedule {
		s, ok := ScheduleAt(calendar.MustDate(y, time.Month(m), d))
		if !ok {
			t.Fatalf("no schedule on %d-%d-%d", y, m, d)
		}
		return s
	}
	for _, c := range []struct {
		day  calendar.Date
		name string
	}{
		{calendar.MustDate(2012, 11, 22), "2012-11-22"},
		{calendar.MustDate(2018, 1, 16), "2012-11-22"},
		{calendar.MustDate(2018, 1, 17), "2018-01-17"},
		{calendar.MustDate(2023, 12, 5), "2018-01-17"},
		{calendar.MustDate(2023, 12, 6), "2023-12-06"},
	} {
		if s, _ := ScheduleAt(c.day); s.Name != c.name {
			t.Errorf("%s: schedule %q, want %q", c.day, s.Name, c.name)
		}
	}
	s12, s18, s23 := at(2012, 11, 22), at(2018, 1, 17), at(2023, 12, 6)
	// S.I. 2017/1314 reg. 2(2) and (4): the substitutions, old for new.
	for _, c := range []struct {
		name      string
		old, new_ int64
		want12    int64
		want18    int64
	}{
		{"LDC breach of condition 11(3)(b)", s12.LDCBreachOfCondition, s18.LDCBreachOfCondition, 195, 234},
		{"dwellings rate", s12.Dwellings.Bands[0].Rate, s18.Dwellings.Bands[0].Rate, 385, 462},
		{"dwellings over 50", s12.Dwellings.Base, s18.Dwellings.Base, 19049, 22859},
		{"dwellings each over 50", s12.Dwellings.Extra, s18.Dwellings.Extra, 115, 138},
		{"dwellings maximum", s12.Dwellings.Max, s18.Dwellings.Max, 250000, 300000},
		{"conditions householder 16(1)(a)", s12.ConditionsHouseholder, s18.ConditionsHouseholder, 28, 34},
		{"conditions other 16(1)(b)", s12.ConditionsOther, s18.ConditionsOther, 97, 116},
	} {
		if c.old != c.want12 || c.new_ != c.want18 {
			t.Errorf("%s: 2012 £%d 2018 £%d, want £%d and £%d", c.name, c.old, c.new_, c.want12, c.want18)
		}
	}
	// S.I. 2023/1197: +25% (non-major), +35% (major), nearest pound.
	up := func(pounds, pct int64) int64 { return (pounds*(100+pct)*2 + 100) / 200 }
	for _, c := range []struct {
		name     string
		from, to int64
		pct      int64
	}{
		{"householder 6(1)", s18.HouseholderOne, s23.HouseholderOne, 25},
		{"householder 6(2)", s18.HouseholderMany, s23.HouseholderMany, 25},
		{"curtilage 7(a)", s18.Curtilage, s23.Curtilage, 25},
		{"change of use 14", s18.ChangeOfUse, s23.ChangeOfUse, 25},
		{"dwellings up to 9", s18.Dwellings.Bands[0].Rate, s23.Dwellings.Bands[0].Rate, 25},
		{"dwellings 10 to 50", s18.Dwellings.Bands[1].Rate, s23.Dwellings.Bands[1].Rate, 35},
		{"dwellings over 50 base", s18.Dwellings.Base, s23.Dwellings.Base, 35},
		{"dwellings over 50 each", s18.Dwellings.Extra, s23.Dwellings.Extra, 35},
		{"dwellings maximum", s18.Dwellings.Max, s23.Dwellings.Max, 35},
		{"outline over 2.5 ha base", s18.OutlineDwellings.Base, s23.OutlineDwellings.Base, 35},
		{"outline maximum", s18.OutlineDwellings.Max, s23.OutlineDwellings.Max, 35},
		{"buildings up to 40 m²", s18.Buildings.Flat.Fee, s23.Buildings.Flat.Fee, 25},
		{"conditions householder", s18.ConditionsHouseholder, s23.ConditionsHouseholder, 25},
		{"conditions other", s18.ConditionsOther, s23.ConditionsOther, 25},
		{"section 73", s18.S73Other, s23.S73Other, 25},
		{"LDC breach of condition", s18.LDCBreachOfCondition, s23.LDCBreachOfCondition, 25},
		{"advert on premises", s18.AdvertPremises, s23.AdvertPremises, 25},
		{"advert other", s18.AdvertOther, s23.AdvertOther, 25},
		{"sports club", s18.SportsClub, s23.SportsClub, 25},
	} {
		if got := up(c.from, c.pct); got != c.to {
			t.Errorf("%s: 2018 £%d +%d%% = £%d, 2023 schedule £%d", c.name, c.from, c.pct, got, c.to)
		}
	}
	// Worked fees: a householder extension, 60 homes, and prior approval
	// (not modelled before 2023).
	for _, c := range []struct {
		in   FeeInput
		want int64
	}{
		{FeeInput{Type: TypeHouseholder, Made: calendar.MustDate(2015, 6, 1)}, 17200},
		{FeeInput{Type: TypeHouseholder, Made: calendar.MustDate(2023, 10, 2)}, 20600},
		{FeeInput{Type: TypeLDCProposed, Category: CategoryHouseholder, Made: calendar.MustDate(2023, 10, 2)}, 10300},
		{FeeInput{Type: TypeFullMajor, Category: CategoryDwellings, Dwellings: 60, Made: calendar.MustDate(2020, 1, 1)}, (22859 + 10*138) * 100},
		{FeeInput{Type: TypeFullMajor, Category: CategoryDwellings, Dwellings: 60, Made: calendar.MustDate(2013, 1, 1)}, (19049 + 10*115) * 100},
	} {
		b, err := Calculate(c.in)
		if err != nil || b.Total().Pence() != c.want {
			t.Errorf("%v on %s: %d %v, want %d", c.in.Type, c.in.Made, b.Total().Pence(), err, c.want)
		}
	}
	if _, err := Calculate(FeeInput{Type: TypeLargerHomeExtension, Made: calendar.MustDate(2020, 1, 1)}); !errors.Is(err, ErrFeeNotModelled) {
		t.Errorf("prior approval in 2020: %v", err)
	}
	_, err := Calculate(FeeInput{Type: TypeHouseholder, Made: calendar.MustDate(2012, 11, 21)})
	var nse *NoScheduleError
	if !errors.As(err, &nse) || nse.Earliest != calendar.MustDate(2012, 11, 22) || nse.Text().Welsh == "" {
		t.Errorf("21 November 2012: %v", err)
	}
}
