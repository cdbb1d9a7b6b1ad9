package sqlite

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestPlanningDocumentStoreConformance runs the planning package's suite
// for document stores against SQLite, each subtest in a file of its own.
func TestPlanningDocumentStoreConformance(t *testing.T) {
	t.Parallel()
	planningtest.RunDocumentStoreTests(t, func(t *testing.T) planning.DocumentStore {
		return openMigrated(t).PlanningDocuments()
	})
}

// TestPlanningCommentStoreConformance runs the suite for comment stores.
func TestPlanningCommentStoreConformance(t *testing.T) {
	t.Parallel()
	planningtest.RunCommentStoreTests(t, func(t *testing.T) planning.CommentStore {
		return openMigrated(t).PlanningComments()
	})
}

// TestPlanningDocumentsWrongCouncilStoreCalls: every document and comment
// store method called with council A finds, lists and deletes nothing of
// council B's, and B's file's content is untouched.
func TestPlanningDocumentsWrongCouncilStoreCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	docs, comments := db.PlanningDocuments(), db.PlanningComments()
	f, content := planningtest.NewDocumentFile(councilB, "d1", "a1")
	if err := docs.Create(ctx, councilB, f, content); err != nil {
		t.Fatal(err)
	}
	if err := comments.Create(ctx, councilB, planningtest.NewComment(councilB, "c1", "a1")); err != nil {
		t.Fatal(err)
	}
	if _, err := docs.Get(ctx, councilA, "d1"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("Get: %v", err)
	}
	if _, data, err := docs.Content(ctx, councilA, "d1"); !errors.Is(err, planning.ErrNotFound) || data != nil {
		t.Errorf("Content: %d bytes, %v", len(data), err)
	}
	if list, err := docs.List(ctx, councilA, planning.DocumentFilter{ApplicationID: "a1"}); err != nil || len(list) != 0 {
		t.Errorf("List: %d, %v", len(list), err)
	}
	if err := docs.Delete(ctx, councilA, "d1"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("Delete: %v", err)
	}
	if _, err := comments.Get(ctx, councilA, "c1"); !errors.Is(err, planning.ErrNotFound) {
		t.Errorf("comment Get: %v", err)
	}
	if list, err := comments.List(ctx, councilA, planning.CommentFilter{}); err != nil || len(list) != 0 {
		t.Errorf("comment List: %d, %v", len(list), err)
	}
	if _, data, err := docs.Content(ctx, councilB, "d1"); err != nil || !bytes.Equal(data, content) {
		t.Errorf("council B's content: %v", err)
	}
	// A delete removes the content with the details: no orphan remains.
	if err := docs.Delete(ctx, councilB, "d1"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM planning_document_contents`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d contents left after Delete (%v)", n, err)
	}
}

// TestPlanningCommentsAppendOnly: the file refuses any change to a
// comment, whatever the statement.
func TestPlanningCommentsAppendOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	if err := db.PlanningComments().Create(ctx, councilA, planningtest.NewComment(councilA, "c1", "a1")); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE planning_comments SET received = '2025-01-01' WHERE council = ?1`,
		`DELETE FROM planning_comments WHERE council = ?1`,
	} {
		err := db.write(ctx, councilA, func(t *tx) error {
			_, err := t.exec(q)
			return err
		})
		if err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
	if got, err := db.PlanningComments().Get(ctx, councilA, "c1"); err != nil || got.Received.String() != "2025-06-20" {
		t.Errorf("the comment after the refused statements: %v, %v", got, err)
	}
}

// TestPlanningDocumentsPersonalDataOnlyInBody: a file's name and a
// commenter's name, address and words are kept in the JSON body only,
// never in a column an index or a constraint error could show.
func TestPlanningDocumentsPersonalDataOnlyInBody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t)
	f, content := planningtest.NewDocumentFile(councilA, "d1", "a1")
	f.Name = "Bea Neighbour objection.pdf"
	if err := db.PlanningDocuments().Create(ctx, councilA, f, content); err != nil {
		t.Fatal(err)
	}
	cm := planningtest.NewComment(councilA, "c1", "a1")
	if err := db.PlanningComments().Create(ctx, councilA, cm); err != nil {
		t.Fatal(err)
	}
	secrets := []string{"Bea", cm.Commenter.Address.Lines[0], cm.Text, cm.Commenter.Address.Postcode.String()}
	for table, cols := range map[string]string{
		"planning_documents": `council, id, application_id, uploaded_at, size`,
		"planning_comments":  `council, id, application_id, kind, received, recorded_at`,
	} {
		var other, body string
		if err := db.r.QueryRowContext(ctx, `SELECT concat_ws('|', `+cols+`), body FROM `+table).Scan(&other, &body); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range secrets {
			if strings.Contains(other, s) {
				t.Errorf("%s: a column other than body holds %q: %s", table, s, other)
			}
			found = found || strings.Contains(body, s)
		}
		if !found {
			t.Errorf("%s: the body holds none of the personal data, so this test proves nothing", table)
		}
	}
}
