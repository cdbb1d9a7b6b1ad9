package planning_test

import (
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/planning"
)

func ExampleAppealTimeLimit() {
	decided := calendar.MustDate(2025, 8, 4)
	for _, g := range []planning.AppealGround{planning.AppealRefusal, planning.AppealConditions} {
		l, _ := planning.AppealTimeLimit(planning.AppealCase{
			Type:    planning.TypeHouseholder,
			Ground:  g,
			Decided: decided,
		})
		fmt.Println(g, l.Period, l.Last, l.Rule)
	}
	// A householder application the council did not decide by 28 July.
	l, _ := planning.AppealTimeLimit(planning.AppealCase{
		Type:                  planning.TypeHouseholder,
		Ground:                planning.AppealNonDetermination,
		DeterminationDeadline: calendar.MustDate(2025, 7, 28),
	})
	fmt.Println(l.Period, l.Last)
	// A refused minor commercial application, where an enforcement notice
	// on the same works was served after the decision.
	l, _ = planning.AppealTimeLimit(planning.AppealCase{
		Type:              planning.TypeFullMinor,
		MinorCommercial:   true,
		Ground:            planning.AppealRefusal,
		Received:          calendar.MustDate(2025, 6, 2),
		Decided:           decided,
		EnforcementServed: calendar.MustDate(2025, 9, 1),
	})
	fmt.Println(l.Period, l.Last, l.Rule)
	// The ground is always needed.
	_, err := planning.AppealTimeLimit(planning.AppealCase{Type: planning.TypeHouseholder, Decided: decided})
	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Problems[0].Field, ve.Problems[0].Code)
	}
	// Output:
	// refusal 12 weeks 2025-10-26 DMPO 2015 art. 37(2)(a)
	// conditions 6 months 2026-02-03 DMPO 2015 art. 37(2)(d)
	// 6 months 2026-01-28
	// 28 days 2025-09-28 DMPO 2015 art. 37(2)(c)
	// ground required
}
