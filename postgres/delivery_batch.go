package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit"
)

// batcher gathers the database work of the deliveries running at once in
// one process (reading each event and whether it may go; marking it
// delivered) into one round trip and a few statements, instead of two
// round trips and statements per delivery: at thousands of deliveries a
// second the statements' fixed cost, not their work, is what the server
// spends its time on. Requests that arrive while a round trip is in
// flight go together in the next one, so a lone delivery waits for no
// timer.
type batcher struct {
	db      *DB
	reqs    chan *batchReq
	stopped chan struct{} // closed when run returns
}

// errBatcherStopped is a request's error once Deliver has stopped.
var errBatcherStopped = errors.New("postgres: delivery has stopped")

// maxBatch caps the requests in one round trip.
const maxBatch = 256

type batchKind int

const (
	batchRead batchKind = iota // read the event; is it owed; is an earlier one owed
	batchDone                  // delete the owed row; find the next one's job
)

type batchReq struct {
	kind    batchKind
	council councilkit.Council
	a       deliveryArgs

	// Results of batchRead.
	found, owed, waitsBehind bool
	event                    eventRow
	// Result of batchDone: the job of the record's next owed event.
	next *int64

	err  error
	done chan struct{}
}

func newBatcher(db *DB) *batcher {
	return &batcher{db: db, reqs: make(chan *batchReq, maxBatch), stopped: make(chan struct{})}
}

// do sends r in the next round trip and waits for its result.
func (b *batcher) do(ctx context.Context, r *batchReq) error {
	r.done = make(chan struct{})
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-b.stopped:
		return errBatcherStopped
	}
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	case <-b.stopped:
		return errBatcherStopped
	}
}

// run serves requests until ctx ends.
func (b *batcher) run(ctx context.Context) {
	defer close(b.stopped)
	for {
		var first *batchReq
		select {
		case <-ctx.Done():
			return
		case first = <-b.reqs:
		}
		reqs := []*batchReq{first}
	gather:
		for len(reqs) < maxBatch {
			select {
			case r := <-b.reqs:
				reqs = append(reqs, r)
			default:
				break gather
			}
		}
		b.send(ctx, reqs)
	}
}

// send runs reqs in one pipeline: per council, the set_config that
// row-level security reads, then one statement for its reads and one
// for its deliveries made. PostgreSQL runs the pipeline as one implicit
// transaction, so a council's setting holds until the next one's.
func (b *batcher) send(ctx context.Context, reqs []*batchReq) {
	type group struct{ reads, dones []*batchReq }
	groups := map[councilkit.Council]*group{}
	var order []councilkit.Council
	for _, r := range reqs {
		g := groups[r.council]
		if g == nil {
			g = &group{}
			groups[r.council] = g
			order = append(order, r.council)
		}
		if r.kind == batchRead {
			g.reads = append(g.reads, r)
		} else {
			g.dones = append(g.dones, r)
		}
	}
	err := b.db.retry(ctx, order[0], func() error {
		batch := &pgx.Batch{}
		for _, c := range order {
			g := groups[c]
			batch.Queue(`SELECT set_config('`+councilSetting+`', $1, true)`, c.String())
			if len(g.reads) > 0 {
				queueReads(batch, c, g.reads)
			}
			if len(g.dones) > 0 {
				queueDones(batch, c, g.dones)
			}
		}
		return b.db.pool.SendBatch(ctx, batch).Close()
	})
	for _, r := range reqs {
		r.err = err
		close(r.done)
	}
}

func queueReads(batch *pgx.Batch, c councilkit.Council, reads []*batchReq) {
	seqs := make([]int64, len(reads))
	subs := make([]string, len(reads))
	subjects := make([]string, len(reads))
	for i, r := range reads {
		seqs[i], subs[i], subjects[i] = r.a.Seq, r.a.Subscriber, r.a.Subject
		r.found, r.owed, r.waitsBehind, r.event = false, false, false, eventRow{}
	}
	batch.Queue(`SELECT x.i, e.pos, e.id, e.council, e.type, e.subject, e.time, e.actor_kind, e.actor_id, e.data,
			EXISTS (SELECT 1 FROM councilkit.deliveries d
				WHERE d.subscriber = x.sub AND d.council = e.council AND d.subject = x.subject AND d.seq = e.pos),
			EXISTS (SELECT 1 FROM councilkit.deliveries d
				WHERE d.subscriber = x.sub AND d.council = e.council AND d.subject = x.subject AND d.seq < e.pos)
		FROM unnest($2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS x(seq, sub, subject, i)
		JOIN councilkit.events e ON e.council = $1 AND e.pos = x.seq`,
		c.String(), seqs, subs, subjects).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var (
				i        int64
				ev       eventRow
				owed, wb bool
			)
			if err := rows.Scan(append(append([]any{&i}, ev.dest()...), &owed, &wb)...); err != nil {
				return err
			}
			if i < 1 || int(i) > len(reads) {
				return fmt.Errorf("postgres: delivery read returned row %d of %d", i, len(reads))
			}
			r := reads[i-1]
			r.found, r.event, r.owed, r.waitsBehind = true, ev, owed, wb
		}
		return rows.Err()
	})
}

func queueDones(batch *pgx.Batch, c councilkit.Council, dones []*batchReq) {
	seqs := make([]int64, len(dones))
	subs := make([]string, len(dones))
	subjects := make([]string, len(dones))
	for i, r := range dones {
		seqs[i], subs[i], subjects[i] = r.a.Seq, r.a.Subscriber, r.a.Subject
		r.next = nil
	}
	// The subquery sees the table as it was before the DELETE, so
	// "next" is looked up among the rows this statement leaves.
	batch.Queue(`WITH gone AS (
			DELETE FROM councilkit.deliveries d
			USING unnest($2::bigint[], $3::text[], $4::text[]) AS x(seq, sub, subject)
			WHERE d.subscriber = x.sub AND d.council = $1 AND d.subject = x.subject AND d.seq = x.seq
			RETURNING d.subscriber, d.subject, d.seq)
		SELECT g.subscriber, g.subject, g.seq,
			(SELECT n.job_id FROM councilkit.deliveries n
				WHERE n.subscriber = g.subscriber AND n.council = $1 AND n.subject = g.subject AND n.seq > g.seq
				ORDER BY n.seq LIMIT 1)
		FROM gone g`,
		c.String(), seqs, subs, subjects).Query(func(rows pgx.Rows) error {
		type key struct {
			sub, subject string
			seq          int64
		}
		byKey := make(map[key]*batchReq, len(dones))
		for _, r := range dones {
			byKey[key{r.a.Subscriber, r.a.Subject, r.a.Seq}] = r
		}
		for rows.Next() {
			var (
				k    key
				next *int64
			)
			if err := rows.Scan(&k.sub, &k.subject, &k.seq, &next); err != nil {
				return err
			}
			if r := byKey[k]; r != nil {
				r.next = next
			}
		}
		return rows.Err()
	})
}
