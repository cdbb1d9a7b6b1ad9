package counciltax

import (
	"errors"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/payments"
)

// ErrScheduleDoesNotFit means the instalments cannot all fall in the
// financial year with the first due date asked for.
var ErrScheduleDoesNotFit = errors.New("counciltax: instalments do not fit in the financial year")

// InstalmentOptions say how a demand notice's instalments are scheduled.
type InstalmentOptions struct {
	// Issued is the day the demand notice is issued. Required.
	Issued calendar.Date `json:"issued"`
	// Twelve records the liable person's request to pay by 12 monthly
	// instalments: in England a right under regulation 21(1A)–(1C) of the
	// Council Tax (Administration and Enforcement) Regulations 1992 and
	// Schedule 1 paragraph 2(3A), inserted by SI 2012/3086 from 1 April 2013.
	// Wales amended the same Regulations in parallel (WSI 2013/62); Scottish
	// councils offer 12 under their own regulations. The package applies the
	// paragraph 2(3A) counts wherever Twelve is set.
	Twelve bool `json:"twelve,omitempty"`
	// DueDay is the day of the month instalments fall due, 1–31, clamped to
	// the month's last day; 0 means the 1st.
	DueDay int `json:"due_day,omitempty"`
	// NoticeDays is the least number of days from issue to the first
	// instalment; 0 means 14, the period councils allow for a demand notice.
	NoticeDays int `json:"notice_days,omitempty"`
	// Calendar, if set, moves a due date that is not a working day to the
	// next working day.
	Calendar *calendar.Calendar `json:"-"`
}

// Instalment is one payment due under a demand notice.
type Instalment struct {
	Due    calendar.Date   `json:"due"`
	Amount payments.Amount `json:"amount"`
}

// InstalmentCount returns the number of monthly instalments Schedule 1
// paragraph 2(3) and (3A) of the Council Tax (Administration and
// Enforcement) Regulations 1992 give a demand notice issued on day issued
// for year y, before the £5 rules of paragraphs 2(7) and 3:
//
//   - issued after 31 December in the year: 1 (paragraph 2 does not apply;
//     the amount is demanded in one sum);
//   - by 30 April (or before the year): 10; from 1 May: one less than the
//     whole months remaining in the year after the issue;
//   - with a request for 12 (paragraph 2(3A)): by 15 April: 12; from
//     16 April: the whole months remaining after the issue.
//
// "Whole months remaining after the issue" are the calendar months after
// the month of issue, up to and including March.
func InstalmentCount(y Year, issued calendar.Date, twelve bool) int {
	dt := newDueTable(y)
	return dt.count(issued, twelve)
}

// count implements InstalmentCount with the year's dates precomputed.
func (t *dueTable) count(issued calendar.Date, twelve bool) int {
	if issued.Before(t.start) {
		if twelve {
			return 12
		}
		return 10
	}
	m := t.month(issued)
	if m >= 9 { // January to March, or after the year
		return 1
	}
	remaining := 11 - m // months after the issue month up to March
	if twelve {
		if m == 0 && issued.Before(t.start.AddDays(15)) { // by 15 April
			return 12
		}
		return max(remaining, 1)
	}
	if m == 0 {
		return 10
	}
	return max(remaining-1, 1)
}

// SplitInstalments divides an aggregate amount into n monthly instalments
// by Schedule 1 paragraphs 2(5)–(7) and 3 of the Council Tax
// (Administration and Enforcement) Regulations 1992, and returns the first
// instalment, every later instalment, and the number of instalments (which
// the £5 rules may reduce).
//
//   - 2(5): if the amount divided by n is a whole number of pounds, every
//     instalment is that amount.
//   - 2(6): otherwise every instalment but the first is the amount divided
//     by n rounded to the nearest pound (half a pound up; the Regulations
//     say only "rounded up or down … to the nearest pound"), and the first
//     is the rest: £1,234.56 over 10 is £127.56 then nine of £123.
//   - 2(7): if that makes an instalment under £5, the second is added to
//     the first and there is one instalment fewer.
//   - 3: if an instalment is still under £5, an amount under £10 is one
//     instalment, and a larger amount is split into as many instalments as
//     there are whole £5s in it (at most n).
//
// The instalments always add up to the amount. An amount of zero or less is
// one instalment of that amount.
func SplitInstalments(amount payments.Amount, n int) (first, rest payments.Amount, count int) {
	f, r, c := split(amount.Pence(), n)
	return payments.Pence(f), payments.Pence(r), c
}

