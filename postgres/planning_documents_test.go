package postgres

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestPlanningDocumentStoreConformance runs the planning package's suite
// for document stores against PostgreSQL, each subtest in a database of
// its own.
func TestPlanningDocumentStoreConformance(t *testing.T) {
	t.Parallel()
	planningtest.RunDocumentStoreTests(t, func(t *testing.T) planning.DocumentStore {
		return openMigrated(t, newMigratedDB(t)).PlanningDocuments()
	})
}

// TestPlanningCommentStoreConformance runs the suite for comment stores.
func TestPlanningCommentStoreConformance(t *testing.T) {
	t.Parallel()
	planningtest.RunCommentStoreTests(t, func(t *testing.T) planning.CommentStore {
		return openMigrated(t, newMigratedDB(t)).PlanningComments()
	})
}

// TestPlanningDocumentsCouncilIsolation: inside council A's transaction,
// row-level security hides council B's files and comments whatever the
// statement, and no statement changes or removes a comment, not even
// council B's own.
func TestPlanningDocumentsCouncilIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, newMigratedDB(t))
	f, content := planningtest.NewDocumentFile(councilB, "d1", "a1")
	if err := db.PlanningDocuments().Create(ctx, councilB, f, content); err != nil {
		t.Fatal(err)
	}
	if err := db.PlanningComments().Create(ctx, councilB, planningtest.NewComment(councilB, "c1", "a1")); err != nil {
		t.Fatal(err)
	}
	err := db.InCouncil(ctx, councilA, func(tx pgx.Tx) error {
		for _, q := range []string{
			`SELECT count(*) FROM councilkit.planning_documents`,
			`SELECT count(*) FROM councilkit.planning_documents WHERE content IS NOT NULL`,
			`SELECT count(*) FROM councilkit.planning_comments`,
		} {
			var n int
			if err := tx.QueryRow(ctx, q).Scan(&n); err != nil {
				return err
			}
			if n != 0 {
				t.Errorf("council A: %s = %d", q, n)
			}
		}
		tag, err := tx.Exec(ctx, `DELETE FROM councilkit.planning_documents`)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 0 {
			t.Errorf("council A deleted %d of council B's files", tag.RowsAffected())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := db.PlanningDocuments().Content(ctx, councilB, "d1"); err != nil || !bytes.Equal(got, content) {
		t.Errorf("council B's file after council A's statements: %v", err)
	}
	// Comments are append-only, for their own council too.
	err = db.InCouncil(ctx, councilB, func(tx pgx.Tx) error {
		for _, q := range []string{
			`UPDATE councilkit.planning_comments SET received = received + 30`,
			`DELETE FROM councilkit.planning_comments`,
		} {
			tag, err := tx.Exec(ctx, q)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 0 {
				t.Errorf("council B: %s changed %d rows", q, tag.RowsAffected())
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.PlanningComments().Get(ctx, councilB, "c1"); err != nil || got.Received.String() != "2025-06-20" {
		t.Errorf("council B's comment after UPDATE and DELETE: %v, %v", got, err)
	}
	if _, err := db.PlanningDocuments().Get(ctx, councilA, "d1"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("council A's Get of B's file: %v", err)
	}
}
