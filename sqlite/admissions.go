package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/search"
)

// AdmissionsStore is an admissions.Store kept in an SQLite file, with bulk
// loading of a round's applications and bulk saving of its offers. Get one
// from DB.Admissions. It is safe for concurrent use. Create, Update and
// Import record the change's events (admissions.ChangeEvents) in the same
// transaction (see EventLog).
type AdmissionsStore struct {
	db *DB
}

var _ admissions.Store = (*AdmissionsStore)(nil)

// Admissions returns the file's school admissions store.
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
func admissionsRow(a *admissions.Application) (schoolYear, entryYear int, received calendar.Date, body string, err error) {
	b, err := json.Marshal(a)
	if err != nil {
		return 0, 0, calendar.Date{}, "", fmt.Errorf("sqlite: encoding admissions application: %w", err)
	}
	return int(a.SchoolYear), int(a.EntryYear), a.Received, string(b), nil
}

// scanAdmissionsInto decodes a (body, version) row into a.
func scanAdmissionsInto(r *sql.Rows, a *admissions.Application) error {
	var (
		body    []byte
		version int64
	)
	if err := r.Scan(&body, &version); err != nil {
		return err
	}
	if err := json.Unmarshal(body, a); err != nil {
		return fmt.Errorf("sqlite: decoding admissions application: %w", err)
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
	var inserted bool
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO admissions_applications (council, id, school_year, entry_year, received, version, body)
			VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6) ON CONFLICT DO NOTHING`, a.ID, sy, ey, rec, body)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n != 1 {
			return err // a duplicate: nothing stored, nothing recorded
		}
		inserted = true
		return t.appendEvents(evs...)
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
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT body, version FROM admissions_applications WHERE council = ?1 AND id = ?2`, id)
		if err != nil {
			return err
		}
		return eachRow(rows, func(r *sql.Rows) error {
			a = new(admissions.Application)
			return scanAdmissionsInto(r, a)
		})
	})
	if err == nil && a == nil {
		err = fmt.Errorf("%w: application", admissions.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Update implements admissions.Store: it stores a if the stored version is
// still a.Version, and increments a.Version.
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
	// The stored application is read in the write transaction, so that
	// the change's events are derived from what it replaces.
	err = s.db.write(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT body, version FROM admissions_applications WHERE council = ?1 AND id = ?2`, a.ID)
		if err != nil {
			return err
		}
		var cur *admissions.Application
		if err := eachRow(rows, func(r *sql.Rows) error {
			cur = new(admissions.Application)
			return scanAdmissionsInto(r, cur)
		}); err != nil {
			return err
		}
		switch {
		case cur == nil:
			return fmt.Errorf("%w: application", admissions.ErrNotFound)
		case cur.Version != a.Version:
			return fmt.Errorf("%w: application changed since it was read", admissions.ErrConflict)
		}
		res, err := t.exec(`UPDATE admissions_applications SET school_year = ?3, entry_year = ?4, received = ?5,
				body = ?6, version = version + 1
			WHERE council = ?1 AND id = ?2 AND version = ?7`, a.ID, sy, ey, rec, body, a.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: application changed since it was read (%v)", admissions.ErrConflict, err)
		}
		if s.db.noEvents {
			return nil
		}
		next := a.Clone()
		next.Version = a.Version + 1
		evs, err := admissions.ChangeEvents(c, cur, next, events.ActorFrom(ctx))
		if err != nil {
			return err
		}
		return t.appendEvents(evs...)
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
	return s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`DELETE FROM admissions_applications WHERE council = ?1 AND id = ?2`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n != 1 {
			err = fmt.Errorf("%w: application", admissions.ErrNotFound)
		}
		// A deletion has no event type (admissions.ChangeEvents): it
		// records none.
		return err
	})
}

// List implements admissions.Store, in f.Sort's order: oldest first, by
// received date (no date first), ties by ID, for the zero Sort. A page
// after a cursor (f.After) is found by keyset on (received, id), an
// undated application taken as received on the empty text, which sorts
// before every date.
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
// positive, caps them). The rows are decoded straight into
// one slice, sized beforehand from a count.
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
// after f.After if it is set, in one read transaction: sized is called
// first with their number, then each row is decoded into the application
// that next returns.
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
	where := ` FROM admissions_applications WHERE council = ?1`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "?" + strconv.Itoa(len(args)+1)
	}
	if f.SchoolYear != 0 {
		where += ` AND school_year = ` + arg(int(f.SchoolYear))
	}
	if len(f.EntryYears) > 0 {
		where += ` AND entry_year IN (`
		for i, y := range f.EntryYears {
			if i > 0 {
				where += `, `
			}
			where += arg(int(y))
		}
		where += `)`
	}
	if f.ID != "" {
		where += ` AND id = ` + arg(f.ID)
	}
	if f.Query != "" {
		where += ` AND ` + search.FoldSQLite(`id`) + ` LIKE ` + arg(search.LikeContains(f.Query)) + ` ESCAPE '\'`
	}
	if f.School != 0 {
		// The preferences are in the JSON document, as URN text.
		where += ` AND EXISTS (SELECT 1 FROM json_each(body, '$.preferences') AS p WHERE p.value = ` + arg(f.School.String()) + `)`
	}
	if !f.From.IsZero() {
		where += ` AND received >= ` + arg(f.From.String())
	}
	if !f.To.IsZero() {
		where += ` AND received <= ` + arg(f.To.String())
	}
	// SQLite sorts NULL first ascending and last descending: an undated
	// application comes first oldest first and last newest first, as the
	// memory store has it.
	order := `received, id`
	switch f.Sort {
	case admissions.SortNewest:
		order = `received DESC, id DESC`
	case admissions.SortID:
		order = `id`
	}
	if paged {
		switch f.Sort {
		case admissions.SortID:
			where += ` AND id > ` + arg(after.ID)
		case admissions.SortNewest:
			where += ` AND (coalesce(received, ''), id) < (` + arg(after.Received.String()) + `, ` + arg(after.ID) + `)`
		default:
			where += ` AND (coalesce(received, ''), id) > (` + arg(after.Received.String()) + `, ` + arg(after.ID) + `)`
		}
	}
	return s.db.read(ctx, c, func(t *tx) error {
		n := f.Limit
		if f.Limit <= 0 || f.Limit > maxSizeWithoutCount {
			// Not a page: count the rows to size the slice.
			if err := t.scan(`SELECT count(*)`+where, args, &n); err != nil {
				return err
			}
		}
		query := `SELECT body, version` + where + ` ORDER BY ` + order
		if f.Limit > 0 {
			n = min(n, f.Limit)
			query += ` LIMIT ` + arg(f.Limit)
		}
		sized(n)
		rows, err := t.query(query, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(r *sql.Rows) error { return scanAdmissionsInto(r, next()) })
	})
}

// maxSizeWithoutCount is the largest Limit for which each sizes its slice
// from the Limit rather than from a count of the rows: a page of an
// officer's list.
const maxSizeWithoutCount = 1000

// Import stores many new applications for council c at once, each with
// Version 1 (set on apps once they are all stored), in one transaction:
// either all are stored or none. An ID the council already has makes it
// fail with admissions.ErrDuplicate. Each application's events
// (admissions.ChangeEvents: a submission for one with a Received date) are
// recorded in the same transaction.
func (s *AdmissionsStore) Import(ctx context.Context, c councilkit.Council, apps []admissions.Application) error {
	if err := admissionsCall(ctx, c); err != nil {
		return err
	}
	actor := events.ActorFrom(ctx)
	err := s.db.write(ctx, c, func(t *tx) error {
		ins, err := t.prepare(`INSERT INTO admissions_applications (council, id, school_year, entry_year, received, version, body)
			VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)`)
		if err != nil {
			return err
		}
		defer ins.close()
		for i := range apps {
			a := &apps[i]
			if a.ID == "" {
				return fmt.Errorf("%w: application %d has no ID", admissions.ErrInvalidState, i)
			}
			sy, ey, rec, body, err := admissionsRow(a)
			if err != nil {
				return err
			}
			if _, err := ins.exec(a.ID, sy, ey, rec, body); err != nil {
				return err
			}
			if s.db.noEvents {
				continue
			}
			next := *a
			next.Version = 1
			evs, err := admissions.ChangeEvents(c, nil, &next, actor)
			if err != nil {
				return err
			}
			if err := t.appendEvents(evs...); err != nil {
				return err
			}
		}
		return nil
	})
	if isUnique(err) {
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

// SaveOffers writes the outcome of an allocation round for council c: one
// row per application in res, replacing any offers saved before for the
// same intake (res.SchoolYear, res.EntryYear), in one transaction. It
// returns the number of rows written.
func (s *AdmissionsStore) SaveOffers(ctx context.Context, c councilkit.Council, res *admissions.Result) (int64, error) {
	if err := admissionsCall(ctx, c); err != nil {
		return 0, err
	}
	if res == nil {
		return 0, errors.New("sqlite: SaveOffers of a nil result")
	}
	if res.Council != c {
		return 0, fmt.Errorf("%w: the result is for council %s", admissions.ErrNotFound, res.Council)
	}
	var n int64
	err := s.db.write(ctx, c, func(t *tx) error {
		if _, err := t.exec(`DELETE FROM admissions_offers WHERE council = ?1 AND school_year = ?2 AND entry_year = ?3`,
			int(res.SchoolYear), int(res.EntryYear)); err != nil {
			return err
		}
		ins, err := t.prepare(`INSERT INTO admissions_offers (council, school_year, entry_year, application_id,
				offer_urn, basis, preference, criterion, late, distance_cm)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`)
		if err != nil {
			return err
		}
		defer ins.close()
		for i := range res.Outcomes {
			o := &res.Outcomes[i]
			var urn any
			if o.Offer != 0 {
				urn = int64(o.Offer)
			}
			if _, err := ins.exec(int(res.SchoolYear), int(res.EntryYear), res.ApplicationID(i), urn, o.Basis.String(),
				int(o.Preference), int(o.Standing.Criterion), o.Standing.Late, int64(o.Standing.DistanceCM)); err != nil {
				return err
			}
			n++
		}
		// Offers have event types (events.SchoolOfferMade and the rest)
		// but admissions.ChangeEvents does not derive them yet: none is
		// recorded, as by the other stores.
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
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
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(`SELECT application_id, coalesce(offer_urn, 0), basis, preference, criterion, late, distance_cm
			FROM admissions_offers WHERE council = ?1 AND school_year = ?2 AND entry_year = ?3
			ORDER BY application_id`, int(year), int(entry))
		if err != nil {
			return err
		}
		return eachRow(rows, func(r *sql.Rows) error {
			var (
				o             Offer
				urn, pref, cr int64
				dist          int64
			)
			if err := r.Scan(&o.ApplicationID, &urn, &o.Basis, &pref, &cr, &o.Standing.Late, &dist); err != nil {
				return err
			}
			o.School, o.Preference = admissions.URN(urn), uint8(pref)
			o.Standing.Criterion, o.Standing.DistanceCM = uint8(cr), uint32(dist)
			out = append(out, o)
			return nil
		})
	})
	return out, err
}
