package calendar

import (
	"math/bits"
	"slices"
	"sync"
)

// The span of years for which a Calendar answers from a precomputed table.
// Outside it every answer is still correct by rule, only slower.
const (
	tableFirstYear = 1900
	tableLastYear  = 2199
)

var (
	tableStart = daysFromCivil(tableFirstYear, 1, 1)
	tableEnd   = daysFromCivil(tableLastYear, 12, 31) // inclusive
)

// workingTable is a bitset over the table's days: bit i is set when day
// tableStart+i is a working day (not a weekend, not a bank holiday).
type workingTable []uint64

// regionTables builds each region's table once, on first use; the tables are
// never written again, and each Calendar copies its region's table before
// marking its own closures.
var regionTables = [4]func() workingTable{
	EnglandAndWales: sync.OnceValue(func() workingTable { return buildTable(EnglandAndWales) }),
	Scotland:        sync.OnceValue(func() workingTable { return buildTable(Scotland) }),
	NorthernIreland: sync.OnceValue(func() workingTable { return buildTable(NorthernIreland) }),
}

func buildTable(r Region) workingTable {
	n := int(tableEnd-tableStart) + 1
	t := make(workingTable, (n+63)/64) // mutation: equivalent — (n+63)*64 words only wastes memory.
	for i := 0; i < n; i++ {
		if !(Date{tableStart + int32(i)}).IsWeekend() {
			t[i/64] |= 1 << (i % 64)
		}
	}
	for y := tableFirstYear; y <= tableLastYear; y++ {
		for _, h := range BankHolidays(r, y) {
			i := int(h.Date.n - tableStart)
			t[i/64] &^= 1 << (i % 64)
		}
	}
	return t
}

// Calendar answers working-day questions for one bank holiday region and,
// optionally, one council's own closure days. A working day is a Monday to
// Friday that is neither a bank holiday of the region nor a closure day.
//
// A Calendar is immutable once made and safe for concurrent use. Making one
// copies a 14 KB table; make one per council at start-up and share it.
type Calendar struct {
	region   Region
	closures []Date // sorted, unique
	table    workingTable
}

// New returns the Calendar of a region, with a council's extra closure days
// (for example the days between Christmas and New Year when its offices
// shut). Closure days count as non-working days in every calculation. An
// invalid region is treated as England and Wales.
func New(r Region, closures ...Date) *Calendar {
	// mutation: equivalent — r < EnglandAndWales vs <=: England and Wales becomes England and Wales.
	if r < EnglandAndWales || r > NorthernIreland {
		r = EnglandAndWales
	}
	c := &Calendar{region: r, table: slices.Clone(regionTables[r]())}
	for _, d := range closures {
		if d.IsZero() {
			continue
		}
		c.closures = append(c.closures, d)
		// mutation: equivalent — >= vs > tableStart: 1 January 1900 is New Year's Day, already no working day.
		if d.n >= tableStart && d.n <= tableEnd {
			i := int(d.n - tableStart)
			c.table[i/64] &^= 1 << (i % 64)
		}
	}
	slices.SortFunc(c.closures, Date.Compare)
	c.closures = slices.Compact(c.closures)
	return c
}

// Region returns the calendar's bank holiday region.
func (c *Calendar) Region() Region { return c.region }

// Closures returns the council's closure days, sorted.
func (c *Calendar) Closures() []Date { return slices.Clone(c.closures) }

// IsWorkingDay reports whether d is a working day: not a Saturday or Sunday,
// not a bank holiday and not a closure day. The zero Date is not a working
// day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	// mutation: equivalent — > or < at the table's ends: the rule gives the same answer there (TestFastAndSlowPathsAgree).
	if d.n >= tableStart && d.n <= tableEnd {
		i := uint(d.n - tableStart)
		return c.table[i/64]&(1<<(i%64)) != 0
	}
	return c.slowIsWorkingDay(d)
}

func (c *Calendar) slowIsWorkingDay(d Date) bool {
	if d.IsZero() || d.IsWeekend() {
		return false
	}
	if _, found := slices.BinarySearchFunc(c.closures, d, Date.Compare); found {
		return false
	}
	_, bank := c.Holiday(d)
	return !bank
}

// IsHoliday reports whether d is a bank holiday of the region or a closure
// day. Weekends are not holidays, not even Christmas Day on a Saturday:
// for a period that disregards "public holidays", use IsPublicHoliday.
func (c *Calendar) IsHoliday(d Date) bool {
	return !d.IsZero() && !d.IsWeekend() && !c.IsWorkingDay(d)
}

// Holiday returns the bank holiday on d, if there is one. Closure days are
// not bank holidays and are reported by IsHoliday only.
func (c *Calendar) Holiday(d Date) (Holiday, bool) {
	if d.IsZero() {
		return Holiday{}, false
	}
	for _, h := range BankHolidays(c.region, d.Year()) {
		if h.Date == d {
			return h, true
		}
	}
	return Holiday{}, false
}

// AddWorkingDays returns the date n working days after d, not counting d
// itself: one working day after a Friday is the next Monday (or Tuesday,
// after a bank holiday Monday). For negative n it counts back. For n = 0 it
// returns d, working day or not. The zero Date gives the zero Date.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	if d.IsZero() || n == 0 {
		return d
	}
	// mutation: equivalent — n > 0 vs n >= 0: n == 0 returned above.
	if n > 0 {
		return c.forward(d, n)
	}
	return c.backward(d, -n)
}

