package counciltax

import (
	"math/rand/v2"
	"testing"
)

// billRun builds n accounts with a realistic English mix: bands roughly as
// the Valuation Office Agency's national counts (A 24%, B 20%, C 22%, D 15%,
// E 10%, F 5%, G 3.5%, H 0.5%), 35% single person discounts, 2% Class N
// exemptions, 1% long-term empty homes with premiums, 0.5% second homes,
// 0.5% disabled band reductions, 12% with a council tax reduction, all
// billed in March for 10 instalments.
func billRun(n int) []Account {
	r := rand.New(rand.NewPCG(5, 6))
	cum := []int{240, 440, 660, 810, 910, 960, 995, 1000}
	out := make([]Account, n)
	whole := []Period{{}}
	spd := []Period{{Discount: Discount{Kind: SingleResident}}}
	exempt := []Period{{Exempt: ClassN}}
	disabled := []Period{{Disabled: true}}
	second := []Period{{Premium: SecondHome}}
	for i := range out {
		x := r.IntN(1000)
		band := BandA
		for j, c := range cum {
			if x < c {
				band = BandA + Band(j)
				break
			}
		}
		a := Account{Band: band, Periods: whole, Instalments: InstalmentOptions{Issued: d(2025, 3, 10)}}
		switch p := r.IntN(1000); {
		case p < 350:
			a.Periods = spd
		case p < 370:
			a.Periods = exempt
		case p < 380:
			a.Periods = []Period{{Premium: LongTermEmpty, EmptySince: d(2025-1-r.IntN(12), 1+r.IntN(12), 1+r.IntN(28))}}
		case p < 385:
			a.Periods = second
		case p < 390:
			a.Periods = disabled
		}
		if r.IntN(100) < 12 {
			a.Reduction = amt("300.00")
		}
		out[i] = a
	}
	return out
}

// BenchmarkBillRun computes an annual bill run for a council of 500,000
// dwellings into one reused Bill. ns/bill is the figure to watch; allocs/op
// counts the whole run.
func BenchmarkBillRun(b *testing.B) {
	tb := harrow(b)
	accts := billRun(500_000)
	var bill Bill
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range accts {
			if err := tb.Compute(&accts[i], &bill); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(accts)), "ns/bill")
}

// BenchmarkCompute is one band D bill with a single person discount and 10
// instalments, into a reused Bill.
func BenchmarkCompute(b *testing.B) {
	tb := harrow(b)
	a := Account{Band: BandD, Periods: []Period{{Discount: Discount{Kind: SingleResident}}}, Instalments: InstalmentOptions{Issued: d(2025, 3, 10)}}
	var bill Bill
	b.ReportAllocs()
	for range b.N {
		if err := tb.Compute(&a, &bill); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewBill is the convenience API, allocating a fresh Bill.
func BenchmarkNewBill(b *testing.B) {
	tb := harrow(b)
	a := Account{Band: BandD, Periods: []Period{{Discount: Discount{Kind: SingleResident}}}, Instalments: InstalmentOptions{Issued: d(2025, 3, 10)}}
	b.ReportAllocs()
	for range b.N {
		if _, err := tb.NewBill(&a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		harrow(b)
	}
}

// TestBillRunAllocates checks the bulk path allocates nothing per bill once
// the Bill's slices have grown.
func TestBillRunAllocates(t *testing.T) {
	tb := harrow(t)
	accts := billRun(2000)
	var bill Bill
	for i := range accts {
		_ = tb.Compute(&accts[i], &bill)
	}
	allocs := testing.AllocsPerRun(5, func() {
		for i := range accts {
			if err := tb.Compute(&accts[i], &bill); err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("bill run allocates %v times per 2,000 bills", allocs)
	}
}
