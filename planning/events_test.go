package planning_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// The ground of an appeal, as the appealed event reports it: against a
// refusal, against the conditions of a grant, or against non-determination
// when the application was never decided (Town and Country Planning Act
// 1990 s. 78(1) and (2)).
func TestChangeEventsAppealGround(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 6, d, 10, 0, 0, 0, time.UTC) }
	actor := events.Actor{Kind: events.ActorOfficer, ID: "officer-1"}
	for _, tc := range []struct {
		name  string
		moves []planning.Transition
		want  string
	}{
		{"refused", []planning.Transition{{To: planning.StateAssessment}, {To: planning.StateAwaitingDetermination},
			{To: planning.StateDetermined, Decision: planning.DecisionRefused}}, "refusal"},
		{"granted with conditions", []planning.Transition{{To: planning.StateAssessment}, {To: planning.StateAwaitingDetermination},
			{To: planning.StateDetermined, Decision: planning.DecisionGranted}}, "conditions"},
		{"not determined", []planning.Transition{{To: planning.StateAssessment}}, "non_determination"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := planningtest.NewApplication(planningtest.Lambeth, "a1")
			moves := append([]planning.Transition{{To: planning.StateSubmitted}}, tc.moves...)
			for i, m := range moves {
				m.By, m.At = "officer-1", day(2+i)
				if m.To == planning.StateValid {
					continue
				}
				if i == 1 {
					if err := a.MarkValid("officer-1", day(2+i), calendar.MustDate(2025, 6, 2)); err != nil {
						t.Fatal(err)
					}
				}
				if err := a.Lifecycle.Move(m); err != nil {
					t.Fatal(err)
				}
			}
			before := a.Clone()
			if err := a.Lifecycle.Move(planning.Transition{To: planning.StateAppealLodged, By: "officer-1", At: day(20)}); err != nil {
				t.Fatal(err)
			}
			evs, err := planning.ChangeEvents(planningtest.Lambeth, before, a, actor)
			if err != nil || len(evs) != 1 || evs[0].Type != events.PlanningApplicationAppealed || !evs[0].Time.Equal(day(20)) {
				t.Fatalf("events = %v, %v", evs, err)
			}
			var d events.PlanningApplication
			if err := json.Unmarshal(evs[0].Data, &d); err != nil {
				t.Fatal(err)
			}
			if d.AppealGround != tc.want || d.State != "appeal_lodged" {
				t.Errorf("ground %q state %q, want %q", d.AppealGround, d.State, tc.want)
			}
		})
	}
}
