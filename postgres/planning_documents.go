package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
)

// PlanningDocumentStore is a planning.DocumentStore kept in PostgreSQL
// (table planning_documents, migration 13): each file's details as JSON
// and its content as bytea, stored out of line without compression (the
// files are compressed already). Get and List never read the content. Get
// one from DB.PlanningDocuments. It is safe for concurrent use.
type PlanningDocumentStore struct{ db *DB }

var _ planning.DocumentStore = (*PlanningDocumentStore)(nil)

// PlanningDocuments returns the database's store of planning document
// files.
func (db *DB) PlanningDocuments() *PlanningDocumentStore { return &PlanningDocumentStore{db: db} }

func decodeDocumentFile(body []byte) (*planning.DocumentFile, error) {
	f := new(planning.DocumentFile)
	if err := json.Unmarshal(body, f); err != nil {
		return nil, fmt.Errorf("postgres: decoding planning document: %w", err)
	}
	return f, nil
}

func scanDocumentFile(row pgx.CollectableRow) (*planning.DocumentFile, error) {
	var body []byte
	if err := row.Scan(&body); err != nil {
		return nil, err
	}
	return decodeDocumentFile(body)
}

// Create implements planning.DocumentStore.
func (s *PlanningDocumentStore) Create(ctx context.Context, c councilkit.Council, f *planning.DocumentFile, content []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := planning.CheckDocumentStorable(c, f, content); err != nil {
		return err
	}
	cp := f.Clone()
	cp.Council = c
	if cp.UploadedBy.Kind == "" {
		cp.UploadedBy = events.ActorFrom(ctx)
	}
	body, err := json.Marshal(cp)
	if err != nil {
		return fmt.Errorf("postgres: encoding planning document: %w", err)
	}
	var inserted bool
	err = s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.planning_documents (council, id, application_id, uploaded_at, size, body, content)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			c.String(), cp.ID, cp.ApplicationID, cp.Uploaded, cp.Size, string(body), content).Exec(func(ct pgconn.CommandTag) error {
			inserted = ct.RowsAffected() == 1
			return nil
		})
		return nil
	})
	if err != nil {
		return planningError(err)
	}
	if !inserted {
		return fmt.Errorf("%w: document ID", planning.ErrDuplicate)
	}
	f.Council, f.UploadedBy = c, cp.UploadedBy
	return nil
}

// Get implements planning.DocumentStore.
func (s *PlanningDocumentStore) Get(ctx context.Context, c councilkit.Council, id string) (*planning.DocumentFile, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, err
	}
	var f *planning.DocumentFile
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body FROM councilkit.planning_documents WHERE council = $1 AND id = $2`, c.String(), id).Query(func(rows pgx.Rows) error {
			var err error
			f, err = pgx.CollectExactlyOneRow(rows, scanDocumentFile)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: document", planning.ErrNotFound)
			}
			return err
		})
		return nil
	})
	if err != nil {
		return nil, planningError(err)
	}
	return f, nil
}

// Content implements planning.DocumentStore.
func (s *PlanningDocumentStore) Content(ctx context.Context, c councilkit.Council, id string) (*planning.DocumentFile, []byte, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, nil, err
	}
	var (
		f       *planning.DocumentFile
		content []byte
	)
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body, content FROM councilkit.planning_documents WHERE council = $1 AND id = $2`, c.String(), id).Query(func(rows pgx.Rows) error {
			var err error
			f, err = pgx.CollectExactlyOneRow(rows, func(row pgx.CollectableRow) (*planning.DocumentFile, error) {
				var body []byte
				if err := row.Scan(&body, &content); err != nil {
					return nil, err
				}
				return decodeDocumentFile(body)
			})
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: document", planning.ErrNotFound)
			}
			return err
		})
		return nil
	})
	if err != nil {
		return nil, nil, planningError(err)
	}
	return f, content, nil
}

// List implements planning.DocumentStore: oldest upload first, ties by ID,
// without the content.
func (s *PlanningDocumentStore) List(ctx context.Context, c councilkit.Council, flt planning.DocumentFilter) ([]*planning.DocumentFile, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, err
	}
	q := `SELECT body FROM councilkit.planning_documents WHERE council = $1`
	args := []any{c.String()}
	if flt.ApplicationID != "" {
		args = append(args, flt.ApplicationID)
		q += fmt.Sprintf(` AND application_id = $%d`, len(args))
	}
	q += ` ORDER BY uploaded_at, id`
	if flt.Limit > 0 {
		args = append(args, flt.Limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	var out []*planning.DocumentFile
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(q, args...).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanDocumentFile)
			return err
		})
		return nil
	})
	if err != nil {
		return nil, planningError(err)
	}
	return out, nil
}