func split(c int64, n int) (first, rest int64, count int) {
	// mutation: equivalent — c <= 0 vs c < 0 and n <= 1 vs n < 1: zero, or one instalment, falls through to c, c, 1 anyway.
	if c <= 0 || n <= 1 {
		return c, c, 1
	}
	first, rest = splitOnce(c, n)
	// mutation: equivalent — n > 1 vs n >= 1: n is at least 2 here.
	if n > 1 && first < 500 { // para 2(7)
		first += rest
		n--
	}
	// mutation: equivalent — n > 1 vs >= 1: one instalment is c either way; first < 500 vs <= 500: a £5 first and later ones of £5+ mean c >= £5 × n, so para 3 re-splits into the same n.
	if (n > 1 && rest < 500) || first < 500 { // para 3
		if c < 1000 {
			return c, c, 1
		}
		// mutation: equivalent — m < n vs m <= n: n = m when they are equal.
		if m := int(c / 500); m < n {
			n = m
		}
		first, rest = splitOnce(c, n)
		// mutation: equivalent — n > 1 vs n >= 1: with one instalment first is c, at least £10 here.
		if n > 1 && first < 500 {
			first += rest
			n--
		}
	}
	if n == 1 {
		return c, c, 1
	}
	return first, rest, n
}

func splitOnce(c int64, n int) (first, rest int64) {
	d := int64(n)
	// mutation: equivalent — c%(100*d) vs c*(100*d): para 2(6) gives the same equal instalments when c/d is whole pounds.
	if c%(100*d) == 0 {
		return c / d, c / d
	}
	a, _ := mulDiv(c, 1, 100*d)
	a *= 100
	return c - (d-1)*a, a
}

// dueTable holds, for each month of a financial year and each day 1–31, the
// date of that day clamped to the month's end, so bulk runs schedule
// instalments without calendar arithmetic.
type dueTable struct {
	start, end calendar.Date
	next       [12]calendar.Date // first day of the month after each month
	dates      [12][32]calendar.Date
}

func newDueTable(y Year) dueTable {
	t := dueTable{start: y.Start(), end: y.End()}
	for m := 0; m < 12; m++ {
		first := t.start.AddMonths(m)
		t.next[m] = first.AddMonths(1)
		last := calendar.DaysIn(first.Year(), first.Month())
		for d := 1; d <= 31; d++ {
			t.dates[m][d] = first.AddDays(min(d, last) - 1)
		}
	}
	return t
}

// month returns 0 for a day in April … 11 for March, and 12 after the year;
// d must not be before the year.
func (t *dueTable) month(d calendar.Date) int {
	m := 0
	for m < 12 && !d.Before(t.next[m]) {
		m++
	}
	return m
}

// Instalments returns the instalment schedule for an amount billed on a
// demand notice under the table's year. See [Table.AppendInstalments].
func (t *Table) Instalments(amount payments.Amount, opts InstalmentOptions) ([]Instalment, error) {
	return t.AppendInstalments(nil, amount, opts)
}

// AppendInstalments appends the schedule to dst and returns it. The number
// of instalments is [InstalmentCount], their amounts [SplitInstalments].
// They fall in uninterrupted months on opts.DueDay, the first on the first
// such day at least NoticeDays after issue (or, if that would leave too few
// months, on the NoticeDays-th day itself) and not before 1 April.
func (t *Table) AppendInstalments(dst []Instalment, amount payments.Amount, opts InstalmentOptions) ([]Instalment, error) {
	return t.appendInstalments(dst, amount, &opts)
}

