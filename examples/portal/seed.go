package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// seed is the example data generated at start: the council, its schools,
// its council tax bills and planning register, so that a newcomer sees a
// working portal in seconds. Every name, address and figure is made up.
// The postcode area AV (for Ashdown Vale) does not exist.
type seed struct {
	council councilkit.Council

	ctTable    *counciltax.Table
	ctAccounts map[string]*ctAccount

	scheme   *admissions.Scheme
	homes    []identity.Address        // addresses a resident can pick, with UPRN and grid
	seedApps []*admissions.Application // other families' applications, so the round is oversubscribed
}

// ctAccount is one council tax account: a dwelling and its bill.
type ctAccount struct {
	Ref     string
	Address identity.Address
	Account counciltax.Account
	Bill    *counciltax.Bill
}

func newSeed(ctx context.Context, clock councilkit.Clock, councils *councilkit.Directory) (*seed, error) {
	sd := &seed{council: fictionalCouncil}
	profile, err := councils.Profile(sd.council)
	if err != nil {
		return nil, fmt.Errorf("portal: seed: %w", err)
	}
	if err := sd.seedCouncilTax(calendar.Today(clock), profile); err != nil {
		return nil, fmt.Errorf("portal: seed council tax: %w", err)
	}
	if err := sd.seedAdmissions(calendar.Today(clock)); err != nil {
		return nil, fmt.Errorf("portal: seed admissions: %w", err)
	}
	_ = ctx
	return sd, nil
}