// Delete implements planning.DocumentStore.
func (s *PlanningDocumentStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := planningCall(ctx, c); err != nil {
		return err
	}
	var deleted bool
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`DELETE FROM councilkit.planning_documents WHERE council = $1 AND id = $2`, c.String(), id).Exec(func(ct pgconn.CommandTag) error {
			deleted = ct.RowsAffected() == 1
			return nil
		})
		return nil
	})
	if err != nil {
		return planningError(err)
	}
	if !deleted {
		return fmt.Errorf("%w: document", planning.ErrNotFound)
	}
	return nil
}

// PlanningCommentStore is a planning.CommentStore kept in PostgreSQL
// (table planning_comments, migration 13): each comment as JSON beside the
// columns List filters and sorts on. The table has row-level security
// policies for reading and inserting only, so no statement can change or
// remove a comment. Get one from DB.PlanningComments. It is safe for
// concurrent use.
type PlanningCommentStore struct{ db *DB }

var _ planning.CommentStore = (*PlanningCommentStore)(nil)

// PlanningComments returns the database's store of comments on planning
// applications.
func (db *DB) PlanningComments() *PlanningCommentStore { return &PlanningCommentStore{db: db} }

func scanComment(row pgx.CollectableRow) (*planning.Comment, error) {
	var body []byte
	if err := row.Scan(&body); err != nil {
		return nil, err
	}
	cm := new(planning.Comment)
	if err := json.Unmarshal(body, cm); err != nil {
		return nil, fmt.Errorf("postgres: decoding planning comment: %w", err)
	}
	return cm, nil
}

// Create implements planning.CommentStore.
func (s *PlanningCommentStore) Create(ctx context.Context, c councilkit.Council, cm *planning.Comment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := planning.CheckCommentStorable(c, cm); err != nil {
		return err
	}
	cp := cm.Clone()
	cp.Council = c
	if cp.RecordedBy.Kind == "" {
		cp.RecordedBy = events.ActorFrom(ctx)
	}
	body, err := json.Marshal(cp)
	if err != nil {
		return fmt.Errorf("postgres: encoding planning comment: %w", err)
	}
	var inserted bool
	err = s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`INSERT INTO councilkit.planning_comments (council, id, application_id, kind, received, recorded_at, body)
			VALUES ($1, $2, $3, $4, $5::date, $6, $7) ON CONFLICT DO NOTHING`,
			c.String(), cp.ID, cp.ApplicationID, cp.Kind.String(), cp.Received, cp.Recorded, string(body)).Exec(func(ct pgconn.CommandTag) error {
			inserted = ct.RowsAffected() == 1
			return nil
		})
		return nil
	})
	if err != nil {
		return planningError(err)
	}
	if !inserted {
		return fmt.Errorf("%w: comment ID", planning.ErrDuplicate)
	}
	cm.Council, cm.RecordedBy = c, cp.RecordedBy
	return nil
}

// Get implements planning.CommentStore.
func (s *PlanningCommentStore) Get(ctx context.Context, c councilkit.Council, id string) (*planning.Comment, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, err
	}
	var cm *planning.Comment
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(`SELECT body FROM councilkit.planning_comments WHERE council = $1 AND id = $2`, c.String(), id).Query(func(rows pgx.Rows) error {
			var err error
			cm, err = pgx.CollectExactlyOneRow(rows, scanComment)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: comment", planning.ErrNotFound)
			}
			return err
		})
		return nil
	})
	if err != nil {
		return nil, planningError(err)
	}
	return cm, nil
}

// List implements planning.CommentStore: by day received, then time
// recorded, ties by ID.
func (s *PlanningCommentStore) List(ctx context.Context, c councilkit.Council, f planning.CommentFilter) ([]*planning.Comment, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, err
	}
	q := `SELECT body FROM councilkit.planning_comments WHERE council = $1`
	args := []any{c.String()}
	if f.ApplicationID != "" {
		args = append(args, f.ApplicationID)
		q += fmt.Sprintf(` AND application_id = $%d`, len(args))
	}
	if f.Kind != planning.CommentKindNone {
		args = append(args, f.Kind.String())
		q += fmt.Sprintf(` AND kind = $%d`, len(args))
	}
	q += ` ORDER BY received, recorded_at, id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += fmt.Sprintf(` LIMIT $%d`, len(args))
	}
	var out []*planning.Comment
	err := s.db.pipelineInCouncil(ctx, c, func(b *pgx.Batch) error {
		b.Queue(q, args...).Query(func(rows pgx.Rows) error {
			var err error
			out, err = pgx.CollectRows(rows, scanComment)
			return err
		})
		return nil
	})
	if err != nil {
		return nil, planningError(err)
	}
	return out, nil
}

// planningCall checks what every read takes: a live context and a
// council.
func planningCall(ctx context.Context, c councilkit.Council) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.IsZero() {
		return planning.ErrNoCouncil
	}
	return nil
}
