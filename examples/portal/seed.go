package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/counciltax"
)

// seed is one council's example data, generated at start: its schools,
// its council tax bills and planning register, so that a newcomer sees a
// working portal in seconds. Every name, address and figure is made up.
// The postcode areas AV (Ashdown Vale) and GR (Glanrhyd) do not exist.
type seed struct {
	council councilkit.Council

	ctTable    *counciltax.Table
	ctAccounts map[string]*ctAccount

	scheme   *admissions.Scheme
	homes    []identity.Address        // addresses a resident can pick, with UPRN and grid
	seedApps []*admissions.Application // other families' applications, so the round is oversubscribed
	// appPrefix starts the IDs of the council's school applications.
	appPrefix string

	// adm is the council's admissions state in this process: a cache of
	// the allocation behind the round's record, and the last application
	// number used here (a cache too: numbers are checked against the
	// store, see schools.go).
	adm struct {
		mu       sync.Mutex
		result   *admissions.Result
		resultAt time.Time
		nextSeq  int
	}
}

// ctAccount is one council tax account: a dwelling and its bill.
type ctAccount struct {
	Ref     string
	Address identity.Address
	Account counciltax.Account
	Bill    *counciltax.Bill
}

// seedData is what differs between the example's councils.
type seedData struct {
	town      string
	otherPost string // the postcode of the other families' homes
	precepts  []counciltax.PreceptLine
	accounts  []seedAccount
	schools   []seedSchool
	// centre is the middle of the council's area on the British National
	// Grid; schools and homes are placed around it.
	centre identity.GridPoint
	// rngSeed makes the other families' applications, the same at every
	// start; uprnDigit keeps their UPRNs apart from another council's.
	rngSeed   uint64
	uprnDigit int
}

type seedAccount struct {
	ref, line, postcode string
	acct                counciltax.Account
	offset              [2]float64 // the home from the centre, metres east and north
}

type seedSchool struct {
	urn, name string
	de, dn    float64
}

// ashdownData is the English council's data.
func ashdownData() seedData {
	return seedData{
		town: "Ashdown", otherPost: "AV3 9ZZ", centre: identity.GridPoint{Easting: 452000, Northing: 151000}, rngSeed: 2027,
		precepts: []counciltax.PreceptLine{
			{Kind: counciltax.Police, Name: "Ashdown Vale Police and Crime Commissioner", BandD: payments.MustParseAmount("291.05")},
			{Kind: counciltax.FireAndRescue, Name: "Ashdown Vale Fire Authority", BandD: payments.MustParseAmount("94.17")},
		},
		accounts: []seedAccount{
			{"10000001", "1 Example Row", "AV1 1AA", counciltax.Account{
				Band:    counciltax.BandD,
				Periods: []counciltax.Period{{Discount: counciltax.Discount{Kind: counciltax.SingleResident}}},
			}, [2]float64{200, 150}},
			{"10000002", "2 Sample Street", "AV1 2AB", counciltax.Account{
				Band:        counciltax.BandB,
				Instalments: counciltax.InstalmentOptions{Twelve: true},
			}, [2]float64{1600, 500}},
			{"10000003", "3 Fiction Lane", "AV2 3DX", counciltax.Account{
				Band:        counciltax.BandF,
				Periods:     []counciltax.Period{{Disabled: true}},
				Instalments: counciltax.InstalmentOptions{DueDay: 15},
			}, [2]float64{-900, 700}},
			{"10000004", "Flat 4, Imaginary House", "AV2 4EF", counciltax.Account{
				Band:      counciltax.BandA,
				Reduction: payments.MustParseAmount("600.00"),
			}, [2]float64{400, -1500}},
		},
		schools: []seedSchool{
			{"990101", "Ashdown Vale Primary School", 0, 0},
			{"990102", "Millbrook Community Primary School", 1800, 600},
			{"990103", "Orchard Lane Primary School", -1500, 900},
			{"990104", "Riverside Infant and Junior School", 300, -1900},
		},
	}
}

