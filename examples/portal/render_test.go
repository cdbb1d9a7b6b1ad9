package main

import (
	"errors"
	"testing"

	"github.com/lgds/councilkit"
)

func TestFieldID(t *testing.T) {
	for in, want := range map[string]string{
		"account_reference":     "account_reference",
		"child.date_of_birth":   "child-date_of_birth",
		"preferences[2].school": "preferences-2-school",
	} {
		if got := fieldID(in); got != want {
			t.Errorf("fieldID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProblemsOf(t *testing.T) {
	var ps councilkit.Problems
	ps.Add("child.given_names", councilkit.CodeRequired, councilkit.RequiredText())
	ps.Add("preferences[1].school", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	got, err := problemsOf(ps.Err(), councilkit.Welsh)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "child-given_names" || got[1].ID != "preferences-1-school" {
		t.Fatalf("problemsOf = %+v", got)
	}
	if got[0].Message != councilkit.RequiredText().Welsh {
		t.Errorf("message %q, want the Welsh text", got[0].Message)
	}
	other := errors.New("database down")
	if _, err := problemsOf(other, councilkit.English); err != other {
		t.Errorf("problemsOf(other) returned %v, want the error back", err)
	}
}
