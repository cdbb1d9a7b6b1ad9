package admissionstest_test

import (
	"reflect"
	"testing"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/admissionstest"
)

func TestGenerateDeterministicAndValid(t *testing.T) {
	cfg := admissionstest.LocalRound()
	s1, a1 := admissionstest.Generate(cfg)
	s2, a2 := admissionstest.Generate(cfg)
	if !reflect.DeepEqual(a1, a2) || len(s1.Schools) != len(s2.Schools) {
		t.Fatal("same config, different rounds")
	}
	late := 0
	for i := range a1 {
		w, err := s1.Validate(&a1[i])
		if err != nil {
			t.Fatalf("generated application %s is invalid: %v", a1[i].ID, err)
		}
		late += len(w)
	}
	if late == 0 {
		t.Error("no late applications generated")
	}
	pan := 0
	for _, sc := range s1.Schools {
		pan += sc.PAN[admissions.Year7]
	}
	if pan < cfg.Applicants {
		t.Errorf("%d places for %d children", pan, cfg.Applicants)
	}
}
