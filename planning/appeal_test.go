package planning

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Sources for the cases below:
//
//   - DMPO 2015 art. 37(2), which consolidates DMPO 2010 art. 33(2)
//     (https://www.legislation.gov.uk/uksi/2010/2184/article/33/made):
//     (a) "in the case of a householder appeal [or minor commercial appeal,
//     inserted by S.I. 2013/2136 art. 2(4)(b)], other than a type A or a
//     type B appeal, 12 weeks from the date of the notice of the decision";
//     (b) type A, "28 days from (i) the date of the notice of the decision
//     ... or (ii) the expiry of the specified period"; (c) type B, "28 days
//     from the date on which the enforcement notice is served"; (d) "in all
//     other cases, 6 months from (i) the date of the notice ... (ii) the
//     expiry of the specified period".
//   - Planning Portal, "Appeal time limits": householder appeals are
//     against refusal; "if the LPA have failed to determine your
//     householder planning application or you are appealing against the
//     grant of permission subject to conditions to which you object,
//     please follow the time limits under 'Planning application'" (6
//     months). The enforcement limits: "28 days from the date of the LPA
//     decision if the enforcement notice was served before the decision was
//     made yet not longer than 2 years before the application was made";
//     "28 days from the date the enforcement notice was served if served on
//     or after the date the decision was made (unless this extends the
//     appeal period beyond 12 weeks [6 months])".
//   - GOV.UK, "Appeal a decision about a tree preservation order": 28 days
//     from the decision; "no deadline if you're appealing because your
//     application wasn't decided within 8 weeks".
//
// Periods begin with the date they run from (Period.EndBeginningWith): 12
// weeks beginning with Friday 10 January 2025 end on Thursday 3 April, 6
// months on 9 July, 28 days on 6 February, 8 weeks on 6 March.
func TestAppealTimeLimit(t *testing.T) {
	decided, deadline := d("2025-01-10"), d("2025-03-07") // 6 months from 8 March end on 7 September
	approval := TypeConditions
	cases := []struct {
		name string
		c    AppealCase
		want string // "" for no time limit
		rule string
	}{
		{"householder refused: 12 weeks", AppealCase{Type: TypeHouseholder, Ground: AppealRefusal, Decided: decided}, "2025-04-03", "DMPO 2015 art. 37(2)(a)"},
		{"householder conditions: 6 months", AppealCase{Type: TypeHouseholder, Ground: AppealConditions, Decided: decided}, "2025-07-09", "DMPO 2015 art. 37(2)(d)"},
		{"householder not decided: 6 months from the day after the deadline", AppealCase{Type: TypeHouseholder, Ground: AppealNonDetermination, DeterminationDeadline: deadline}, "2025-09-07", "DMPO 2015 art. 37(2)(d)"},
		{"householder with listed building consent refused", AppealCase{Type: MustParseApplicationType("pp.full.householder.listed"), Ground: AppealRefusal, Decided: decided}, "2025-04-03", "DMPO 2015 art. 37(2)(a)"},
		{"minor commercial refused: 12 weeks", AppealCase{Type: TypeFullMinor, MinorCommercial: true, Ground: AppealRefusal, Decided: decided}, "2025-04-03", "DMPO 2015 art. 37(2)(a)"},
		{"minor commercial conditions: 6 months", AppealCase{Type: TypeFullMinor, MinorCommercial: true, Ground: AppealConditions, Decided: decided}, "2025-07-09", "DMPO 2015 art. 37(2)(d)"},
		{"minor commercial not decided: 6 months", AppealCase{Type: TypeFullMinor, MinorCommercial: true, Ground: AppealNonDetermination, DeterminationDeadline: deadline}, "2025-09-07", "DMPO 2015 art. 37(2)(d)"},
		{"other minor development refused: 6 months", AppealCase{Type: TypeFullMinor, Ground: AppealRefusal, Decided: decided}, "2025-07-09", "DMPO 2015 art. 37(2)(d)"},
		{"approval of details for a house refused: 12 weeks", AppealCase{Type: approval, Householder: true, Ground: AppealRefusal, Decided: decided}, "2025-04-03", "DMPO 2015 art. 37(2)(a)"},
		{"approval of details for a shop refused: 12 weeks", AppealCase{Type: approval, MinorCommercial: true, Ground: AppealRefusal, Decided: decided}, "2025-04-03", "DMPO 2015 art. 37(2)(a)"},
		{"major refused: 6 months", AppealCase{Type: TypeFullMajor, Ground: AppealRefusal, Decided: decided}, "2025-07-09", "DMPO 2015 art. 37(2)(d)"},
		{"prior approval refused: 6 months", AppealCase{Type: TypeLargerHomeExtension, Ground: AppealRefusal, Decided: decided}, "2025-07-09", "DMPO 2015 art. 37(2)(d)"},
		{"listed building consent refused", AppealCase{Type: TypeListed, Ground: AppealRefusal, Decided: decided}, "2025-07-09", "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 8"},
		{"listed building consent not decided", AppealCase{Type: TypeListed, Ground: AppealNonDetermination, DeterminationDeadline: deadline}, "2025-09-07", "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 8"},
		{"advertisement refused: 8 weeks", AppealCase{Type: TypeAdvertConsent, Ground: AppealRefusal, Decided: decided}, "2025-03-06", "Control of Advertisements Regulations 2007 Sch. 4 para. 2"},
		{"advertisement not decided: 8 weeks from 8 March", AppealCase{Type: TypeAdvertConsent, Ground: AppealNonDetermination, DeterminationDeadline: deadline}, "2025-05-02", "Control of Advertisements Regulations 2007 Sch. 4 para. 2"},
		{"tree preservation order consent refused: 28 days", AppealCase{Type: MustParseApplicationType("wtt.consent"), Ground: AppealRefusal, Decided: decided}, "2025-02-06", "Town and Country Planning (Tree Preservation) (England) Regulations 2012 reg. 20"},
		{"tree preservation order consent not decided: no limit", AppealCase{Type: MustParseApplicationType("wtt.consent"), Ground: AppealNonDetermination, DeterminationDeadline: deadline}, "", "no time limit"},
		{"lawful development certificate: no limit", AppealCase{Type: TypeLDCProposed, Ground: AppealRefusal, Decided: decided}, "", "no time limit"},

		// Enforcement notices on the same land and development; the
		// application was made on 15 November 2024.
		{"type A: served before the decision, 28 days from the decision",
			AppealCase{Type: TypeHouseholder, Ground: AppealRefusal, Decided: decided, Received: d("2024-11-15"), EnforcementServed: d("2024-12-01")},
			"2025-02-06", "DMPO 2015 art. 37(2)(b)"},
		{"type A: served exactly 2 years before the application",
			AppealCase{Type: TypeFullMinor, Ground: AppealConditions, Decided: decided, Received: d("2024-11-15"), EnforcementServed: d("2022-11-15")},
			"2025-02-06", "DMPO 2015 art. 37(2)(b)"},
		{"served more than 2 years before the application: the usual limit",
			AppealCase{Type: TypeHouseholder, Ground: AppealRefusal, Decided: decided, Received: d("2024-11-15"), EnforcementServed: d("2022-11-14")},
			"2025-04-03", "DMPO 2015 art. 37(2)(a)"},
		{"type A, not decided: 28 days from the day after the deadline",
			AppealCase{Type: TypeFullMinor, Ground: AppealNonDetermination, DeterminationDeadline: decided, Received: d("2024-11-15"), EnforcementServed: d("2024-12-01")},
			"2025-02-07", "DMPO 2015 art. 37(2)(b)"},
		{"type B: served after the decision, 28 days from service",
			AppealCase{Type: TypeFullMinor, Ground: AppealRefusal, Decided: decided, Received: d("2024-11-15"), EnforcementServed: d("2025-03-03")},
			"2025-03-30", "DMPO 2015 art. 37(2)(c)"},
		{"type B: served on the day of the decision",
			AppealCase{Type: TypeFullMinor, Ground: AppealRefusal, Decided: decided, Received: d("2024-11-15"), EnforcementServed: decided},
			"2025-02-06", "DMPO 2015 art. 37(2)(c)"},
		{"type B does not extend the 12 weeks",
			AppealCase{Type: TypeHouseholder, Ground: AppealRefusal, Decided: decided, Received: d("2024-11-15"), EnforcementServed: d("2025-03-20")},
			"2025-04-03", "DMPO 2015 art. 37(2)(a)"},
	}
	for _, c := range cases {
		got, err := AppealTimeLimit(c.c)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		want := calendar.Date{}
		if c.want != "" {
			want = d(c.want)
		}
		if got.Last != want || got.Rule != c.rule || got.HasLimit() != (c.want != "") {
			t.Errorf("%s: %s %q, want %s %q", c.name, got.Last, got.Rule, want, c.rule)
		}
		if got.HasLimit() && got.Period.EndBeginningWith(got.Start) != got.Last {
			t.Errorf("%s: %v beginning with %s does not end on %s", c.name, got.Period, got.Start, got.Last)
		}
	}
}

