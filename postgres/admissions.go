package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/search"
)

// AdmissionsStore is an admissions.Store kept in PostgreSQL,
// with bulk loading of a round's applications and bulk saving of its
// offers. Get one from DB.Admissions. It is safe for concurrent use.
type AdmissionsStore struct {
	db *DB
}

var _ admissions.Store = (*AdmissionsStore)(nil)

// Admissions returns the database's school admissions store.
func (db *DB) Admissions() *AdmissionsStore { return &AdmissionsStore{db: db} }

func admissionsCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return admissions.ErrNoCouncil
	}
	return nil
}

// admissionsRow is the column values of a, after council and ID. received
// is a.Received, whose SQL value is NULL for no date, else ISO 8601 text,
// so no time zone can shift the day.
func admissionsRow(a *admissions.Application) (schoolYear int, entryYear int16, received calendar.Date, body string, err error) {
	b, err := json.Marshal(a)
	if err != nil {
		return 0, 0, calendar.Date{}, "", fmt.Errorf("postgres: encoding admissions application: %w", err)
	}
	return int(a.SchoolYear), int16(a.EntryYear), a.Received, string(b), nil
}

func scanAdmissions(row pgx.CollectableRow) (*admissions.Application, error) {
	a := new(admissions.Application)
	return a, scanAdmissionsInto(row, a)
}

// scanAdmissionsInto decodes a (body, version) row into a.
func scanAdmissionsInto(row pgx.Row, a *admissions.Application) error {
	var (
		body    []byte
		version int64
	)
	if err := row.Scan(&body, &version); err != nil {
		return err
	}
	if err := json.Unmarshal(body, a); err != nil {
		return fmt.Errorf("postgres: decoding admissions application: %w", err)
	}
	a.Version = version
	return nil
}

// Create implements admissions.Store.
func (s *AdmissionsStore) Create(ctx context.Context, c councilkit.Council, a *admissions.Application) error {
	if err := admissionsCall(ctx, c); err != nil {
		return err
	}
	if err := admissions.CheckID(a); err != nil {
		return err
	}
	sy, ey, rec, body, err := admissionsRow(a)
	if err != nil {
		return err
	}
	var evs []events.Event
	if !s.db.noEvents {
		next := a.Clone()
		next.Version = 1
		if evs, err = admissions.ChangeEvents(c, nil, next, events.ActorFrom(ctx)); err != nil {
			return err
		}
	}
	evArgs, err := eventArgs(evs)
	if err != nil {
		return err
	}
	// The application and, only if it is new, its events, in one
	// statement.
	var (
		inserted bool
		pos      []int64
	)
	err = s.db.writeInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`WITH a AS (
				INSERT INTO councilkit.admissions_applications (council, id, school_year, entry_year, received, version, body)
				VALUES ($1, $2, $3, $4, $5::date, 1, $6) ON CONFLICT DO NOTHING
				RETURNING council
			), ev AS (`+insertEventsLogSQL(`a.council`, 7, `a CROSS JOIN`, 0)+`
			)
			SELECT EXISTS (SELECT 1 FROM a), ARRAY(SELECT pos FROM ev ORDER BY pos)`,
			append([]any{c.String(), a.ID, sy, ey, rec, body}, evArgs...)...).QueryRow(func(r pgx.Row) error {
			return r.Scan(&inserted, &pos)
		})
		return nil
	}, func(tx pgx.Tx) error {
		if !inserted {
			return nil
		}
		return s.db.runAfterRecord(ctx, tx, evs, pos)
	})
	if err != nil {
		return err
	}
	if !inserted {
		return fmt.Errorf("%w: application", admissions.ErrDuplicate)
	}
	a.Version = 1
	return nil
}

