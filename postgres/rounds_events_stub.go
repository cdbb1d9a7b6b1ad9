package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/events"
)

// recordEvents writes evs into the event log inside tx, the transaction of
// the change they record.
//
// TODO(merge): replace this stub with the events table's writer when the
// branch that adds councilkit.events (migration 0006: seq identity, id
// uuid, council, type, subject, time, actor, envelope jsonb, xid xid8)
// is merged: one INSERT of every event of evs into councilkit.events in
// tx. Until then the PostgreSQL round store derives its events but does
// not keep them.
func recordEvents(ctx context.Context, tx pgx.Tx, evs []events.Event) error {
	_, _ = ctx, tx
	for _, e := range evs {
		if err := e.Validate(); err != nil {
			return err
		}
	}
	return nil
}