// seedCouncilTax sets the current financial year's (fictional) charges and
// bills a few dwellings, each showing a different part of the package:
// a single person discount, a band with twelve instalments, a disabled
// band reduction, and a council tax reduction. The bills name the council
// from its profile.
func (sd *seed) seedCouncilTax(today calendar.Date, profile councilkit.Profile) error {
	year := counciltax.YearOf(today)
	table, err := counciltax.Charges{
		Council: sd.council,
		Year:    year,
		Profile: profile,
		Lines: []counciltax.PreceptLine{
			{Kind: counciltax.BillingAuthority, Name: profile.Name.English, BandD: payments.MustParseAmount("1,912.36")},
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
			Periods:     []counciltax.Period{{Discount: counciltax.Discount{Kind: counciltax.SingleResident}}},
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

// home returns the seeded address a form's choice names by its UPRN.
func (sd *seed) home(uprn string) (identity.Address, bool) {
	u, err := identity.ParseUPRN(uprn)
	if err != nil {
		return identity.Address{}, false
	}
	i := slices.IndexFunc(sd.homes, func(h identity.Address) bool { return h.UPRN == u })
	if i < 0 {
		return identity.Address{}, false
	}
	return sd.homes[i], true
}

// centre is the middle of the fictional borough on the British National
// Grid; schools and homes are placed around it.
var centre = identity.GridPoint{Easting: 452000, Northing: 151000}

// seedAdmissions sets up the next Reception intake: four primary schools
// with eight places each, the resident's choice of homes, and 36 other
// families' applications (deterministic, from a fixed seed), so that the
// round has oversubscribed schools, waiting lists and refusals to explain.
func (sd *seed) seedAdmissions(today calendar.Date) error {
	entry := admissions.SchoolYearOf(today) + 1
	cal := calendar.New(calendar.RegionOf(sd.council))
	schools := []struct {
		urn, name string
		de, dn    float64
	}{
		{"990101", "Ashdown Vale Primary School", 0, 0},
		{"990102", "Millbrook Community Primary School", 1800, 600},
		{"990103", "Orchard Lane Primary School", -1500, 900},
		{"990104", "Riverside Infant and Junior School", 300, -1900},
	}
	sc := &admissions.Scheme{
		Council:               sd.council,
		EntryYear:             admissions.Reception,
		SchoolYear:            entry,
		ClosingDate:           calendar.MustDate(int(entry), time.January, 15),
		OfferDate:             admissions.NationalOfferDay(admissions.Primary, entry, cal),
		MaxPreferences:        3,
		OfferNearestWithPlace: true,
		TieBreak:              admissions.TieBreak{Seed: 20270416},
	}
	for _, x := range schools {
		u, err := admissions.ParseURN(x.urn)
		if err != nil {
			return err
		}
		sc.Schools = append(sc.Schools, admissions.School{
			URN: u, Name: x.name, Phase: admissions.Primary,
			PAN:      map[admissions.YearGroup]int{admissions.Reception: 8},
			Location: identity.GridPoint{Easting: centre.Easting + x.de, Northing: centre.Northing + x.dn},
			Criteria: admissions.StandardCriteria(),
		})
	}
	sd.scheme = sc

	// Homes the resident can choose: the council tax addresses, located.
	offsets := map[string][2]float64{"10000001": {200, 150}, "10000002": {1600, 500}, "10000003": {-900, 700}, "10000004": {400, -1500}}
	for _, ref := range []string{"10000001", "10000002", "10000003", "10000004"} {
		a := sd.ctAccounts[ref]
		home := a.Address
		uprn, err := identity.ParseUPRN("99" + ref)
		if err != nil {
			return err
		}
		home.UPRN = uprn
		off := offsets[ref]
		home.Grid = identity.GridPoint{Easting: centre.Easting + off[0], Northing: centre.Northing + off[1]}
		sd.homes = append(sd.homes, home)
	}

	// Other families. Names and addresses are obviously made up.
	first, last := admissions.Cohort(sc.EntryYear, sc.SchoolYear)
	span := last.Sub(first)
	rng := rand.New(rand.NewPCG(2027, 416))
	pc, err := identity.ParsePostcode("AV3 9ZZ")
	if err != nil {
		return err
	}
	for i := 1; i <= 36; i++ {
		home := identity.GridPoint{Easting: centre.Easting + float64(rng.IntN(5000)-2500), Northing: centre.Northing + float64(rng.IntN(5000)-2500)}
		uprn, err := identity.ParseUPRN(fmt.Sprintf("9980000%05d", i))
		if err != nil {
			return err
		}
		a := &admissions.Application{
			ID:         fmt.Sprintf("AVC-%d-S%04d", int(entry), i),
			Child:      identity.Person{GivenNames: "Seed", FamilyName: fmt.Sprintf("Child %02d", i), DateOfBirth: first.AddDays(rng.IntN(span + 1))},
			Parent:     identity.Person{GivenNames: "Seed", FamilyName: fmt.Sprintf("Parent %02d", i)},
			Home:       identity.Address{Lines: []string{fmt.Sprintf("%d Seed Close", i)}, Town: "Ashdown", Postcode: pc, UPRN: uprn, Grid: home},
			EntryYear:  sc.EntryYear,
			SchoolYear: sc.SchoolYear,
			Received:   sc.ClosingDate.AddDays(-rng.IntN(60)),
		}
		// Most families put the nearest school first.
		order := rng.Perm(len(sc.Schools))
		nearest := 0
		for j, s := range sc.Schools {
			if home.DistanceTo(s.Location) < home.DistanceTo(sc.Schools[nearest].Location) {
				nearest = j
			}
		}
		if rng.IntN(4) != 0 {
			for k, j := range order {
				if j == nearest {
					order[0], order[k] = order[k], order[0]
				}
			}
		}
		for _, j := range order[:3] {
			a.Preferences = append(a.Preferences, sc.Schools[j].URN)
		}
		switch {
		case i%9 == 0:
			a.SiblingsAt = []admissions.URN{a.Preferences[0]}
		case i == 17:
			a.LookedAfter = admissions.CurrentlyLookedAfter
		}
		if _, err := sc.Validate(a); err != nil {
			return fmt.Errorf("seed application %s: %w", a.ID, err)
		}
		sd.seedApps = append(sd.seedApps, a)
	}
	return nil
}

// seedStores writes the seed records into the stores. It is idempotent: a
// record already there (a portal restarted against the same PostgreSQL
// database, or two starting at once) is left as it is, never duplicated or
// overwritten. It also carries on the numbering of the portal's own
// applications from the highest already stored.
func (s *server) seedStores(ctx context.Context) error {
	c := s.seed.council
	for _, a := range s.seed.seedApps {
		err := s.adm.store.Create(ctx, c, a.Clone())
		if err != nil && !errors.Is(err, admissions.ErrDuplicate) {
			return fmt.Errorf("portal: seed application: %w", err)
		}
	}
	list, err := s.adm.store.List(ctx, c, admissions.Filter{SchoolYear: s.seed.scheme.SchoolYear})
	if err != nil {
		return fmt.Errorf("portal: list applications: %w", err)
	}
	prefix := applicationPrefix(s.seed.scheme.SchoolYear)
	for _, a := range list {
		if n, err := strconv.Atoi(strings.TrimPrefix(a.ID, prefix)); err == nil && strings.HasPrefix(a.ID, prefix) {
			s.adm.nextSeq = max(s.adm.nextSeq, n)
		}
	}
	return nil
}

// applicationPrefix starts the ID of every application made through the
// portal for the intake: "AVC-2027-" then a five-digit number. Seed
// applications have an S before their number, so never clash.
func applicationPrefix(y admissions.SchoolYear) string {
	return fmt.Sprintf("AVC-%d-", int(y))
}