// Get implements admissions.Store.
func (s *AdmissionsStore) Get(ctx context.Context, c councilkit.Council, id string) (*admissions.Application, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return nil, err
	}
	var a *admissions.Application
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body, version FROM councilkit.admissions_applications WHERE council = $1 AND id = $2`, c.String(), id).
			Query(func(rows pgx.Rows) error {
				var err error
				a, err = pgx.CollectExactlyOneRow(rows, scanAdmissions)
				if errors.Is(err, pgx.ErrNoRows) {
					return fmt.Errorf("%w: application", admissions.ErrNotFound)
				}
				return err
			})
		return nil
	})
	return a, err
}

// Update implements admissions.Store: it stores a if the stored
// version is still a.Version, and increments a.Version.
func (s *AdmissionsStore) Update(ctx context.Context, c councilkit.Council, a *admissions.Application) error {
	if err := admissionsCall(ctx, c); err != nil {
		return err
	}
	if err := admissions.CheckID(a); err != nil {
		return err
	}
	sy, ey, rec, body, err := admissionsRow(a)
	if err != nil {
		return err
	}
	// The stored application is read under its row lock, so that the
	// change's events are derived from what it replaces.
	err = s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT body, version FROM councilkit.admissions_applications WHERE council = $1 AND id = $2 FOR UPDATE`,
			c.String(), a.ID)
		cur, err := pgx.CollectExactlyOneRow(rows, scanAdmissions)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: application", admissions.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if cur.Version != a.Version {
			return fmt.Errorf("%w: application changed since it was read", admissions.ErrConflict)
		}
		var (
			evs []events.Event
			pos []int64
		)
		if !s.db.noEvents {
			next := a.Clone()
			next.Version = a.Version + 1
			if evs, err = admissions.ChangeEvents(c, cur, next, events.ActorFrom(ctx)); err != nil {
				return err
			}
		}
		b := &pgx.Batch{}
		b.Queue(`UPDATE councilkit.admissions_applications SET school_year = $3, entry_year = $4, received = $5::date,
				body = $6, version = version + 1
			WHERE council = $1 AND id = $2`, c.String(), a.ID, sy, ey, rec, body)
		if err := queueEventLog(b, c, evs, &pos); err != nil {
			return err
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		return s.db.runAfterRecord(ctx, tx, evs, pos)
	})
	if err != nil {
		return err
	}
	a.Version++
	return nil
}

// Delete implements admissions.Store.
func (s *AdmissionsStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := admissionsCall(ctx, c); err != nil {
		return err
	}
	var deleted bool
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`DELETE FROM councilkit.admissions_applications WHERE council = $1 AND id = $2`, c.String(), id).
			Exec(func(tag pgconn.CommandTag) error { deleted = tag.RowsAffected() == 1; return nil })
		return nil
	})
	if err == nil && !deleted {
		err = fmt.Errorf("%w: application", admissions.ErrNotFound)
	}
	return err
}

// List implements admissions.Store, in f.Sort's order: oldest first, by
// received date (no date first), ties by ID, for the zero Sort. A page
// after a cursor (f.After) is found by keyset on (received, id), an
// undated application taken as received on -infinity. It streams the rows;
// LoadRound gives a round's applications in the form admissions.Allocate
// takes.
func (s *AdmissionsStore) List(ctx context.Context, c councilkit.Council, f admissions.Filter) ([]*admissions.Application, error) {
	var out []*admissions.Application
	err := s.each(ctx, c, f, func(n int) { out = make([]*admissions.Application, 0, n) }, func() *admissions.Application {
		a := new(admissions.Application)
		out = append(out, a)
		return a
	})
	return out, err
}

// LoadRound returns the council's applications matching f as the slice of
// values that admissions.Allocate and admissions.NewRound take, ordered by
// ID whatever f.Sort, from the first (f.After is not used; f.Limit, if
// positive, caps them). The rows are decoded straight into one slice, sized beforehand from
// a count, so that a national round's 620,000 applications are not copied
// again and again as it grows.
func (s *AdmissionsStore) LoadRound(ctx context.Context, c councilkit.Council, f admissions.Filter) ([]admissions.Application, error) {
	var out []admissions.Application
	f.Sort, f.After = admissions.SortID, ""
	err := s.each(ctx, c, f, func(n int) { out = make([]admissions.Application, 0, n) }, func() *admissions.Application {
		out = append(out, admissions.Application{})
		return &out[len(out)-1]
	})
	return out, err
}

