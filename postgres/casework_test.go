package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/lgds/councilkit/payments"
)

// A cursor naming an ID that is not a UUID cannot be a place in this
// store's list (its IDs are uuid columns): it is refused as a bad cursor,
// not sent to the database.
func TestPaymentsListCursorNotUUID(t *testing.T) {
	t.Parallel()
	s := openMigrated(t, newMigratedDB(t)).Payments()
	after := payments.Cursor{Sort: payments.SortNewest, ID: "not-a-uuid"}.String()
	if _, err := s.List(context.Background(), councilA, payments.Filter{Sort: payments.SortNewest, After: after}); !errors.Is(err, payments.ErrInvalidCursor) {
		t.Errorf("List after a cursor with a non-UUID ID: %v, want ErrInvalidCursor", err)
	}
}
