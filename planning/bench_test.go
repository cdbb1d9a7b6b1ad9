package planning

import (
	"testing"

	"github.com/lgds/councilkit/calendar"
)

var sink Breakdown
var sinkDate calendar.Date

func BenchmarkCalculate(b *testing.B) {
	inputs := []FeeInput{
		{Type: TypeHouseholder, Made: in2025},
		{Type: TypeFullMajor, Made: in2025, Category: CategoryDwellings, Dwellings: 51},
		{Type: TypeOutlineMajor, Made: in2026, Category: CategoryBuildings, SiteAreaM2: 31234},
		{Type: TypeLDCProposed, Made: in2023, Category: CategoryHouseholder, ParishCouncil: true},
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		bd, err := Calculate(inputs[i&3])
		if err != nil {
			b.Fatal(err)
		}
		sink = bd
		i++
	}
}

func BenchmarkDeterminationDeadline(b *testing.B) {
	received := calendar.MustDate(2025, 6, 2)
	b.ReportAllocs()
	for b.Loop() {
		sinkDate = DeterminationDeadline(DeadlineCase{Type: TypeFullMajor, Received: received})
	}
}

func BenchmarkConsultationEnd(b *testing.B) {
	h := EnglandHolidays()
	first := calendar.MustDate(2025, 12, 5)
	b.ReportAllocs()
	for b.Loop() {
		sinkDate = ConsultationEnd(h, first, NoticeSite)
	}
}

// BenchmarkApplicationDates works out every statutory date of one
// application: determination, consultation, refund and appeal.
func BenchmarkApplicationDates(b *testing.B) {
	h := EnglandHolidays()
	received := calendar.MustDate(2025, 6, 2)
	b.ReportAllocs()
	for b.Loop() {
		sinkDate = DeterminationDeadline(DeadlineCase{Type: TypeHouseholder, Received: received})
		sinkDate, _ = FeeRefundDate(DeadlineCase{Type: TypeHouseholder, Received: received})
		sinkDate = ConsultationEnd(h, received.AddDays(3), NoticeNeighbour)
		sinkDate, _ = AppealDeadline(TypeHouseholder, sinkDate)
	}
}