// forward scans the bitset a word at a time: whole words whose working days
// are fewer than still needed are skipped with one popcount.
func (c *Calendar) forward(d Date, n int) Date {
	pos := int64(d.n) - int64(tableStart) + 1 // first candidate day
	last := int64(tableEnd - tableStart)
	// mutation: equivalent — any change to this guard: the day-by-day loop below reaches the same day, only slower.
	for pos >= 0 && pos <= last {
		w := pos / 64
		word := c.table[w] >> (pos % 64)
		if cnt := bits.OnesCount64(word); cnt < n {
			n -= cnt
			pos = (w + 1) * 64
			continue
		}
		for ; ; n-- {
			tz := bits.TrailingZeros64(word)
			if n == 1 {
				return Date{tableStart + int32(pos+int64(tz))}
			}
			word &= word - 1
		}
	}
	// Outside the table: day by day, by rule.
	// mutation: equivalent — pos-1 vs pos+1 and pos < 0 vs <= 0: the loop leaves with pos < 0 or pos > last, where both agree.
	cur := Date{tableStart + int32(min(pos-1, last))}
	if pos < 0 { // mutation: equivalent — see above.
		cur = d
	}
	for n > 0 {
		cur = cur.AddDays(1)
		if cur.IsZero() {
			return Date{}
		}
		if c.IsWorkingDay(cur) {
			n--
		}
	}
	return cur
}

func (c *Calendar) backward(d Date, n int) Date {
	// mutation: equivalent — a wrong pos outside the table only sends the search down the day-by-day path.
	pos := int64(d.n) - int64(tableStart) - 1
	last := int64(tableEnd - tableStart)
	// mutation: equivalent — any change to this guard: the day-by-day loop below reaches the same day, only slower.
	for pos >= 0 && pos <= last {
		w := pos / 64
		shift := 63 - pos%64
		word := c.table[w] << shift
		if cnt := bits.OnesCount64(word); cnt < n {
			n -= cnt
			pos = w*64 - 1
			continue
		}
		for ; ; n-- {
			lz := bits.LeadingZeros64(word)
			if n == 1 {
				return Date{tableStart + int32(pos-int64(lz))}
			}
			word &^= 1 << (63 - lz)
		}
	}
	// mutation: equivalent — + 1 vs - 1: it skips only 30 and 31 December 1899, a Saturday and a Sunday; pos > last vs >=: pos never leaves the loop equal to last.
	cur := Date{int32(pos) + tableStart + 1}
	if pos > last { // mutation: equivalent — see above.
		cur = d
	}
	for n > 0 {
		cur = cur.AddDays(-1)
		if cur.IsZero() {
			return Date{}
		}
		if c.IsWorkingDay(cur) {
			n--
		}
	}
	return cur
}

// WorkingDaysBetween returns the number of working days after from up to and
// including to. When to is before from it returns minus the number of
// working days from to up to but not including from. Either way
// c.WorkingDaysBetween(d, c.AddWorkingDays(d, n)) == n for every n.
func (c *Calendar) WorkingDaysBetween(from, to Date) int {
	if from == to || from.IsZero() || to.IsZero() {
		return 0
	}
	if to.Before(from) {
		return -c.countWorking(to.AddDays(-1), from.AddDays(-1))
	}
	return c.countWorking(from, to)
}

// countWorking counts working days in (a, b], a before b.
func (c *Calendar) countWorking(a, b Date) int {
	lo, hi := a.n+1, b.n
	count := 0
	// Parts outside the table, by rule.
	// mutation: equivalent — lo < tableStart vs <=: the first day is then counted by rule and left out of the table's range.
	for ; lo <= hi && lo < tableStart; lo++ {
		if c.IsWorkingDay(Date{lo}) {
			count++
		}
	}
	// mutation: equivalent — hi > tableEnd vs >=: the last day is then counted by rule and left out of the table's range.
	for ; hi >= lo && hi > tableEnd; hi-- {
		if c.IsWorkingDay(Date{hi}) {
			count++
		}
	}
	if lo > hi {
		return count
	}
	i, j := int(lo-tableStart), int(hi-tableStart) // inclusive bit range
	wi, wj := i/64, j/64
	if wi == wj {
		mask := (^uint64(0) >> (63 - j%64)) &^ ((uint64(1) << (i % 64)) - 1)
		return count + bits.OnesCount64(c.table[wi]&mask)
	}
	count += bits.OnesCount64(c.table[wi] &^ ((uint64(1) << (i % 64)) - 1))
	for w := wi + 1; w < wj; w++ {
		count += bits.OnesCount64(c.table[w])
	}
	count += bits.OnesCount64(c.table[wj] & (^uint64(0) >> (63 - j%64)))
	return count
}

// NextWorkingDay returns d if it is a working day, or else the first working
// day after it.
func (c *Calendar) NextWorkingDay(d Date) Date {
	if d.IsZero() || c.IsWorkingDay(d) {
		return d
	}
	return c.AddWorkingDays(d, 1)
}

// PreviousWorkingDay returns d if it is a working day, or else the last
// working day before it.
func (c *Calendar) PreviousWorkingDay(d Date) Date {
	if d.IsZero() || c.IsWorkingDay(d) {
		return d
	}
	return c.AddWorkingDays(d, -1)
}