// TestAppealDeadlineIsARefusal keeps the deprecated function's answers:
// it is AppealTimeLimit for a refusal.
func TestAppealDeadlineIsARefusal(t *testing.T) {
	for _, typ := range ApplicationTypes() {
		old, ok := AppealDeadline(typ, d("2025-01-10"))
		l, err := AppealTimeLimit(AppealCase{Type: typ, Ground: AppealRefusal, Decided: d("2025-01-10")})
		if err != nil || ok != l.HasLimit() || old != l.Last {
			t.Errorf("%s: AppealDeadline %s %v, AppealTimeLimit %s %v", typ, old, ok, l.Last, err)
		}
		if w := typ.AppealWindow(); ok && w.EndBeginningWith(d("2025-01-10")) != old {
			t.Errorf("%s: AppealWindow %v disagrees with %s", typ, w, old)
		}
	}
}

func TestAppealTimeLimitProblems(t *testing.T) {
	decided := d("2025-01-10")
	cases := []struct {
		name  string
		c     AppealCase
		field string
		code  councilkit.Code
	}{
		{"no type", AppealCase{Ground: AppealRefusal, Decided: decided}, "type", councilkit.CodeRequired},
		{"no ground", AppealCase{Type: TypeHouseholder, Decided: decided}, "ground", councilkit.CodeRequired},
		{"ground out of range", AppealCase{Type: TypeHouseholder, Ground: 9, Decided: decided}, "ground", councilkit.CodeInvalidChoice},
		{"refusal without a decision date", AppealCase{Type: TypeHouseholder, Ground: AppealRefusal}, "decided", councilkit.CodeRequired},
		{"conditions without a decision date", AppealCase{Type: TypeFullMinor, Ground: AppealConditions}, "decided", councilkit.CodeRequired},
		{"non-determination without a deadline", AppealCase{Type: TypeHouseholder, Ground: AppealNonDetermination, Decided: decided}, "determination_deadline", councilkit.CodeRequired},
		{"decided before the application", AppealCase{Type: TypeFullMinor, Ground: AppealRefusal, Decided: decided, Received: d("2025-02-01")}, "decided", councilkit.CodeTooSmall},
		{"deadline before the application", AppealCase{Type: TypeFullMinor, Ground: AppealNonDetermination, DeterminationDeadline: decided, Received: d("2025-02-01")}, "determination_deadline", councilkit.CodeTooSmall},
		{"minor commercial householder", AppealCase{Type: TypeHouseholder, MinorCommercial: true, Ground: AppealRefusal, Decided: decided}, "minor_commercial", councilkit.CodeInvalidChoice},
		{"minor commercial and householder", AppealCase{Type: TypeConditions, Householder: true, MinorCommercial: true, Ground: AppealRefusal, Decided: decided}, "minor_commercial", councilkit.CodeInvalidChoice},
		{"minor commercial listed building consent", AppealCase{Type: TypeListed, MinorCommercial: true, Ground: AppealRefusal, Decided: decided}, "minor_commercial", councilkit.CodeInvalidChoice},
		{"householder advertisement", AppealCase{Type: TypeAdvertConsent, Householder: true, Ground: AppealRefusal, Decided: decided}, "householder", councilkit.CodeInvalidChoice},
		{"enforcement notice without the application date", AppealCase{Type: TypeFullMinor, Ground: AppealRefusal, Decided: decided, EnforcementServed: decided}, "received", councilkit.CodeRequired},
		{"a period past the end of the calendar", AppealCase{Type: TypeFullMinor, Ground: AppealRefusal, Decided: d("9999-12-01")}, "decided", councilkit.CodeTooLarge},
		{"a deadline on the last day of the calendar", AppealCase{Type: TypeListed, Ground: AppealNonDetermination, DeterminationDeadline: d("9999-12-31")}, "determination_deadline", councilkit.CodeTooLarge},
		{"enforcement notice on listed building consent", AppealCase{Type: TypeListed, Ground: AppealRefusal, Decided: decided, Received: decided, EnforcementServed: decided}, "enforcement_served", CodeNotModelled},
	}
	for _, c := range cases {
		l, err := AppealTimeLimit(c.c)
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("%s: %v, %v, want a *ValidationError", c.name, l, err)
			continue
		}
		if !ve.Has(c.field, c.code) {
			t.Errorf("%s: %v, want %s %s", c.name, err, c.field, c.code)
		}
		if l != (AppealLimit{}) {
			t.Errorf("%s: a limit came with the error: %+v", c.name, l)
		}
		for _, p := range ve.Problems {
			if p.Message.English == "" || p.Message.Welsh == "" {
				t.Errorf("%s: %s has no English or no Welsh", c.name, p.Field)
			}
		}
	}
	// The zero case reports both missing fields at once.
	_, err := AppealTimeLimit(AppealCase{})
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("type", councilkit.CodeRequired) || !ve.Has("ground", councilkit.CodeRequired) {
		t.Errorf("zero case: %v", err)
	}
}

