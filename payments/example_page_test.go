package payments_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit/payments"
)

// An officer's list of payments: search, newest first, a page at a time.
// Each page's Next is passed back as After for the page that follows.
func ExampleListPage() {
	ctx := context.Background()
	store := payments.NewMemStore()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for i, ref := range []string{"CT-0001", "GW-0002", "CT-0003", "CT-0004", "PCN-0005"} {
		_ = store.Create(ctx, durham, &payments.Payment{
			ID: fmt.Sprintf("p%d", i+1), Reference: ref, Description: "Council tax", Amount: payments.Pence(int64(1000 * (i + 1))),
			Status: payments.StatusSuccess, CreatedAt: t0.Add(time.Duration(i) * time.Hour), UpdatedAt: t0,
		})
	}

	f := payments.Filter{Query: "ct-", Sort: payments.SortNewest, Limit: 2}
	for n := 1; ; n++ {
		page, err := payments.ListPage(ctx, store, durham, f)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, p := range page.Payments {
			fmt.Printf("page %d: %s %s\n", n, p.Reference, p.Amount)
		}
		if page.Next == "" {
			break
		}
		f.After = page.Next
	}
	// Output:
	// page 1: CT-0004 £40.00
	// page 1: CT-0003 £30.00
	// page 2: CT-0001 £10.00
}
