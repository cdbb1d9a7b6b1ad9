package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// files returns the files stored for an application.
func (p *portal) files(t *testing.T, appID string) []*planning.DocumentFile {
	t.Helper()
	list, err := p.srv.plan.docs.List(context.Background(), p.srv.sites.list[0].council, planning.DocumentFilter{ApplicationID: appID})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// draftFiles returns the files of applications not submitted: the ones
// uploaded in the test.
func (p *portal) draftFiles(t *testing.T) []*planning.DocumentFile {
	t.Helper()
	submitted := map[string]bool{}
	for _, a := range p.planningApps(t) {
		submitted[a.ID] = true
	}
	list, err := p.srv.plan.docs.List(context.Background(), p.srv.sites.list[0].council, planning.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []*planning.DocumentFile
	for _, f := range list {
		if !submitted[f.ApplicationID] {
			out = append(out, f)
		}
	}
	return out
}

// The documents page takes a file only when the planning package says it
// is a PDF, JPEG or PNG within the limit, whatever the browser called it;
// every refusal is shown beside the field, in the page's language, and
// stores nothing.
func TestPlanningUploads(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	b.signIn("resident")
	for _, step := range planningForms()[:4] {
		mustStatus(t, b.answer(step.path, step.form), http.StatusSeeOther)
	}
	stored := func() int {
		list, err := p.srv.plan.docs.List(context.Background(), p.srv.sites.list[0].council, planning.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	seeded := stored()
	plan := url.Values{"type": {"locationPlan"}}
	active := []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>\nendobj\n%%EOF\n")
	for _, tc := range []struct {
		name    string
		form    url.Values
		file    string
		content []byte
		status  int
		want    []string
	}{
		{"nothing", url.Values{}, "", nil, http.StatusUnprocessableEntity,
			[]string{`<a href="#type">Select what the file shows`, `<a href="#file">Select a file`}},
		{"a web page disguised as a PDF", plan, "location plan.pdf", []byte("<!DOCTYPE html><script>alert(document.cookie)</script>"),
			http.StatusUnprocessableEntity, []string{`<a href="#file">The selected file must be a PDF, JPG or PNG`}},
		{"a program disguised as a PNG", plan, "plan.png", []byte("MZ\x90\x00\x03\x00\x00\x00"),
			http.StatusUnprocessableEntity, []string{`<a href="#file">The selected file must be a PDF, JPG or PNG`}},
		{"an empty file", plan, "plan.pdf", []byte{}, http.StatusUnprocessableEntity, []string{`<a href="#file">The selected file is empty`}},
		{"a PDF that runs JavaScript", plan, "plan.pdf", active, http.StatusUnprocessableEntity,
			[]string{`<a href="#file">The selected file must not contain scripts`}},
		// Over the limit but within the body the route reads: the
		// package's refusal.
		{"a file of 10MB and a byte", plan, "plan.pdf", planningtest.SamplePDF("big", 10<<20+1), http.StatusUnprocessableEntity,
			[]string{`<a href="#file">The selected file must be smaller than 10MB`}},
		// Far over: the body is cut off, and the page says the same.
		{"a body far over 10MB", plan, "plan.pdf", planningtest.SamplePDF("huge", 12<<20), http.StatusRequestEntityTooLarge,
			[]string{`<a href="#file">The selected file must be smaller than 10MB`}},
		{"a type not on offer", url.Values{"type": {"heritageStatement"}}, "plan.pdf", planningtest.SamplePDF("x", 0),
			http.StatusUnprocessableEntity, []string{`<a href="#type">Select one of the documents listed`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := b.upload("/planning/documents/upload", tc.form, tc.file, tc.content)
			mustStatus(t, pg, tc.status)
			mustContain(t, pg, append(tc.want, `class="govuk-error-summary"`, "<title>Error: ")...)
			if n := stored(); n != seeded {
				t.Errorf("%d files stored, want %d", n, seeded)
			}
		})
	}
	// A file of exactly 10MB is accepted (and removed again below).
	pg := b.upload("/planning/documents/upload", plan, "plan.pdf", planningtest.SamplePDF("limit", 10<<20))
	mustStatus(t, pg, http.StatusSeeOther)
	if n := stored(); n != seeded+1 {
		t.Fatalf("%d files stored, want %d", n, seeded+1)
	}
	for _, f := range p.draftFiles(t) {
		mustStatus(t, b.submit("/planning/documents/remove", url.Values{"file": {f.ID}}), http.StatusSeeOther)
	}
	if n := stored(); n != seeded {
		t.Fatalf("%d files stored after removing the draft's, want %d", n, seeded)
	}
	// In Welsh, the package's Welsh.
	pg = b.upload("/planning/documents/upload?lang=cy", plan, "plan.pdf", []byte("GIF89a"))
	mustContain(t, pg, "ffeil a ddewiswyd fod yn PDF, JPG neu PNG", `<html lang="cy"`)
	b.get("/?lang=en")

	// The upload refuses a form without the session's token, however it
	// is sent, before reading the file.
	mustStatus(t, b.post("/planning/documents/upload", url.Values{"type": {"locationPlan"}}), http.StatusForbidden)
	mustStatus(t, b.uploadWithToken("/planning/documents/upload", "forged", plan, "plan.pdf", planningtest.SamplePDF("x", 0)), http.StatusForbidden)
	if n := stored(); n != seeded {
		t.Errorf("%d files stored by forged forms, want %d", n, seeded)
	}

	// A PNG photograph, sent as "another document", under a name with a
	// path and markup: stored under its own type, the name sanitised and
	// shown escaped.
	name := `C:\fakepath\<img src=x onerror=alert(1)>.png`
	pg = b.upload("/planning/documents/upload", url.Values{"type": {"otherSupporting"}}, name, planningtest.SamplePNG())
	mustStatus(t, pg, http.StatusSeeOther)
	pg = b.get("/planning/documents")
	mustContain(t, pg, "_img src=x onerror=alert(1)_.png")
	if pg.has("<img src=x") {
		t.Error("the file's name is shown as markup")
	}
	list, _ := p.srv.plan.docs.List(context.Background(), p.srv.sites.list[0].council, planning.DocumentFilter{})
	last := list[len(list)-1]
	if last.MediaType != planning.MediaPNG || last.Type != "otherSupporting" || strings.ContainsAny(last.Name, `\/<>`) {
		t.Errorf("stored %v named %q", last, last.Name)
	}
	// The resident removes it: gone from the page and the store.
	pg = b.submit("/planning/documents/remove", url.Values{"file": {last.ID}})
	mustStatus(t, pg, http.StatusSeeOther)
	if n := stored(); n != seeded {
		t.Errorf("%d files after removing one, want %d", n, seeded)
	}
	if b.get("/planning/documents").has("onerror") {
		t.Error("a removed file is still listed")
	}
	// Removing a file that is not the draft's (a seeded application's)
	// does nothing.
	seededFile := p.files(t, p.submittedPlanning(t).ID)[0]
	mustStatus(t, b.submit("/planning/documents/remove", url.Values{"file": {seededFile.ID}}), http.StatusSeeOther)
	if _, err := p.srv.plan.docs.Get(context.Background(), p.srv.sites.list[0].council, seededFile.ID); err != nil {
		t.Errorf("another application's file was removed: %v", err)
	}

	// Continue is refused until every document is uploaded, then the
	// upload of each one lets it through.
	pg = b.submit("/planning/documents", nil)
	mustStatus(t, pg, http.StatusUnprocessableEntity)
	mustContain(t, pg, `<a href="#documents">Upload a file for every document`)
	mustStatus(t, b.answer("/planning/documents", planningForms()[4].form), http.StatusSeeOther)
}

// An officer gets an application's file only as a download, never to be
// shown by the browser, and only for an application of the officer's
// council that the file belongs to.
func TestPlanningDownload(t *testing.T) {
	p := newPortal(t)
	off := p.browser()
	off.signIn("officer")
	a := p.submittedPlanning(t)
	files := p.files(t, a.ID)
	if len(files) != 4 {
		t.Fatalf("%d files seeded with the application, want 4", len(files))
	}
	pg := off.get("/officer/planning/" + a.ID)
	mustContain(t, pg, `href="/officer/planning/`+a.ID+`/documents/`+files[0].ID+`" download`, "locationPlan.pdf", "floorPlan.proposed.pdf")

	f := files[0]
	_, content, err := p.srv.plan.docs.Content(context.Background(), p.srv.sites.list[0].council, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	dl := off.get("/officer/planning/" + a.ID + "/documents/" + f.ID)
	mustStatus(t, dl, http.StatusOK)
	for h, want := range map[string]string{
		"Content-Type":            "application/pdf",
		"Content-Disposition":     `attachment; filename=` + f.Name,
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "sandbox; default-src 'none'",
		"Cache-Control":           "no-store",
	} {
		if got := dl.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if dl.Body != string(content) {
		t.Error("the download is not the file")
	}

	// A name with quotes, spaces and Welsh letters is offered safely:
	// quoted, and as RFC 2231's filename* where it is not ASCII.
	up, err := planning.NewDocumentFile(planning.DocumentUpload{ID: "welsh", ApplicationID: a.ID, Type: planning.DocLocationPlan,
		Name: `Cynllun "tŷ".pdf`, Content: content, Uploaded: testNow}, planning.DocumentLimits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.srv.plan.docs.Create(context.Background(), p.srv.sites.list[0].council, up, content); err != nil {
		t.Fatal(err)
	}
	dl = off.get("/officer/planning/" + a.ID + "/documents/welsh")
	if got := dl.Header.Get("Content-Disposition"); got != `attachment; filename*=utf-8''Cynllun%20_t%C5%B7_.pdf` {
		t.Errorf("Content-Disposition %q", got)
	}

	// Another council's file, stored under an ID and application of this
	// council's, is not found; nor is this council's file through another
	// application; nor any file for a resident.
	other := councilkit.MustParseCouncil("E09000007")
	theirs, theirContent := planningtest.NewDocumentFile(other, "theirs", a.ID)
	if err := p.srv.plan.docs.Create(context.Background(), other, theirs, theirContent); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, off.get("/officer/planning/"+a.ID+"/documents/theirs"), http.StatusNotFound)
	var elsewhere *planning.Application
	for _, b := range p.planningApps(t) {
		if b.ID != a.ID {
			elsewhere = b
		}
	}
	mustStatus(t, off.get("/officer/planning/"+elsewhere.ID+"/documents/"+f.ID), http.StatusNotFound)
	mustStatus(t, off.get("/officer/planning/"+a.ID+"/documents/missing"), http.StatusNotFound)
	res := p.browser()
	res.signIn("resident")
	if pg := res.get("/officer/planning/" + a.ID + "/documents/" + f.ID); pg.Status == http.StatusOK || bytes.Contains([]byte(pg.Body), content[:20]) {
		t.Errorf("a resident downloaded the file: status %d", pg.Status)
	}
}

// An officer records a consultee's and a neighbour's comments; each is
// listed with whether it came within its period, which starts when
// consultation starts: 21 days, and a day more for each public holiday,
// for neighbours (DMPO 2015 art. 33(1)), 21 days for consultees (art.
// 22(2)).
func TestOfficerRecordsComments(t *testing.T) {
	p := newPortal(t)
	off := p.browser()
	off.signIn("officer")
	a := p.submittedPlanning(t)
	path := "/officer/planning/" + a.ID
	mustContain(t, off.get(path), "No comments have been recorded.", "The periods for comments start when consultation starts.",
		`name="comment.received.day" type="text" inputmode="numeric" value="23"`)

	for _, tc := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"nothing", url.Values{"comment.received.day": {""}, "comment.received.month": {""}, "comment.received.year": {""}}, []string{`<a href="#comment-kind">Select who made the comment`,
			`<a href="#comment-text">Enter the comment`, `<a href="#comment-received">Enter the date the comment was received`}},
		{"a neighbour's without who or what", url.Values{"comment.kind": {"neighbour"}, "comment.text": {"No."}},
			[]string{`<a href="#comment-commenter-name">Enter the name of the person`, `<a href="#comment-commenter-address">Enter the neighbour&#39;s address`,
				`<a href="#comment-stance">Select whether the comment supports`}},
		{"a consultee's without the body", url.Values{"comment.kind": {"consultee"}, "comment.text": {"No objection."}},
			[]string{`<a href="#comment-commenter-organisation">Enter the name of the consultee`}},
		{"a date in the future", url.Values{"comment.kind": {"other"}, "comment.commenter.name": {"Pat"}, "comment.stance": {"support"},
			"comment.text": {"Good."}, "comment.received.day": {"1"}, "comment.received.month": {"1"}, "comment.received.year": {"2027"}},
			[]string{`<a href="#comment-received">The date the comment was received must be today or in the past`}},
		{"not a date", url.Values{"comment.kind": {"other"}, "comment.commenter.name": {"Pat"}, "comment.stance": {"support"},
			"comment.text": {"Good."}, "comment.received.day": {"31"}, "comment.received.month": {"2"}, "comment.received.year": {"2026"}},
			[]string{`<a href="#comment-received">The date the comment was received must be a real date`}},
		{"a bad postcode", url.Values{"comment.kind": {"neighbour"}, "comment.commenter.name": {"Bea"}, "comment.commenter.address": {"2 Example Row"},
			"comment.commenter.address.town":     {"Ashdown"},
			"comment.commenter.address.postcode": {"NOT A POSTCODE"}, "comment.stance": {"object"}, "comment.text": {"No."}},
			[]string{`<a href="#comment-commenter-address-postcode">Enter a real postcode`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"action": {"comment"}, "comment.received.day": {"23"}, "comment.received.month": {"11"}, "comment.received.year": {"2026"}}
			for k, v := range tc.form {
				form[k] = v
			}
			pg := off.submit(path+"/comments", form)
			mustStatus(t, pg, http.StatusUnprocessableEntity)
			mustContain(t, pg, append(tc.want, `class="govuk-error-summary"`)...)
		})
	}
	comments := func() []*planning.Comment {
		list, err := p.srv.plan.comments.List(context.Background(), p.srv.sites.list[0].council, planning.CommentFilter{ApplicationID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	if n := len(comments()); n != 0 {
		t.Fatalf("%d comments stored by bad forms", n)
	}

	// Consultation starts on 23 November 2026 (testNow): neighbours have
	// 21 days beginning with it, to 13 December (no public holiday
	// before then); consultees 21 days beginning with the day they
	// received the plans, the same day here.
	mustStatus(t, off.submit(path, url.Values{"action": {"validate"}, "received.day": {"20"}, "received.month": {"11"}, "received.year": {"2026"}}), http.StatusSeeOther)
	mustStatus(t, off.submit(path, url.Values{"action": {"consultation"}}), http.StatusSeeOther)
	mustContain(t, off.get(path), "Neighbours and others have until 13 December 2026.", "Consultees must respond by 13 December 2026.")

	neighbour := url.Values{"action": {"comment"}, "comment.kind": {"neighbour"}, "comment.commenter.name": {"Bea Neighbour"},
		"comment.commenter.address": {"2 Example Row"}, "comment.commenter.address.town": {"Ashdown"},
		"comment.commenter.address.postcode": {"AV1 1AB"}, "comment.stance": {"object"},
		"comment.text":         {"The extension would block our light.\r\n\r\nAnd overlook our garden."},
		"comment.received.day": {"23"}, "comment.received.month": {"11"}, "comment.received.year": {"2026"}}
	if pg := off.submit(path+"/comments", neighbour); pg.Status != http.StatusSeeOther {
		t.Fatalf("status %d: %s", pg.Status, pg.Body[strings.Index(pg.Body, "govuk-error-summary__list"):][:800])
	}
	consultee := url.Values{"action": {"comment"}, "comment.kind": {"consultee"}, "comment.commenter.organisation": {"Ashdown highways"},
		"comment.text": {"No objection."}, "comment.received.day": {"22"}, "comment.received.month": {"11"}, "comment.received.year": {"2026"}}
	mustStatus(t, off.submit(path+"/comments", consultee), http.StatusSeeOther)

	got := comments()
	if len(got) != 2 {
		t.Fatalf("%d comments stored, want 2", len(got))
	}
	ea, bea := got[0], got[1] // received 22 and 23 November
	if ea.Kind != planning.CommentConsultee || ea.Stance != planning.StanceNone || ea.PeriodEnds.String() != "2026-12-13" || !ea.InPeriod() ||
		ea.RecordedBy.Kind != "officer" || ea.RecordedBy.ID == "" {
		t.Errorf("consultee's comment %v, recorded by %+v", ea, ea.RecordedBy)
	}
	if bea.Kind != planning.CommentNeighbour || bea.Stance != planning.StanceObject || bea.Commenter.Address.Postcode.String() != "AV1 1AB" ||
		bea.Commenter.Name != "Bea Neighbour" || !bea.InPeriod() {
		t.Errorf("neighbour's comment %v", bea)
	}
	pg := off.get(path)
	mustContain(t, pg, "Consultee: Ashdown highways", "Neighbour: Bea Neighbour", "Objects to the proposal", "No view given",
		`<p class="govuk-body">The extension would block our light.</p><p class="govuk-body">And overlook our garden.</p>`, "In time")
	// Welsh.
	mustContain(t, off.get(path+"?lang=cy"), "Ymgynghorai: Ashdown highways", "Yn gwrthwynebu’r cynnig", "Mewn pryd")

	// Nothing personal in the logs.
	if logs := p.logs.String(); strings.Contains(logs, "Bea") || strings.Contains(logs, "block our light") {
		t.Errorf("a comment leaked into the logs:\n%s", logs)
	}
	// A resident cannot record one.
	res := p.browser()
	res.signIn("resident")
	if pg := res.submit(path+"/comments", neighbour); pg.Status != http.StatusForbidden {
		t.Errorf("a resident's comment: status %d", pg.Status)
	}
	if n := len(comments()); n != 2 {
		t.Errorf("%d comments, want 2", n)
	}
}