func TestAppealGround(t *testing.T) {
	var zero AppealGround
	if zero.String() != "unknown" || zero.IsValid() || zero.Text().Welsh == "" {
		t.Errorf("zero: %q %v %+v", zero, zero.IsValid(), zero.Text())
	}
	if got := AppealGround(9).String(); got != "AppealGround(9)" {
		t.Errorf("out of range: %q", got)
	}
	for _, g := range []AppealGround{AppealRefusal, AppealConditions, AppealNonDetermination} {
		p, err := ParseAppealGround(g.String())
		if err != nil || p != g {
			t.Errorf("%v: parsed %v %v", g, p, err)
		}
		if tx := g.Text(); tx.English == "" || tx.Welsh == "" || tx == zero.Text() {
			t.Errorf("%v: text %+v", g, tx)
		}
		b, err := json.Marshal(struct{ G AppealGround }{g})
		var back struct{ G AppealGround }
		if err != nil || json.Unmarshal(b, &back) != nil || back.G != g {
			t.Errorf("%v: JSON %s %v %v", g, b, err, back.G)
		}
	}
	for _, s := range []string{"", "unknown", "Refusal", "non-determination", "0"} {
		if _, err := ParseAppealGround(s); !errors.Is(err, councilkit.ErrValidation) {
			t.Errorf("ParseAppealGround(%q): %v", s, err)
		}
	}
	// The zero ground is written as its name, like every other ground.
	if b, err := zero.MarshalText(); err != nil || string(b) != "unknown" {
		t.Errorf("zero MarshalText: %q %v", b, err)
	}
	if _, err := AppealGround(9).MarshalText(); err == nil {
		t.Error("out of range marshalled")
	}
	g := AppealConditions
	if err := g.UnmarshalText(nil); err != nil || g != 0 {
		t.Errorf("empty UnmarshalText: %v %v", g, err)
	}
	g = AppealConditions
	if err := g.UnmarshalText([]byte("unknown")); err != nil || g != AppealGroundUnknown {
		t.Errorf("UnmarshalText(unknown): %v %v", g, err)
	}
}

func BenchmarkAppealTimeLimit(b *testing.B) {
	c := AppealCase{Type: TypeHouseholder, Ground: AppealRefusal, Decided: d("2025-01-10"),
		Received: d("2024-11-15"), EnforcementServed: d("2025-03-03")}
	b.ReportAllocs()
	for b.Loop() {
		sinkDate = must(AppealTimeLimit(c)).Last
	}
}

func must(l AppealLimit, err error) AppealLimit {
	if err != nil {
		panic(err)
	}
	return l
}