// glanrhydData is the Welsh council's data: Welsh council tax has a ninth
// band, I (Local Government Finance Act 1992 s5(1A)), and the police
// precept is the only major preceptor's (fire authorities in Wales levy
// on councils, not on bills).
func glanrhydData() seedData {
	return seedData{
		town: "Glanrhyd", otherPost: "GR3 9ZZ", centre: identity.GridPoint{Easting: 312000, Northing: 188000}, rngSeed: 2028, uprnDigit: 1,
		precepts: []counciltax.PreceptLine{
			{Kind: counciltax.Police, Name: "Glanrhyd Police and Crime Commissioner", BandD: payments.MustParseAmount("342.18")},
		},
		accounts: []seedAccount{
			{"20000001", "1 Heol yr Enghraifft", "GR1 1AB", counciltax.Account{
				Band:    counciltax.BandC,
				Periods: []counciltax.Period{{Discount: counciltax.Discount{Kind: counciltax.SingleResident}}},
			}, [2]float64{300, 200}},
			{"20000002", "2 Stryd y Sampl", "GR1 2DE", counciltax.Account{
				Band:        counciltax.BandI,
				Instalments: counciltax.InstalmentOptions{Twelve: true},
			}, [2]float64{-1200, 800}},
		},
		schools: []seedSchool{
			{"990201", "Ysgol Gynradd Glanrhyd", 0, 0},
			{"990202", "Ysgol Gymraeg Bro Dawel", 1400, -700},
			{"990203", "Riverbank Primary School", -1600, 500},
		},
	}
}

func newSeed(ctx context.Context, clock councilkit.Clock, profile councilkit.Profile, prefix string, data seedData) (*seed, error) {
	sd := &seed{council: profile.Council, appPrefix: prefix}
	if err := sd.seedCouncilTax(calendar.Today(clock), profile, data); err != nil {
		return nil, fmt.Errorf("portal: seed council tax for %s: %w", profile.Council, err)
	}
	if err := sd.seedAdmissions(calendar.Today(clock), data); err != nil {
		return nil, fmt.Errorf("portal: seed admissions for %s: %w", profile.Council, err)
	}
	_ = ctx
	return sd, nil
}

