package payments

import (
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// SettlementLine totals one fund's money for one day.
type SettlementLine struct {
	FundCode string
	// Payments and Gross count and total the payments that succeeded that
	// day.
	Payments int
	Gross    Amount
	// Refunds and Refunded count and total the refunds that succeeded that
	// day, whenever their payments were made.
	Refunds  int
	Refunded Amount
	// Net is Gross less Refunded; it may be negative.
	Net Amount
}

// SettlementReport is a council's takings for one day (UK time), per fund
// code, for import into its finance ledger.
type SettlementReport struct {
	Council councilkit.Council
	Day     calendar.Date
	Lines   []SettlementLine // sorted by fund code
}

// BuildSettlement totals the council's successful payments and refunds on
// day, UK time, by fund code. A payment counts on the day it succeeded; a
// refund on the day it succeeded. Submitted and failed refunds are left out.
func BuildSettlement(ctx context.Context, store Store, council councilkit.Council, day calendar.Date) (SettlementReport, error) {
	ps, err := store.List(ctx, council, Filter{Statuses: []Status{StatusSuccess}})
	if err != nil {
		return SettlementReport{}, err
	}
	lines := map[string]*SettlementLine{}
	line := func(fund string) *SettlementLine {
		l := lines[fund]
		if l == nil {
			l = &SettlementLine{FundCode: fund}
			lines[fund] = l
		}
		return l
	}
	for _, p := range ps {
		if !p.CapturedAt.IsZero() && calendar.DateOf(p.CapturedAt) == day {
			l := line(p.FundCode)
			l.Payments++
			if l.Gross, err = l.Gross.AddChecked(p.Amount); err != nil {
				return SettlementReport{}, err
			}
		}
		for _, r := range p.Refunds {
			if r.Status == RefundSuccess && calendar.DateOf(r.UpdatedAt) == day {
				l := line(p.FundCode)
				l.Refunds++
				if l.Refunded, err = l.Refunded.AddChecked(r.Amount); err != nil {
					return SettlementReport{}, err
				}
			}
		}
	}
	rep := SettlementReport{Council: council, Day: day}
	for _, l := range lines {
		l.Net = l.Gross.Sub(l.Refunded)
		rep.Lines = append(rep.Lines, *l)
	}
	slices.SortFunc(rep.Lines, func(a, b SettlementLine) int { return strings.Compare(a.FundCode, b.FundCode) })
	return rep, nil
}

// Total adds up every line.
func (r SettlementReport) Total() SettlementLine {
	t := SettlementLine{FundCode: "TOTAL"}
	for _, l := range r.Lines {
		t.Payments += l.Payments
		t.Refunds += l.Refunds
		t.Gross = t.Gross.Add(l.Gross)
		t.Refunded = t.Refunded.Add(l.Refunded)
	}
	t.Net = t.Gross.Sub(t.Refunded)
	return t
}

// settlementCSVHeader is the header row WriteCSV writes.
var settlementCSVHeader = [...]string{"council", "date", "fund_code", "payments", "gross", "refunds", "refunded", "net"}

// WriteCSV writes the report as CSV: a header row
//
//	council,date,fund_code,payments,gross,refunds,refunded,net
//
// then one row per fund code. Amounts are in pounds with two decimal places and no currency sign
// or grouping ("1234.56", "-5.00"), dates are ISO 8601.
func (r SettlementReport) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(settlementCSVHeader[:]); err != nil {
		return err
	}
	for _, l := range r.Lines {
		if err := cw.Write([]string{
			r.Council.String(), r.Day.String(), l.FundCode,
			strconv.Itoa(l.Payments), l.Gross.Plain(),
			strconv.Itoa(l.Refunds), l.Refunded.Plain(),
			l.Net.Plain(),
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
