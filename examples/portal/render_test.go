package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

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

func TestSessionStoreBoundsItsSize(t *testing.T) {
	clock := councilkit.NewFixedClock(testNow)
	st := newSessionStore(clock, false)
	st.limit = 10
	r := httptest.NewRequest("GET", "/", nil)
	for range 25 {
		st.create(httptest.NewRecorder(), r, nil)
	}
	if n := st.len(); n > 10 {
		t.Errorf("store holds %d sessions, limit 10", n)
	}
	// Expired sessions go first.
	clock.Advance(sessionIdle + time.Minute)
	keep := st.create(httptest.NewRecorder(), r, nil)
	if n := st.len(); n != 1 {
		t.Errorf("after expiry store holds %d sessions, want 1", n)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookieInsecure, Value: keep.id})
	if st.load(req) != keep {
		t.Error("the new session did not survive the sweep")
	}
}
