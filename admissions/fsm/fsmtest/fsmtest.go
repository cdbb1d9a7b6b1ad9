package fsmtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
)

// Today is the date the suite's clock shows: 1 October 2025, when the
// Universal Credit earnings limit (SI 2018/148) still applies.
var Today = calendar.MustDate(2025, time.October, 1)

// Councils the suite uses.
var (
	CouncilA = councilkit.MustParseCouncil("E06000047")
	CouncilB = councilkit.MustParseCouncil("E08000025")
)

// NewChecker returns the Checker under test, answering from records as at
// the date of clock.
type NewChecker func(t *testing.T, records fsm.Records, clock councilkit.Clock) fsm.Checker

// Parent is one parent the suite's records know, with the status a check
// on them must give.
type Parent struct {
	Name   string
	Parent fsm.Parent
	Want   fsm.Status
}

func nass(s string) fsm.NASSNumber {
	n, err := fsm.ParseNASSNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

func parent(family, dob, number string) fsm.Parent {
	var p fsm.Parent
	p.Person.GivenNames = "Test"
	p.Person.FamilyName = family
	p.Person.DateOfBirth = calendar.MustParseDate(dob)
	p.NASS = nass(number)
	return p
}

func ninoParent(family, dob, nino string) fsm.Parent {
	p := parent(family, dob, "00000000")
	p.NASS = fsm.NASSNumber{}
	p.NINO = identity.MustParseNINO(nino)
	return p
}

// Parents are the parents the suite records for CouncilA. The first is
// identified by NASS number, the rest by National Insurance number.
func Parents() []Parent {
	return []Parent{
		{"asylum support", parent("Haddad", "1988-06-01", "240712349"), fsm.StatusEligible},
		{"universal credit within the limit", ninoParent("Okafor", "1985-02-14", "AB123456C"), fsm.StatusEligible},
		{"universal credit above the limit", ninoParent("Nowak", "1979-11-30", "CE654321A"), fsm.StatusNotEligible},
		{"no qualifying benefit", ninoParent("Evans", "1990-01-01", "JK112233D"), fsm.StatusNotEligible},
	}
}

func circumstances(i int) fsm.Circumstances {
	switch i {
	case 0:
		return fsm.Circumstances{Benefits: []fsm.Benefit{fsm.BenefitAsylumSupport}}
	case 1:
		return fsm.Circumstances{Benefits: []fsm.Benefit{fsm.BenefitUniversalCredit}, UniversalCreditEarnings: []payments.Amount{payments.Pence(61667)}}
	case 2:
		return fsm.Circumstances{Benefits: []fsm.Benefit{fsm.BenefitUniversalCredit}, UniversalCreditEarnings: []payments.Amount{payments.Pence(61668)}}
	}
	return fsm.Circumstances{Benefits: []fsm.Benefit{fsm.BenefitWorkingTaxCredit}}
}

// Records returns the records the suite checks against.
func Records(t *testing.T) *fsm.MemoryRecords {
	t.Helper()
	var r fsm.MemoryRecords
	for i, p := range Parents() {
		if err := r.Put(CouncilA, p.Parent, circumstances(i)); err != nil {
			t.Fatal(err)
		}
	}
	return &r
}

// RunCheckerTests runs the conformance suite against checkers made by
// newChecker.
func RunCheckerTests(t *testing.T, newChecker NewChecker) {
	ctx := context.Background()
	setup := func(t *testing.T) fsm.Checker {
		t.Helper()
		clock := councilkit.NewFixedClock(Today.Time(calendar.London()).Add(10 * time.Hour))
		return newChecker(t, Records(t), clock)
	}
	wait := func(t *testing.T, c fsm.Checker, council councilkit.Council, id fsm.CheckID) fsm.Status {
		t.Helper()
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		st, err := fsm.Wait(ctx, c, council, id, time.Millisecond)
		if err != nil {
			t.Fatalf("Wait: %v", err)
		}
		return st
	}

	t.Run("Single", func(t *testing.T) {
		c := setup(t)
		for _, p := range Parents() {
			t.Run(p.Name, func(t *testing.T) {
				chk, err := c.Submit(ctx, CouncilA, p.Parent.CheckRequest())
				if err != nil {
					t.Fatalf("Submit: %v", err)
				}
				if chk.ID == "" || (chk.Status != fsm.StatusQueued && chk.Status != p.Want) {
					t.Fatalf("Submit = %+v", chk)
				}
				if got := wait(t, c, CouncilA, chk.ID); got != p.Want {
					t.Errorf("status = %s, want %s", got, p.Want)
				}
			})
		}
	})

	t.Run("ParentNotFound", func(t *testing.T) {
		c := setup(t)
		known := Parents()[0].Parent
		for name, edit := range map[string]func(*fsm.Parent){
			"unknown number":   func(p *fsm.Parent) { p.NASS = nass("999999999") },
			"other surname":    func(p *fsm.Parent) { p.Person.FamilyName = "Smith" },
			"other birth date": func(p *fsm.Parent) { p.Person.DateOfBirth = p.Person.DateOfBirth.AddDays(1) },
		} {
			t.Run(name, func(t *testing.T) {
				p := known
				edit(&p)
				chk, err := c.Submit(ctx, CouncilA, p.CheckRequest())
				if err != nil {
					t.Fatal(err)
				}
				if got := wait(t, c, CouncilA, chk.ID); got != fsm.StatusParentNotFound {
					t.Errorf("status = %s, want parentNotFound", got)
				}
			})
		}
		t.Run("surname in capitals", func(t *testing.T) {
			p := known
			p.Person.FamilyName = "HADDAD"
			chk, err := c.Submit(ctx, CouncilA, p.CheckRequest())
			if err != nil {
				t.Fatal(err)
			}
			if got := wait(t, c, CouncilA, chk.ID); got != fsm.StatusEligible {
				t.Errorf("status = %s, want eligible", got)
			}
		})
	})

	t.Run("Invalid", func(t *testing.T) {
		c := setup(t)
		p := Parents()[0].Parent
		p.NASS = fsm.NASSNumber{}
		_, err := c.Submit(ctx, CouncilA, p.CheckRequest())
		var ve *councilkit.ValidationError
		if !errors.As(err, &ve) || !ve.Has(fsm.FieldCheckNINO, fsm.CodeNINOOrNASSRequired) {
			t.Fatalf("Submit without NINO or NASS: %v", err)
		}
		if _, err := c.SubmitBulk(ctx, CouncilA, nil); !errors.As(err, &ve) {
			t.Fatalf("empty bulk: %v", err)
		}
		reqs := []fsm.CheckRequest{Parents()[0].Parent.CheckRequest(), p.CheckRequest()}
		if _, err := c.SubmitBulk(ctx, CouncilA, reqs); !errors.As(err, &ve) || !ve.Has("[1]."+fsm.FieldCheckNINO, fsm.CodeNINOOrNASSRequired) {
			t.Fatalf("bulk with a bad request: %v", err)
		}
	})

	t.Run("Councils", func(t *testing.T) {
		c := setup(t)
		p := Parents()[0].Parent
		chk, err := c.Submit(ctx, CouncilA, p.CheckRequest())
		if err != nil {
			t.Fatal(err)
		}
		wait(t, c, CouncilA, chk.ID)
		if _, err := c.Status(ctx, CouncilB, chk.ID); !errors.Is(err, fsm.ErrCheckNotFound) {
			t.Errorf("another council's check: %v", err)
		}
		if _, err := c.Status(ctx, CouncilA, "no-such-check"); !errors.Is(err, fsm.ErrCheckNotFound) {
			t.Errorf("unknown check: %v", err)
		}
		id, err := c.SubmitBulk(ctx, CouncilA, []fsm.CheckRequest{p.CheckRequest()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.BulkProgress(ctx, CouncilB, id); !errors.Is(err, fsm.ErrCheckNotFound) {
			t.Errorf("another council's bulk progress: %v", err)
		}
		if _, err := c.BulkResults(ctx, CouncilB, id); !errors.Is(err, fsm.ErrCheckNotFound) {
			t.Errorf("another council's bulk results: %v", err)
		}
	})

	t.Run("Bulk", func(t *testing.T) {
		c := setup(t)
		var reqs []fsm.CheckRequest
		var want []fsm.Status
		for _, p := range Parents() {
			reqs = append(reqs, p.Parent.CheckRequest())
			want = append(want, p.Want)
		}
		stranger := parent("Nobody", "1970-01-01", "111111111")
		reqs = append(reqs, stranger.CheckRequest())
		want = append(want, fsm.StatusParentNotFound)
		id, err := c.SubmitBulk(ctx, CouncilA, reqs)
		if err != nil {
			t.Fatalf("SubmitBulk: %v", err)
		}
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		results, err := fsm.WaitBulk(ctx, c, CouncilA, id, time.Millisecond)
		if err != nil {
			t.Fatalf("WaitBulk: %v", err)
		}
		if len(results) != len(want) {
			t.Fatalf("%d results, want %d", len(results), len(want))
		}
		for i, r := range results {
			if r.Status != want[i] || r.Request.LastName != reqs[i].LastName || r.Request.NASS != reqs[i].NASS || r.Request.NINO != reqs[i].NINO {
				t.Errorf("result %d = %s for %s, want %s for %s", i, r.Status, r.Request.LastName, want[i], reqs[i].LastName)
			}
		}
		p, err := c.BulkProgress(ctx, CouncilA, id)
		if err != nil || !p.Done() || p.Total != len(reqs) {
			t.Errorf("progress = %+v, %v", p, err)
		}
	})
}