func (t *Table) appendInstalments(dst []Instalment, amount payments.Amount, opts *InstalmentOptions) ([]Instalment, error) {
	if opts.Issued.IsZero() {
		return dst, ErrOutOfYear
	}
	if amount.IsZero() {
		return dst, nil // nothing to pay, nothing to schedule
	}
	dt := &t.dues
	n := dt.count(opts.Issued, opts.Twelve)
	first, rest, n := split(amount.Pence(), n)
	day := opts.DueDay
	// mutation: equivalent — day < 1 vs day <= 1: day 1 becomes 1.
	if day < 1 || day > 31 {
		day = 1
	}
	notice := opts.NoticeDays
	if notice <= 0 {
		notice = 14
	}
	earliest := opts.Issued.AddDays(notice)
	if earliest.Before(dt.start) {
		earliest = dt.start
	}
	if earliest.After(dt.end) || !opts.Issued.Before(dt.next[8]) {
		// A notice issued after 31 December (paragraph 2(1)), or too late
		// for any instalment in the year: one payment, NoticeDays after
		// issue.
		return append(dst, Instalment{Due: roll(opts.Issued.AddDays(notice), opts.Calendar), Amount: amount}), nil
	}
	m := dt.month(earliest)
	firstDue := dt.dates[m][day]
	if firstDue.Before(earliest) {
		if m+n < 12 {
			m++
			firstDue = dt.dates[m][day]
		} else {
			firstDue = earliest
		}
	}
	if m+n > 12 {
		return dst, ErrScheduleDoesNotFit
	}
	dst = append(dst, Instalment{Due: roll(firstDue, opts.Calendar), Amount: payments.Pence(first)})
	for k := 1; k < n; k++ {
		dst = append(dst, Instalment{Due: roll(dt.dates[m+k][day], opts.Calendar), Amount: payments.Pence(rest)})
	}
	return dst, nil
}

// roll moves a due date that is not a working day to the next one; with no
// calendar, every day is a working day.
func roll(d calendar.Date, c *calendar.Calendar) calendar.Date {
	if c == nil {
		return d
	}
	return c.NextWorkingDay(d)
}

// Reprofile recomputes the instalments not yet due when the amount payable
// changes part way through the year: instalments due on or before asOf
// stand, and the new amount less what they demanded is spread over the
// remaining instalment dates by the same rounding rule (Schedule 1
// paragraph 2(6)). If no instalment remains, or the new amount is less than
// what was already demanded, the difference is one final instalment (a
// negative amount is a credit due to the payer) on the next instalment date
// or, if there is none, 14 days after asOf.
func Reprofile(plan []Instalment, newAmount payments.Amount, asOf calendar.Date) []Instalment {
	out := make([]Instalment, 0, len(plan))
	var demanded int64
	for _, in := range plan {
		if in.Due.After(asOf) {
			break
		}
		out = append(out, in)
		demanded += in.Amount.Pence()
	}
	left := newAmount.Pence() - demanded
	future := plan[len(out):]
	switch {
	case left == 0:
		return out
	case len(future) == 0:
		return append(out, Instalment{Due: asOf.AddDays(14), Amount: payments.Pence(left)})
	case left < 0:
		return append(out, Instalment{Due: future[0].Due, Amount: payments.Pence(left)})
	}
	first, rest, n := split(left, len(future))
	out = append(out, Instalment{Due: future[0].Due, Amount: payments.Pence(first)})
	for k := 1; k < n; k++ {
		out = append(out, Instalment{Due: future[k].Due, Amount: payments.Pence(rest)})
	}
	return out
}

// Adjust recomputes a bill after a change of circumstances part way through
// the year (Schedule 1 paragraph 10 of the Council Tax (Administration and
// Enforcement) Regulations 1992 lists the events: a new amount set, a change
// of band, discount, exemption and so on). It computes the account afresh
// into out and then replaces its instalments with the previous schedule
// re-profiled as at asOf by [Reprofile]: instalments due by asOf stand and
// the rest collect the new amount payable.
func (t *Table) Adjust(a *Account, prev []Instalment, asOf calendar.Date, out *Bill) error {
	if err := t.Compute(a, out); err != nil {
		return err
	}
	out.Instalments = append(out.Instalments[:0], Reprofile(prev, out.Payable, asOf)...)
	return nil
}