// each queries the council's applications matching f in f.Sort's order,
// after f.After if it is set: sized is called first with their number (a
// hint: a concurrent change can make the rows differ), then each row is
// decoded into the application that next returns.
func (s *AdmissionsStore) each(ctx context.Context, c councilkit.Council, f admissions.Filter, sized func(int), next func() *admissions.Application) error {
	if err := admissionsCall(ctx, c); err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return err
	}
	after, paged, err := f.Position()
	if err != nil {
		return err
	}
	where := ` FROM councilkit.admissions_applications WHERE council = $1`
	args := []any{c.String()}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.SchoolYear != 0 {
		where += ` AND school_year = ` + arg(int(f.SchoolYear))
	}
	if len(f.EntryYears) > 0 {
		ys := make([]int16, len(f.EntryYears))
		for i, y := range f.EntryYears {
			ys[i] = int16(y)
		}
		where += ` AND entry_year = ANY(` + arg(ys) + `::smallint[])`
	}
	if f.ID != "" {
		where += ` AND id = ` + arg(f.ID)
	}
	if f.Query != "" {
		// id_folded is the ID with A-Z in lower case, kept by the
		// database (migration 15).
		where += ` AND id_folded LIKE ` + arg(search.LikeContains(f.Query)) + ` ESCAPE '\'`
	}
	if f.School != 0 {
		// The preferences are in the JSON document, as URN text.
		where += ` AND EXISTS (SELECT 1 FROM json_array_elements_text(body->'preferences') AS p(urn) WHERE p.urn = ` + arg(f.School.String()) + `)`
	}
	if !f.From.IsZero() {
		where += ` AND received >= ` + arg(f.From.String()) + `::date`
	}
	if !f.To.IsZero() {
		where += ` AND received <= ` + arg(f.To.String()) + `::date`
	}
	// An undated application sorts as if received on -infinity: first
	// oldest first, last newest first, as the memory store has it.
	order := `received ASC NULLS FIRST, id`
	switch f.Sort {
	case admissions.SortNewest:
		order = `received DESC NULLS LAST, id DESC`
	case admissions.SortID:
		order = `id`
	}
	if paged {
		day := "-infinity"
		if !after.Received.IsZero() {
			day = after.Received.String()
		}
		switch f.Sort {
		case admissions.SortID:
			where += ` AND id > ` + arg(after.ID)
		case admissions.SortNewest:
			where += ` AND (coalesce(received, '-infinity'::date), id) < (` + arg(day) + `::date, ` + arg(after.ID) + `)`
		default:
			where += ` AND (coalesce(received, '-infinity'::date), id) > (` + arg(day) + `::date, ` + arg(after.ID) + `)`
		}
	}
	return s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		query := `SELECT body, version` + where + ` ORDER BY ` + order
		if f.Limit > 0 {
			query += fmt.Sprintf(` LIMIT %d`, f.Limit)
		}
		if f.Limit > 0 && f.Limit <= maxSizeWithoutCount {
			// A page: no need to count the rows to size the slice.
			sized(f.Limit)
		} else {
			b.Queue(`SELECT count(*)`+where, args...).QueryRow(func(r pgx.Row) error {
				var n int
				if err := r.Scan(&n); err != nil {
					return err
				}
				if f.Limit > 0 {
					n = min(n, f.Limit)
				}
				sized(n)
				return nil
			})
		}
		b.Queue(query, args...).Query(func(rows pgx.Rows) error {
			defer rows.Close()
			for rows.Next() {
				if err := scanAdmissionsInto(rows, next()); err != nil {
					return err
				}
			}
			return rows.Err()
		})
		return nil
	})
}

// maxSizeWithoutCount is the largest Limit for which each sizes its slice
// from the Limit rather than from a count of the rows: a page of an
// officer's list.
const maxSizeWithoutCount = 1000

// Import stores many new applications for council c at once, each with
// Version 1 (set on apps once they are all stored), by COPY into a temporary table and one INSERT ... SELECT, in
// a single transaction: either all are stored or none. An ID the council
// already has makes it fail with admissions.ErrDuplicate. Each
// application's events (admissions.ChangeEvents: a submission for one with
// a Received date) are recorded in the same transaction.
//
// (PostgreSQL refuses COPY FROM straight into a table with row-level
// security; the INSERT from the staging table is checked by the policies
// like any other. It inserts in key order, so that the primary key's
// B-tree grows at its right edge instead of splitting pages all over.)
func (s *AdmissionsStore) Import(ctx context.Context, c councilkit.Council, apps []admissions.Application) error {
	if err := admissionsCall(ctx, c); err != nil {
		return err
	}
	err := s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE councilkit_import_applications (
				id text NOT NULL, school_year integer NOT NULL, entry_year smallint NOT NULL, received date, body json NOT NULL
			) ON COMMIT DROP`); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"councilkit_import_applications"},
			[]string{"id", "school_year", "entry_year", "received", "body"},
			pgx.CopyFromSlice(len(apps), func(i int) ([]any, error) {
				a := &apps[i]
				if a.ID == "" {
					return nil, fmt.Errorf("%w: application %d has no ID", admissions.ErrInvalidState, i)
				}
				sy, ey, rec, body, err := admissionsRow(a)
				return []any{a.ID, sy, ey, rec, body}, err
			}))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO councilkit.admissions_applications (council, id, school_year, entry_year, received, version, body)
			SELECT $1, id, school_year, entry_year, received, 1, body FROM councilkit_import_applications
			ORDER BY id`, c.String())
		if err != nil || s.db.noEvents {
			return err
		}
		return s.importEvents(ctx, tx, c, apps)
	})
	if pgCode(err) == sqlstateUniqueViolation {
		return fmt.Errorf("%w: an application ID is already stored: %w", admissions.ErrDuplicate, err)
	}
	if err != nil {
		return err
	}
	for i := range apps {
		apps[i].Version = 1
	}
	return nil
}

