package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
)

// PlanningDocumentStore is a planning.DocumentStore kept in an SQLite file
// (tables planning_documents and planning_document_contents, migration
// 10): each file's details as JSON, its content as a BLOB in a table of
// its own, so that Get and List never read it. Get one from
// DB.PlanningDocuments. It is safe for concurrent use.
type PlanningDocumentStore struct{ db *DB }

var _ planning.DocumentStore = (*PlanningDocumentStore)(nil)

// PlanningDocuments returns the file's store of planning document files.
func (db *DB) PlanningDocuments() *PlanningDocumentStore { return &PlanningDocumentStore{db: db} }

func decodeDocumentFile(body string) (*planning.DocumentFile, error) {
	f := new(planning.DocumentFile)
	if err := json.Unmarshal([]byte(body), f); err != nil {
		return nil, fmt.Errorf("sqlite: decoding planning document: %w", err)
	}
	return f, nil
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
		return fmt.Errorf("sqlite: encoding planning document: %w", err)
	}
	uploaded, err := encTime(cp.Uploaded)
	if err != nil {
		return err
	}
	var inserted bool
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO planning_documents (council, id, application_id, uploaded_at, size, body)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING`, cp.ID, cp.ApplicationID, uploaded, cp.Size, string(body))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return err // a duplicate: nothing stored
		}
		inserted = true
		_, err = t.exec(`INSERT INTO planning_document_contents (council, id, content) VALUES (?1, ?2, ?3)`, cp.ID, content)
		return err
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
	var body string
	err := s.db.read(ctx, c, func(t *tx) error {
		return t.scan(`SELECT body FROM planning_documents WHERE council = ?1 AND id = ?2`, []any{id}, &body)
	})
	if err != nil {
		return nil, documentError(err)
	}
	return decodeDocumentFile(body)
}

// Content implements planning.DocumentStore.
func (s *PlanningDocumentStore) Content(ctx context.Context, c councilkit.Council, id string) (*planning.DocumentFile, []byte, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, nil, err
	}
	var (
		body    string
		content []byte
	)
	err := s.db.read(ctx, c, func(t *tx) error {
		if err := t.scan(`SELECT body FROM planning_documents WHERE council = ?1 AND id = ?2`, []any{id}, &body); err != nil {
			return err
		}
		return t.scan(`SELECT content FROM planning_document_contents WHERE council = ?1 AND id = ?2`, []any{id}, &content)
	})
	if err != nil {
		return nil, nil, documentError(err)
	}
	f, err := decodeDocumentFile(body)
	if err != nil {
		return nil, nil, err
	}
	return f, content, nil
}

// List implements planning.DocumentStore: oldest upload first, ties by ID,
// without the content.
func (s *PlanningDocumentStore) List(ctx context.Context, c councilkit.Council, flt planning.DocumentFilter) ([]*planning.DocumentFile, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, err
	}
	q := `SELECT body FROM planning_documents WHERE council = ?1`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "?" + strconv.Itoa(len(args)+1)
	}
	if flt.ApplicationID != "" {
		q += ` AND application_id = ` + arg(flt.ApplicationID)
	}
	q += ` ORDER BY uploaded_at, id`
	if flt.Limit > 0 {
		q += ` LIMIT ` + arg(flt.Limit)
	}
	var out []*planning.DocumentFile
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(q, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(r *sql.Rows) error {
			var body string
			if err := r.Scan(&body); err != nil {
				return err
			}
			f, err := decodeDocumentFile(body)
			if err == nil {
				out = append(out, f)
			}
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete implements planning.DocumentStore.
func (s *PlanningDocumentStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := planningCall(ctx, c); err != nil {
		return err
	}
	var deleted bool
	err := s.db.write(ctx, c, func(t *tx) error {
		if _, err := t.exec(`DELETE FROM planning_document_contents WHERE council = ?1 AND id = ?2`, id); err != nil {
			return err
		}
		res, err := t.exec(`DELETE FROM planning_documents WHERE council = ?1 AND id = ?2`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		deleted = n == 1
		return err
	})
	if err != nil {
		return err
	}
	if !deleted {
		return fmt.Errorf("%w: document", planning.ErrNotFound)
	}
	return nil
}

// documentError maps a missing row to planning.ErrNotFound.
func documentError(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: document", planning.ErrNotFound)
	}
	return planningError(err)
}

// PlanningCommentStore is a planning.CommentStore kept in an SQLite file
// (table planning_comments, migration 10): each comment as JSON beside the
// columns List filters and sorts on. Triggers refuse any UPDATE or DELETE
// of a comment. Get one from DB.PlanningComments. It is safe for
// concurrent use.
type PlanningCommentStore struct{ db *DB }

var _ planning.CommentStore = (*PlanningCommentStore)(nil)

// PlanningComments returns the file's store of comments on planning
// applications.
func (db *DB) PlanningComments() *PlanningCommentStore { return &PlanningCommentStore{db: db} }

func decodeComment(body string) (*planning.Comment, error) {
	cm := new(planning.Comment)
	if err := json.Unmarshal([]byte(body), cm); err != nil {
		return nil, fmt.Errorf("sqlite: decoding planning comment: %w", err)
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
		return fmt.Errorf("sqlite: encoding planning comment: %w", err)
	}
	recorded, err := encTime(cp.Recorded)
	if err != nil {
		return err
	}
	var inserted bool
	err = s.db.write(ctx, c, func(t *tx) error {
		res, err := t.exec(`INSERT INTO planning_comments (council, id, application_id, kind, received, recorded_at, body)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING`,
			cp.ID, cp.ApplicationID, cp.Kind.String(), cp.Received.String(), recorded, string(body))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		inserted = n == 1
		return err
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
	var body string
	err := s.db.read(ctx, c, func(t *tx) error {
		return t.scan(`SELECT body FROM planning_comments WHERE council = ?1 AND id = ?2`, []any{id}, &body)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: comment", planning.ErrNotFound)
	}
	if err != nil {
		return nil, planningError(err)
	}
	return decodeComment(body)
}

// List implements planning.CommentStore: by day received, then time
// recorded, ties by ID.
func (s *PlanningCommentStore) List(ctx context.Context, c councilkit.Council, f planning.CommentFilter) ([]*planning.Comment, error) {
	if err := planningCall(ctx, c); err != nil {
		return nil, err
	}
	q := `SELECT body FROM planning_comments WHERE council = ?1`
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "?" + strconv.Itoa(len(args)+1)
	}
	if f.ApplicationID != "" {
		q += ` AND application_id = ` + arg(f.ApplicationID)
	}
	if f.Kind != planning.CommentKindNone {
		q += ` AND kind = ` + arg(f.Kind.String())
	}
	q += ` ORDER BY received, recorded_at, id`
	if f.Limit > 0 {
		q += ` LIMIT ` + arg(f.Limit)
	}
	var out []*planning.Comment
	err := s.db.read(ctx, c, func(t *tx) error {
		rows, err := t.query(q, args...)
		if err != nil {
			return err
		}
		return eachRow(rows, func(r *sql.Rows) error {
			var body string
			if err := r.Scan(&body); err != nil {
				return err
			}
			cm, err := decodeComment(body)
			if err == nil {
				out = append(out, cm)
			}
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
