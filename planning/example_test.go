package planning_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/planning"
)

func ExampleCalculate() {
	b, err := planning.Calculate(planning.FeeInput{
		Type:      planning.TypeFullMajor,
		Made:      calendar.MustDate(2025, 6, 2),
		Category:  planning.CategoryDwellings,
		Dwellings: 51,
	})
	if err != nil {
		panic(err)
	}
	for _, l := range b.Lines() {
		fmt.Printf("%s: %s [%s]\n", l.Text().English, l.Amount, l.Basis())
	}
	fmt.Println("Total:", b.Total(), "under the", b.Schedule, "schedule")
	// Output:
	// Erection of dwellinghouses (£31,385 + 1 × £189): £31,574.00 [Fees Regulations 2012 Sch. 1 Pt 2 category 1(2)]
	// Total: £31,574.00 under the 2025-04-01 schedule
}

func ExampleDeterminationDeadline() {
	received := calendar.MustDate(2025, 6, 2)
	fmt.Println(planning.DeterminationDeadline(planning.DeadlineCase{Type: planning.TypeHouseholder, Received: received}))
	fmt.Println(planning.DeterminationDeadline(planning.DeadlineCase{Type: planning.TypeFullMajor, Received: received}))
	refund, _ := planning.FeeRefundDate(planning.DeadlineCase{Type: planning.TypeHouseholder, Received: received})
	fmt.Println(refund)
	// Output:
	// 2025-07-28
	// 2025-09-01
	// 2025-09-22
}

func ExampleConsultationEnd() {
	// A site notice put up on 5 December 2025: 21 days, with Christmas Day
	// and Boxing Day disregarded.
	end := planning.ConsultationEnd(planning.EnglandHolidays(), calendar.MustDate(2025, 12, 5), planning.NoticeSite)
	fmt.Println(end)
	// Output: 2025-12-27
}

func ExampleReferenceFormat() {
	f := planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}")
	ref, _ := f.Format(2024, 1234, planning.TypeHouseholder)
	fmt.Println(ref)
	_, parts, _ := f.Parse("24/01234/HOU")
	fmt.Println(parts.Year, parts.Sequence, parts.Suffix)
	// Output:
	// 24/01234/HOU
	// 2024 1234 HOU
}

func ExampleLifecycle_Move() {
	var l planning.Lifecycle
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	fmt.Println(l.Move(planning.Transition{To: planning.StateSubmitted, By: "portal", At: at}))
	fmt.Println(l.Move(planning.Transition{To: planning.StateValid, By: "officer:jsmith", At: at.Add(time.Hour)}))
	// A decision cannot be issued before consultation and assessment.
	err := l.Move(planning.Transition{To: planning.StateDetermined, By: "officer:jsmith", At: at.Add(2 * time.Hour), Decision: planning.DecisionGranted})
	fmt.Println(errors.Is(err, planning.ErrIllegalTransition), l.State, len(l.History))
	// Output:
	// <nil>
	// <nil>
	// true valid 2
}

func ExampleBoundaryAreaM2() {
	// The red line of a terraced house in Lambeth, as PlanX sends it.
	redLine := []byte(`{"type":"Polygon","coordinates":[[[-0.1186569035053321,51.465703531871384],
		[-0.1185938715934822,51.465724418998775],[-0.1184195280075143,51.46552473766957],
		[-0.11848390102387167,51.4655038504508],[-0.1186569035053321,51.465703531871384]]]}`)
	area, err := planning.BoundaryAreaM2(redLine)
	fmt.Printf("%.2f m² %v\n", area, err)
	// Output: 125.92 m² <nil>
}

func ExampleApplicationType_Requirements() {
	// What every listed building consent application must include.
	reqs := planning.TypeListed.Requirements()
	fmt.Println(reqs[6:])
	fmt.Println(planning.ReqHeritageStatement.Problem().Message.Welsh)
	// Output:
	// [location_plan site_plan elevations floor_plans ownership_certificate design_and_access_statement heritage_statement]
	// Lanlwythwch ddatganiad treftadaeth sy'n disgrifio arwyddocâd yr adeilad rhestredig
}
