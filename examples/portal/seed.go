package main

import (
	"context"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// fictionalCouncil is the example portal's council. E06 is the GSS entity
// code for English unitary authorities; instance 000099 is not allocated to
// any real authority, so the code has the real format without naming one.
var fictionalCouncil = councilkit.MustParseCouncil("E06000099")

// seed is the example data generated at start: the council, its schools,
// its council tax bills and planning register, so that a newcomer sees a
// working portal in seconds. Every name, address and figure is made up.
// The postcode area AV (for Ashdown Vale) does not exist.
type seed struct {
	council councilkit.Council

	ctTable    *counciltax.Table
	ctAccounts map[string]*ctAccount
}

// ctAccount is one council tax account: a dwelling and its bill.
type ctAccount struct {
	Ref     string
	Address identity.Address
	Account counciltax.Account
	Bill    *counciltax.Bill
}

func newSeed(ctx context.Context, clock councilkit.Clock) (*seed, error) {
	sd := &seed{council: fictionalCouncil}
	if err := sd.seedCouncilTax(calendar.Today(clock)); err != nil {
		return nil, fmt.Errorf("portal: seed council tax: %w", err)
	}
	_ = ctx
	return sd, nil
}

// seedCouncilTax sets the current financial year's (fictional) charges and
// bills a few dwellings, each showing a different part of the package:
// a single person discount, a band with twelve instalments, a disabled
// band reduction, and a council tax reduction.
func (sd *seed) seedCouncilTax(today calendar.Date) error {
	year := counciltax.YearOf(today)
	table, err := counciltax.Charges{
		Council: sd.council,
		Year:    year,
		Lines: []counciltax.PreceptLine{
			{Kind: counciltax.BillingAuthority, Name: "Ashdown Vale Council", BandD: payments.MustParseAmount("1,912.36")},
			{Kind: counciltax.Police, Name: "Ashdown Vale Police and Crime Commissioner", BandD: payments.MustParseAmount("291.05")},
			{Kind: counciltax.FireAndRescue, Name: "Ashdown Vale Fire Authority", BandD: payments.MustParseAmount("94.17")},
		},
	}.Compile()
	if err != nil {
		return err
	}
	sd.ctTable = table
	issued := year.Start().AddDays(-21) // demand notices go out in March
	town := "Ashdown"
	accounts := []struct {
		ref, line, postcode string
		acct                counciltax.Account
	}{
		{"10000001", "1 Example Row", "AV1 1AA", counciltax.Account{
			Band:        counciltax.BandD,
			Periods:     []counciltax.Period{{Discount: counciltax.SinglePersonDiscount}},
			Instalments: counciltax.InstalmentOptions{Issued: issued},
		}},
		{"10000002", "2 Sample Street", "AV1 2AB", counciltax.Account{
			Band:        counciltax.BandB,
			Instalments: counciltax.InstalmentOptions{Issued: issued, Twelve: true},
		}},
		{"10000003", "3 Fiction Lane", "AV2 3DX", counciltax.Account{
			Band:        counciltax.BandF,
			Periods:     []counciltax.Period{{Disabled: true}},
			Instalments: counciltax.InstalmentOptions{Issued: issued, DueDay: 15},
		}},
		{"10000004", "Flat 4, Imaginary House", "AV2 4EF", counciltax.Account{
			Band:        counciltax.BandA,
			Reduction:   payments.MustParseAmount("600.00"),
			Instalments: counciltax.InstalmentOptions{Issued: issued},
		}},
	}
	sd.ctAccounts = make(map[string]*ctAccount, len(accounts))
	for _, a := range accounts {
		pc, err := identity.ParsePostcode(a.postcode)
		if err != nil {
			return err
		}
		acct := a.acct
		bill, err := table.NewBill(&acct)
		if err != nil {
			return fmt.Errorf("account %s: %w", a.ref, err)
		}
		sd.ctAccounts[a.ref] = &ctAccount{
			Ref:     a.ref,
			Address: identity.Address{Lines: []string{a.line}, Town: town, Postcode: pc},
			Account: acct,
			Bill:    bill,
		}
	}
	return nil
}