// seedCouncilTax sets the current financial year's (fictional) charges and
// bills a few dwellings, each showing a different part of the package:
// a single person discount, a band with twelve instalments, a disabled
// band reduction, and a council tax reduction. The bills name the council
// from its profile.
func (sd *seed) seedCouncilTax(today calendar.Date, profile councilkit.Profile, data seedData) error {
	year := counciltax.YearOf(today)
	bandD := payments.MustParseAmount("1,912.36")
	if sd.council.String()[0] == 'W' {
		bandD = payments.MustParseAmount("1,604.52")
	}
	lines := append([]counciltax.PreceptLine{{Kind: counciltax.BillingAuthority, Name: profile.Name.English, BandD: bandD}}, data.precepts...)
	table, err := counciltax.Charges{
		Council: sd.council,
		Year:    year,
		Profile: profile,
		Lines:   lines,
	}.Compile()
	if err != nil {
		return err
	}
	sd.ctTable = table
	issued := year.Start().AddDays(-21) // demand notices go out in March
	sd.ctAccounts = make(map[string]*ctAccount, len(data.accounts))
	for _, a := range data.accounts {
		pc, err := identity.ParsePostcode(a.postcode)
		if err != nil {
			return err
		}
		acct := a.acct
		acct.Instalments.Issued = issued
		bill, err := table.NewBill(&acct)
		if err != nil {
			return fmt.Errorf("account %s: %w", a.ref, err)
		}
		sd.ctAccounts[a.ref] = &ctAccount{
			Ref:     a.ref,
			Address: identity.Address{Lines: []string{a.line}, Town: data.town, Postcode: pc},
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

// seedAdmissions sets up the next Reception intake: primary schools with
// eight places each, the resident's choice of homes, and 36 other
// families' applications (deterministic, from a fixed seed), so that the
// round has oversubscribed schools, waiting lists and refusals to explain.
// Offer day is 16 April (or the next working day) in Wales as in England:
// the Education (Co-ordination of School Admission Arrangements and
// Miscellaneous Amendments) (Wales) Regulations 2024 (SI 2024/698),
// regulation 6, and SI 2012/8 regulation 30 in England.
func (sd *seed) seedAdmissions(today calendar.Date, data seedData) error {
	centre := data.centre
	entry := admissions.SchoolYearOf(today) + 1
	cal := calendar.New(calendar.RegionOf(sd.council))
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
	for _, x := range data.schools {
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
	for _, x := range data.accounts {
		a := sd.ctAccounts[x.ref]
		home := a.Address
		uprn, err := identity.ParseUPRN("99" + x.ref)
		if err != nil {
			return err
		}
		home.UPRN = uprn
		home.Grid = identity.GridPoint{Easting: centre.Easting + x.offset[0], Northing: centre.Northing + x.offset[1]}
		sd.homes = append(sd.homes, home)
	}

	// Other families. Names and addresses are obviously made up.
	first, last := admissions.Cohort(sc.EntryYear, sc.SchoolYear)
	span := last.Sub(first)
	rng := rand.New(rand.NewPCG(data.rngSeed, 416))
	pc, err := identity.ParsePostcode(data.otherPost)
	if err != nil {
		return err
	}
	for i := 1; i <= 36; i++ {
		home := identity.GridPoint{Easting: centre.Easting + float64(rng.IntN(5000)-2500), Northing: centre.Northing + float64(rng.IntN(5000)-2500)}
		uprn, err := identity.ParseUPRN(fmt.Sprintf("998%d000%05d", data.uprnDigit, i))
		if err != nil {
			return err
		}
		a := &admissions.Application{
			ID:         fmt.Sprintf("%s-%d-S%04d", sd.appPrefix, int(entry), i),
			Child:      identity.Person{GivenNames: "Seed", FamilyName: fmt.Sprintf("Child %02d", i), DateOfBirth: first.AddDays(rng.IntN(span + 1))},
			Parent:     identity.Person{GivenNames: "Seed", FamilyName: fmt.Sprintf("Parent %02d", i)},
			Home:       identity.Address{Lines: []string{fmt.Sprintf("%d Seed Close", i)}, Town: data.town, Postcode: pc, UPRN: uprn, Grid: home},
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
	for _, st := range s.sites.list {
		c := st.council
		for _, a := range st.seedApps {
			err := s.adm.store.Create(ctx, c, a.Clone())
			if err != nil && !errors.Is(err, admissions.ErrDuplicate) {
				return fmt.Errorf("portal: seed application: %w", err)
			}
		}
		list, err := s.adm.store.List(ctx, c, admissions.Filter{SchoolYear: st.scheme.SchoolYear})
		if err != nil {
			return fmt.Errorf("portal: list applications: %w", err)
		}
		prefix := st.applicationPrefix()
		for _, a := range list {
			if n, err := strconv.Atoi(strings.TrimPrefix(a.ID, prefix)); err == nil && strings.HasPrefix(a.ID, prefix) {
				st.adm.nextSeq = max(st.adm.nextSeq, n)
			}
		}
	}
	return nil
}

// applicationPrefix starts the ID of every application made through the
// portal for the council's intake: "AVC-2027-" then a five-digit number.
// Seed applications have an S before their number, so never clash.
func (sd *seed) applicationPrefix() string {
	return fmt.Sprintf("%s-%d-", sd.appPrefix, int(sd.scheme.SchoolYear))
}

// newApplicationID numbers the council's next application made through
// the portal (see admissionsState).
func (sd *seed) newApplicationID() string {
	sd.adm.mu.Lock()
	defer sd.adm.mu.Unlock()
	sd.adm.nextSeq++
	return fmt.Sprintf("%s%05d", sd.applicationPrefix(), sd.adm.nextSeq)
}
