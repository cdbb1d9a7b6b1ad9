package fsm

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/payments"
)

func TestLocalCheckerConcurrent(t *testing.T) {
	var records MemoryRecords
	council := councilkit.MustParseCouncil("E06000047")
	c := NewLocalChecker(&records, councilkit.NewFixedClock(time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)))
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := testNASSParent(t)
			p.NASS, _ = ParseNASSNumber(itoa9(i))
			if err := records.Put(council, p, Circumstances{Benefits: []Benefit{BenefitIncomeSupport}}); err != nil {
				t.Error(err)
				return
			}
			for range 20 {
				chk, err := c.Submit(ctx, council, p.CheckRequest())
				if err != nil {
					t.Error(err)
					return
				}
				if st, err := c.Status(ctx, council, chk.ID); err != nil || st != StatusEligible {
					t.Errorf("status %s, %v", st, err)
				}
			}
		}()
	}
	wg.Wait()
}

// A check is answered as at the clock's date: the same Universal Credit
// household is not eligible on 31 August 2026 and is on 1 September 2026.
func TestLocalCheckerUsesClock(t *testing.T) {
	var records MemoryRecords
	council := councilkit.MustParseCouncil("E06000047")
	p := testNASSParent(t)
	if err := records.Put(council, p, Circumstances{Benefits: []Benefit{BenefitUniversalCredit}, UniversalCreditEarnings: pence(100000)}); err != nil {
		t.Fatal(err)
	}
	clock := councilkit.NewFixedClock(time.Date(2026, 8, 31, 12, 0, 0, 0, time.UTC))
	c := NewLocalChecker(&records, clock)
	ctx := context.Background()
	chk, _ := c.Submit(ctx, council, p.CheckRequest())
	if chk.Status != StatusNotEligible {
		t.Errorf("31 August 2026: %s", chk.Status)
	}
	clock.Advance(24 * time.Hour)
	chk, _ = c.Submit(ctx, council, p.CheckRequest())
	if chk.Status != StatusEligible {
		t.Errorf("1 September 2026: %s", chk.Status)
	}
}

type failingRecords struct{}

func (failingRecords) Lookup(context.Context, councilkit.Council, CheckRequest) (Circumstances, error) {
	return Circumstances{}, errors.New("records offline")
}

func TestLocalCheckerRecordsError(t *testing.T) {
	council := councilkit.MustParseCouncil("E06000047")
	c := NewLocalChecker(failingRecords{}, councilkit.NewFixedClock(time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)))
	chk, err := c.Submit(context.Background(), council, testNASSParent(t).CheckRequest())
	if err != nil || chk.Status != StatusError {
		t.Fatalf("Submit = %+v, %v", chk, err)
	}
	// Records that lack a fact the rules need also give an error status,
	// never a guess.
	var records MemoryRecords
	p := testNASSParent(t)
	_ = records.Put(council, p, Circumstances{Benefits: []Benefit{BenefitUniversalCredit}})
	c = NewLocalChecker(&records, councilkit.NewFixedClock(time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)))
	if chk, _ := c.Submit(context.Background(), council, p.CheckRequest()); chk.Status != StatusError {
		t.Errorf("UC without earnings: %s", chk.Status)
	}
}

func TestNewIDIsUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id := newID()
		if len(id) != 36 || id[14] != '4' || id[8] != '-' || seen[id] {
			t.Fatalf("bad or repeated id %s", id)
		}
		seen[id] = true
	}
}

// MemoryRecords keeps its own copy of the circumstances: changing what was
// put, or what a lookup returned, changes nothing stored.
func TestMemoryRecordsCopies(t *testing.T) {
	var records MemoryRecords
	council := councilkit.MustParseCouncil("E06000047")
	p := testNASSParent(t)
	income := payments.Pounds(15000)
	in := Circumstances{Benefits: []Benefit{BenefitChildTaxCredit}, UniversalCreditEarnings: pence(100), ChildTaxCreditIncome: &income}
	if err := records.Put(council, p, in); err != nil {
		t.Fatal(err)
	}
	income = payments.Pounds(99999)
	in.Benefits[0] = BenefitUniversalCredit
	in.UniversalCreditEarnings[0] = payments.Pence(1)
	ctx := context.Background()
	got, err := records.Lookup(ctx, council, p.CheckRequest())
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string, c Circumstances) {
		t.Helper()
		if c.Benefits[0] != BenefitChildTaxCredit || c.UniversalCreditEarnings[0] != payments.Pence(100) ||
			c.ChildTaxCreditIncome == nil || *c.ChildTaxCreditIncome != payments.Pounds(15000) {
			t.Errorf("%s: stored circumstances changed: %+v", when, c)
		}
	}
	check("after changing what was put", got)
	*got.ChildTaxCreditIncome = payments.Pounds(1)
	got.Benefits[0] = BenefitIncomeSupport
	got.UniversalCreditEarnings[0] = payments.Pence(2)
	again, err := records.Lookup(ctx, council, p.CheckRequest())
	if err != nil {
		t.Fatal(err)
	}
	check("after changing what a lookup returned", again)
}
