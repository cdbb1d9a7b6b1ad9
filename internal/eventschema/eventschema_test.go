package eventschema

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// Validate passes a valid event and refuses data its type's schema does
// not allow and an envelope the envelope schema does not allow.
func TestValidate(t *testing.T) {
	c := councilkit.MustParseCouncil("E06000047")
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	e, err := events.New(c, events.FreeSchoolMealsDecided, "r1", at, events.Actor{Kind: events.ActorSystem},
		events.FreeSchoolMealsDecision{ApplicationID: "r1", Eligible: true, Basis: "income_support", RuleSet: "x", Decided: calendar.DateOf(at)})
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(e); err != nil {
		t.Fatalf("a valid event: %v", err)
	}
	extra := e
	var data map[string]any
	if err := json.Unmarshal(e.Data, &data); err != nil {
		t.Fatal(err)
	}
	data["parent_name"] = "Jones"
	extra.Data, _ = json.Marshal(data)
	if err := Validate(extra); err == nil {
		t.Error("data with a field the schema does not have: no error")
	}
	missing := e
	delete(data, "parent_name")
	delete(data, "basis")
	missing.Data, _ = json.Marshal(data)
	if err := Validate(missing); err == nil {
		t.Error("data without a required field: no error")
	}
	badSource := e
	badSource.Source = "/councils/nowhere/fsm"
	if err := Validate(badSource); err == nil {
		t.Error("an envelope with a malformed source: no error")
	}
	badActor := e
	badActor.Actor.Kind = "robot"
	if err := Validate(badActor); err == nil || errors.Is(err, events.ErrUnknownType) {
		t.Errorf("an envelope with an unknown actor kind: %v", err)
	}
}