// importEvents records the events of the applications Import stores (see
// admissions.ChangeEvents), in batches of importEventBatch.
func (s *AdmissionsStore) importEvents(ctx context.Context, tx pgx.Tx, c councilkit.Council, apps []admissions.Application) error {
	actor := events.ActorFrom(ctx)
	var (
		evs  []events.Event
		done int
	)
	flush := func() error {
		if len(evs) == 0 {
			return nil
		}
		if done+len(evs) > maxEventsPerWrite {
			return fmt.Errorf("postgres: an import of more than %d applications records too many events for one transaction", maxEventsPerWrite)
		}
		args, err := eventArgs(evs)
		if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, insertEventsLogSQL(`$1`, 2, ``, done), append([]any{c.String()}, args...)...)
		pos, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		slices.Sort(pos)
		if err := s.db.runAfterRecord(ctx, tx, evs, pos); err != nil {
			return err
		}
		done += len(evs)
		evs = evs[:0]
		return nil
	}
	for i := range apps {
		a := apps[i]
		a.Version = 1
		e, err := admissions.ChangeEvents(c, nil, &a, actor)
		if err != nil {
			return err
		}
		evs = append(evs, e...)
		if len(evs) >= importEventBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// importEventBatch is how many events importEvents inserts per statement.
const importEventBatch = 5000

// SaveOffers writes the outcome of an allocation round for council c: one
// row per application in res, replacing any offers saved before for the
// same intake (res.SchoolYear, res.EntryYear), in one transaction. The rows
// go in by COPY, through a temporary table as Import explains. It returns
// the number of rows written.
func (s *AdmissionsStore) SaveOffers(ctx context.Context, c councilkit.Council, res *admissions.Result) (int64, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return 0, err
	}
	if res == nil {
		return 0, errors.New("postgres: SaveOffers of a nil result")
	}
	if res.Council != c {
		return 0, fmt.Errorf("%w: the result is for council %s", admissions.ErrNotFound, res.Council)
	}
	var n int64
	err := s.db.InCouncil(ctx, c, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE councilkit_import_offers (
				application_id text NOT NULL, offer_urn integer, basis text NOT NULL, preference smallint NOT NULL,
				criterion smallint NOT NULL, late boolean NOT NULL, distance_cm integer NOT NULL
			) ON COMMIT DROP`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM councilkit.admissions_offers WHERE council = $1 AND school_year = $2 AND entry_year = $3`,
			c.String(), int(res.SchoolYear), int16(res.EntryYear)); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"councilkit_import_offers"},
			[]string{"application_id", "offer_urn", "basis", "preference", "criterion", "late", "distance_cm"},
			pgx.CopyFromSlice(len(res.Outcomes), func(i int) ([]any, error) {
				o := &res.Outcomes[i]
				var urn *int32
				if o.Offer != 0 {
					u := int32(o.Offer)
					urn = &u
				}
				return []any{res.ApplicationID(i), urn, o.Basis.String(), int16(o.Preference),
					int16(o.Standing.Criterion), o.Standing.Late, int32(o.Standing.DistanceCM)}, nil
			}))
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO councilkit.admissions_offers (council, school_year, entry_year, application_id,
				offer_urn, basis, preference, criterion, late, distance_cm)
			SELECT $1, $2, $3, application_id, offer_urn, basis, preference, criterion, late, distance_cm
			FROM councilkit_import_offers
			ORDER BY application_id`, c.String(), int(res.SchoolYear), int16(res.EntryYear))
		n = tag.RowsAffected()
		return err
	})
	return n, err
}

// Offer is one child's saved outcome, as SaveOffers stored it.
type Offer struct {
	ApplicationID string
	// School is the school offered, or zero when the child was not placed.
	School     admissions.URN
	Basis      string
	Preference uint8
	Standing   admissions.Standing
}

// Offers returns the council's saved offers for an intake, ordered by
// application ID.
func (s *AdmissionsStore) Offers(ctx context.Context, c councilkit.Council, year admissions.SchoolYear, entry admissions.YearGroup) ([]Offer, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return nil, err
	}
	var out []Offer
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT application_id, coalesce(offer_urn, 0), basis, preference, criterion, late, distance_cm
			FROM councilkit.admissions_offers WHERE council = $1 AND school_year = $2 AND entry_year = $3
			ORDER BY application_id`, c.String(), int(year), int16(entry)).Query(func(rows pgx.Rows) error {
			var (
				o         Offer
				urn, dist int32
				pref, cr  int16
			)
			_, err := pgx.ForEachRow(rows, []any{&o.ApplicationID, &urn, &o.Basis, &pref, &cr, &o.Standing.Late, &dist}, func() error {
				o.School, o.Preference = admissions.URN(urn), uint8(pref)
				o.Standing.Criterion, o.Standing.DistanceCM = uint8(cr), uint32(dist)
				out = append(out, o)
				return nil
			})
			return err
		})
		return nil
	})
	return out, err
}
