package admissions_test

import (
	"context"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
)

// An admissions officer's list: the applications naming one school, newest
// first, two to a page.
func ExampleListPage() {
	ctx := context.Background()
	council := councilkit.MustParseCouncil("E06000047")
	store := admissions.NewMemStore()
	for i, day := range []string{"2026-09-14", "2026-10-01", "2026-10-20", "2026-10-31"} {
		a := &admissions.Application{
			ID: fmt.Sprintf("SEC-2027-%04d", i+1), EntryYear: admissions.Year7, SchoolYear: 2027,
			Received: calendar.MustParseDate(day), Preferences: []admissions.URN{136001, 136002},
		}
		if i == 2 {
			a.Preferences = []admissions.URN{136003}
		}
		_ = store.Create(ctx, council, a)
	}

	f := admissions.Filter{School: 136001, Sort: admissions.SortNewest, Limit: 2}
	for n := 1; ; n++ {
		page, err := admissions.ListPage(ctx, store, council, f)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, a := range page.Applications {
			fmt.Printf("page %d: %s received %s\n", n, a.ID, a.Received)
		}
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	// Output:
	// page 1: SEC-2027-0004 received 2026-10-31
	// page 1: SEC-2027-0002 received 2026-10-01
	// page 2: SEC-2027-0001 received 2026-09-14
}
