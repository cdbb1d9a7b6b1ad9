package calendar

import "testing"

var (
	sinkBool bool
	sinkDate Date
	sinkInt  int
)

func BenchmarkIsWorkingDay(b *testing.B) {
	c := New(EnglandAndWales)
	d := MustDate(2026, 1, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkBool = c.IsWorkingDay(d.AddDays(i & 1023))
	}
}

func BenchmarkAddWorkingDays20(b *testing.B) {
	c := New(EnglandAndWales)
	d := MustDate(2026, 1, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkDate = c.AddWorkingDays(d.AddDays(i&1023), 20)
	}
}

func BenchmarkWorkingDaysBetween(b *testing.B) {
	c := New(EnglandAndWales)
	d := MustDate(2026, 1, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkInt = c.WorkingDaysBetween(d, d.AddDays(i&1023))
	}
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkDate, _ = ParseDate("2026-11-23")
	}
}

func BenchmarkBankHolidays(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkInt = len(BankHolidays(Scotland, 2026))
	}
}
