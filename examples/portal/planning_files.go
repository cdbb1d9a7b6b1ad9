package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/planning"
)

// Files and comments on planning applications. A resident uploads the
// documents an application needs, one file at a time: on the documents
// page while applying, and on the application's page when the council
// found it invalid. The planning package judges each file by its content
// (planning.NewDocumentFile: PDF, JPEG or PNG, at most planDocLimits,
// no PDF with scripts or attached files) and the file is kept in the
// planning.DocumentStore, never on disk and never in the session. An
// officer downloads the files from the application's page, only ever as
// attachments (planDownload), and records the comments of consultees and
// neighbours (planning.Comment) with whether each came in time.

// planDocLimits are the council's limits on document files: the
// package's defaults, 10MB a file.
var planDocLimits = planning.DocumentLimits{}

// maxUploadBytes bounds the body of a request that carries a file: the
// largest file accepted, and maxFormBytes for the form's other fields and
// the multipart framing. Only the upload routes (uploadRoute) get more
// than maxFormBytes.
var maxUploadBytes = planDocLimits.Max() + maxFormBytes

// uploadRoute reports whether a POST to path may carry a file: the
// documents page's upload, and an invalid application's documents.
func uploadRoute(path string) bool {
	if path == "/planning/documents/upload" {
		return true
	}
	id, ok := strings.CutPrefix(path, "/planning/applications/")
	if !ok {
		return false
	}
	id, ok = strings.CutSuffix(id, "/documents")
	return ok && id != "" && !strings.Contains(id, "/")
}

// parseUpload reads the form of a request to an upload route: multipart
// (files kept in memory, never on disk: the body is already bounded) or,
// from a client that sends no file, URL-encoded.
func parseUpload(r *http.Request) error {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		return r.ParseMultipartForm(maxUploadBytes)
	}
	return r.ParseForm()
}

type uploadTooLargeKey struct{}

// withUploadTooLarge marks a request to an upload route whose body was
// larger than maxUploadBytes. Its form was not read, nor its CSRF token
// checked: the handler only shows the page again with the limit, and
// changes nothing.
func withUploadTooLarge(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), uploadTooLargeKey{}, true))
}

// uploadTooLarge reports whether withUploadTooLarge marked r.
func uploadTooLarge(r *http.Request) bool {
	v, _ := r.Context().Value(uploadTooLargeKey{}).(bool)
	return v
}

// tooLargeError is the problem shown for a body over maxUploadBytes,
// worded as the package words a file over the limit.
func tooLargeError(r *http.Request) fieldError {
	tag, _ := languageOf(r)
	_, err := planning.CheckDocumentContent(make([]byte, planDocLimits.Max()+1), planDocLimits)
	var de *planning.DocumentError
	errors.As(err, &de)
	return fieldError{Field: "file", Code: de.Code, ID: "file", Message: de.Message.In(tag)}
}

// receivedUpload reads the upload in r's form: the type chosen and the
// file. It returns the problems of a form with no file or no type; the
// package checks the rest (planning.NewDocumentFile).
func receivedUpload(r *http.Request) (t planning.DocumentType, name string, content []byte, errs []fieldError, err error) {
	tag, _ := languageOf(r)
	t = planning.DocumentType(r.PostForm.Get("type"))
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && (fhs[0].Filename != "" || fhs[0].Size > 0) {
			f, err := fhs[0].Open()
			if err != nil {
				return t, "", nil, nil, err
			}
			defer f.Close()
			content, err = io.ReadAll(io.LimitReader(f, maxUploadBytes))
			if err != nil {
				return t, "", nil, nil, err
			}
			return t, fhs[0].Filename, content, nil, nil
		}
	}
	return t, "", nil, []fieldError{{Field: "file", ID: "file", Message: text("plan.docs.file.required", tag)}}, nil
}

// storeUpload checks an uploaded file with the package and keeps it in
// the document store for application appID, which must accept type t
// (the types on offer). It returns the stored file, or the problems to
// show under the form's fields.
func (s *server) storeUpload(r *http.Request, appID string, offered []planning.DocumentType) (*planning.DocumentFile, []fieldError, error) {
	tag, _ := languageOf(r)
	t, name, content, errs, err := receivedUpload(r)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case t == "":
		errs = append(errs, fieldError{Field: "type", ID: "type", Message: text("plan.docs.type.required", tag)})
	case !slices.Contains(offered, t):
		errs = append(errs, fieldError{Field: "type", ID: "type", Message: text("plan.docs.invalid", tag)})
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	f, err := planning.NewDocumentFile(planning.DocumentUpload{
		ID: uuid.NewString(), ApplicationID: appID, Type: t, Name: name, Content: content,
		Uploaded: s.cfg.Clock.Now(), UploadedBy: events.Actor{Kind: events.ActorResident},
	}, planDocLimits)
	if errs, other := problemsOf(err, tag); err != nil {
		if other != nil {
			return nil, nil, other
		}
		for i := range errs {
			errs[i].ID = errs[i].Field
		}
		return nil, errs, nil
	}
	if err := s.plan.docs.Create(r.Context(), s.councilOf(r), f, content); err != nil {
		return nil, nil, err
	}
	return f, nil, nil
}

// attach records a stored file in an application's list of documents, so
// that the package finds the requirement it meets.
func attach(a *planning.Application, f *planning.DocumentFile) {
	a.Documents = append(a.Documents, planning.Document{Name: f.Name, Types: []planning.DocumentType{f.Type}, FileID: f.ID})
}

// otherDocument is the type a resident gives a file the checklist does not
// ask for.
const otherDocument planning.DocumentType = "otherSupporting"

// uploadForm is the upload's two fields: what the file shows, and the
// file.
type uploadForm struct {
	Type, File field
}

// newUploadForm builds the upload's fields, offering the types given.
func newUploadForm(v *view, types []planning.DocumentType, selected string) uploadForm {
	var opts []option
	for _, t := range types {
		opts = append(opts, option{Value: string(t), Label: v.T("plan.doc." + string(t))})
	}
	f := uploadForm{Type: v.Radios("type", "plan.docs.type", selected, opts)}
	f.File = field{V: v, Name: "file", ID: "file", Label: v.T("plan.docs.file"), Error: v.ErrorFor("file"),
		Hint: withSuffix(catalogue["plan.docs.file.hint"], " "+planning.FormatFileSize(planDocLimits.Max())).In(v.Lang)}
	return f
}

// The documents page: what the application needs, the files uploaded for
// it, a form to upload another, and Continue once nothing is missing.

type planDocRow struct {
	Type  planning.DocumentType
	Label string
	Hint  string
	Files []planning.Document
}

type planFileRow struct {
	ID, Label, Name string
}

type planDocsData struct {
	Needed   []planDocRow
	Files    []planFileRow
	Upload   uploadForm
	Error    string
	Change   bool
	MaxBytes string
}

func (s *server) planDocsPage(w http.ResponseWriter, r *http.Request, status int, a *planning.Application, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	d := planDocsData{Error: v.ErrorFor("documents"), Change: r.URL.Query().Get("change") == "1"}
	need := checklist(a)
	for _, t := range need {
		row := planDocRow{Type: t, Label: v.T("plan.doc." + string(t)), Hint: v.Text(docRequirement(t).Problem().Message)}
		for _, doc := range a.Documents {
			if slices.Contains(doc.Types, t) {
				row.Files = append(row.Files, doc)
			}
		}
		d.Needed = append(d.Needed, row)
	}
	for _, doc := range a.Documents {
		if doc.FileID == "" {
			continue
		}
		for _, t := range doc.Types {
			d.Files = append(d.Files, planFileRow{ID: doc.FileID, Label: v.T("plan.doc." + string(t)), Name: doc.Name})
		}
	}
	d.Upload = newUploadForm(v, append(need, otherDocument), r.PostForm.Get("type"))
	v.Data = d
	s.render(w, r, status, "planning-documents", v)
}

func (s *server) planDocsForm(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	s.planDocsPage(w, r, http.StatusOK, a, nil)
}

// planDocsUpload stores a file for the draft and lists it.
func (s *server) planDocsUpload(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	if uploadTooLarge(r) {
		s.planDocsPage(w, r, http.StatusRequestEntityTooLarge, a, []fieldError{tooLargeError(r)})
		return
	}
	f, errs, err := s.storeUpload(r, a.ID, append(checklist(a), otherDocument))
	switch {
	case err != nil:
		s.unavailable(w, r, err)
		return
	case len(errs) > 0:
		s.planDocsPage(w, r, http.StatusUnprocessableEntity, a, errs)
		return
	}
	attach(a, f)
	s.savePlanDraft(r, a)
	next := "/planning/documents"
	if r.URL.Query().Get("change") == "1" {
		next += "?change=1"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// planDocsRemove removes one of the draft's files.
func (s *server) planDocsRemove(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	id := r.PostForm.Get("file")
	i := slices.IndexFunc(a.Documents, func(d planning.Document) bool { return d.FileID != "" && d.FileID == id })
	if i >= 0 {
		// Only a file of this draft: its ID came from the session.
		if err := s.plan.docs.Delete(r.Context(), s.councilOf(r), id); err != nil && !errors.Is(err, planning.ErrNotFound) {
			s.unavailable(w, r, err)
			return
		}
		a.Documents = slices.Delete(a.Documents, i, i+1)
		s.savePlanDraft(r, a)
	}
	next := "/planning/documents"
	if r.URL.Query().Get("change") == "1" {
		next += "?change=1"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// planDocsSubmit continues once the draft has every document the
// requirements ask for.
func (s *server) planDocsSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.planDraft(r)
	if s.needType(w, r, a) {
		return
	}
	tag, _ := languageOf(r)
	// The requirements name each missing document; the page shows them
	// as one problem, beside the list.
	if errs := errorsUnder(s.planProblems(r, a), "documents"); len(errs) > 0 {
		s.planDocsPage(w, r, http.StatusUnprocessableEntity, a, []fieldError{{Field: "documents", ID: "documents", Message: text("plan.docs.required", tag)}})
		return
	}
	next := planNext(r, "/planning/ownership")
	if !slices.Contains(planning.Requirements(a), planning.ReqOwnershipCert) {
		next = "/planning/check"
	} else if a.Ownership.Certificate == planning.CertificateNone {
		next = "/planning/ownership"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// planResend stores a file an invalid application was missing. The
// officer then validates it, from the day the last one arrived.
func (s *server) planResend(w http.ResponseWriter, r *http.Request) {
	a, ok := s.myPlanning(r)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	if a.Lifecycle.State != planning.StateInvalid {
		http.Redirect(w, r, "/planning/applications/"+a.ID, http.StatusSeeOther)
		return
	}
	if uploadTooLarge(r) {
		s.renderPlanApplication(w, r, http.StatusRequestEntityTooLarge, a, []fieldError{tooLargeError(r)})
		return
	}
	f, errs, err := s.storeUpload(r, a.ID, docsFor(planning.Missing(a)))
	switch {
	case err != nil:
		s.unavailable(w, r, err)
		return
	case len(errs) > 0:
		s.renderPlanApplication(w, r, http.StatusUnprocessableEntity, a, errs)
		return
	}
	_, err = planning.Modify(r.Context(), s.plan.store, s.councilOf(r), a.ID, func(next *planning.Application) error {
		attach(next, f)
		return nil
	})
	if err != nil {
		s.serverError(w, r, "update planning application", err)
		return
	}
	http.Redirect(w, r, "/planning/applications/"+a.ID, http.StatusSeeOther)
}

// The officer's side: the application's files and comments.

type planOfficerFile struct {
	ID, Label, Name, Size string
	Uploaded              time.Time
}

type planOfficerComment struct {
	Comment *planning.Comment
	Who     string
	Text    []string
}

// commentForm is the officer's form to record a comment.
type commentForm struct {
	Kind, Name, Organisation, Address, Town, Postcode, Stance, Text field
	Received                                                        dateField
}

// commentPeriods returns the last days for comments on the application:
// 21 days from the notices, lengthened by public holidays, for
// neighbours and others (DMPO 2015 art. 33(1), planning.ConsultationEnd),
// and 21 days from the request for consultees (art. 22(2)). The portal
// gives notice and consults on the day the officer starts consultation;
// before then there is no period.
func commentPeriods(a *planning.Application) (neighbours, consultees calendar.Date) {
	t, ok := a.Lifecycle.Last(planning.StateConsultation)
	if !ok {
		return calendar.Date{}, calendar.Date{}
	}
	start := calendar.DateOf(t.At)
	return planning.ConsultationEnd(planning.EnglandHolidays(), start, planning.NoticeNeighbour), planning.ConsulteeResponseEnd(start)
}

// officerFilesAndComments fills the officer page's files, comments and
// comment form.
func (s *server) officerFilesAndComments(r *http.Request, v *view, a *planning.Application, d *planOfficerData) error {
	files, err := s.plan.docs.List(r.Context(), s.councilOf(r), planning.DocumentFilter{ApplicationID: a.ID})
	if err != nil {
		return err
	}
	for _, f := range files {
		d.Files = append(d.Files, planOfficerFile{ID: f.ID, Label: v.T("plan.doc." + string(f.Type)), Name: f.Name,
			Size: planning.FormatFileSize(f.Size), Uploaded: f.Uploaded})
	}
	comments, err := s.plan.comments.List(r.Context(), s.councilOf(r), planning.CommentFilter{ApplicationID: a.ID})
	if err != nil {
		return err
	}
	for _, c := range comments {
		who := c.Commenter.Name
		if c.Commenter.Organisation != "" {
			who = strings.TrimPrefix(who+", "+c.Commenter.Organisation, ", ")
		}
		d.Comments = append(d.Comments, planOfficerComment{Comment: c, Who: who, Text: paragraphs(c.Text)})
	}
	d.NeighbourPeriod, d.ConsulteePeriod = commentPeriods(a)
	f := r.PostForm
	kinds := []option{
		{Value: planning.CommentConsultee.String(), Label: v.T("plan.comment.kind.consultee")},
		{Value: planning.CommentNeighbour.String(), Label: v.T("plan.comment.kind.neighbour")},
		{Value: planning.CommentOther.String(), Label: v.T("plan.comment.kind.other")},
	}
	stances := []option{
		{Value: planning.StanceSupport.String(), Label: v.T("plan.stance.support")},
		{Value: planning.StanceObject.String(), Label: v.T("plan.stance.object")},
		{Value: planning.StanceNeutral.String(), Label: v.T("plan.stance.neutral")},
	}
	// The form's fields are the comment's, under "comment." (the page
	// has other forms, one with a date of its own).
	cf := commentForm{
		Kind:         v.Radios("comment.kind", "plan.off.comment.kind", f.Get("comment.kind"), kinds),
		Name:         v.Input("comment.commenter.name", "plan.off.comment.name", "plan.off.comment.name.hint", f.Get("comment.commenter.name")),
		Organisation: v.Input("comment.commenter.organisation", "plan.off.comment.organisation", "plan.off.comment.organisation.hint", f.Get("comment.commenter.organisation")),
		Address:      v.Input("comment.commenter.address", "plan.off.comment.address", "plan.off.comment.address.hint", f.Get("comment.commenter.address")),
		Town:         v.Input("comment.commenter.address.town", "plan.off.comment.town", "", f.Get("comment.commenter.address.town")),
		Postcode:     v.Input("comment.commenter.address.postcode", "plan.off.comment.postcode", "", f.Get("comment.commenter.address.postcode")),
		Stance:       v.Radios("comment.stance", "plan.off.comment.stance", f.Get("comment.stance"), stances),
		Text:         v.Input("comment.text", "plan.off.comment.text", "", f.Get("comment.text")),
	}
	cf.Stance.Hint = v.T("plan.off.comment.stance.hint")
	cf.Text.MaxLength = planning.MaxCommentLength
	day, month, year := f.Get("comment.received.day"), f.Get("comment.received.month"), f.Get("comment.received.year")
	if f.Get("action") != "comment" {
		day, month, year = dateParts(calendar.Today(s.cfg.Clock))
	}
	cf.Received = v.DateInput("comment.received", "plan.off.comment.received", "", day, month, year)
	d.CommentForm = cf
	return nil
}

// paragraphs splits a comment's text at its blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// officerPlanComment records a consultee's, neighbour's or other
// person's comment, with the period it had to be made in.
func (s *server) officerPlanComment(w http.ResponseWriter, r *http.Request) {
	a, err := s.plan.store.Get(r.Context(), s.councilOf(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	tag, _ := languageOf(r)
	f := r.PostForm
	get := func(name string) string { return strings.TrimSpace(f.Get("comment." + name)) }
	kind, _ := planning.ParseCommentKind(get("kind"))
	stance, _ := planning.ParseStance(get("stance"))
	c := &planning.Comment{
		ID: uuid.NewString(), ApplicationID: a.ID, Kind: kind, Stance: stance,
		Commenter: planning.Commenter{Name: get("commenter.name"), Organisation: get("commenter.organisation")},
		Text:      get("text"),
		Recorded:  s.cfg.Clock.Now(),
	}
	var errs []fieldError
	fail := func(field, key string) {
		errs = append(errs, fieldError{Field: "comment." + field, ID: fieldID("comment." + field), Message: text(key, tag)})
	}
	if line := get("commenter.address"); line != "" {
		c.Commenter.Address.Lines = []string{line}
	}
	c.Commenter.Address.Town = get("commenter.address.town")
	if raw := get("commenter.address.postcode"); raw != "" {
		pc, err := identity.ParsePostcode(raw)
		if err != nil {
			fail("commenter.address.postcode", "ct.postcode.invalid")
		}
		c.Commenter.Address.Postcode = pc
	}
	recv, empty, ok := parseDateParts(get("received.day"), get("received.month"), get("received.year"))
	switch {
	case empty:
	case !ok:
		fail("received", "plan.off.comment.received.invalid")
	case recv.After(calendar.Today(s.cfg.Clock)):
		fail("received", "plan.off.comment.received.future")
	default:
		c.Received = recv
	}
	neighbours, consultees := commentPeriods(a)
	c.PeriodEnds = neighbours
	if kind == planning.CommentConsultee {
		c.PeriodEnds = consultees
	}
	all, other := problemsOf(c.Validate(), tag)
	if other != nil {
		s.serverError(w, r, "validate planning comment", other)
		return
	}
	for _, e := range all {
		if strings.HasPrefix(e.Field, "commenter.address.lines") {
			e.Field = "commenter.address"
		}
		e.Field = "comment." + e.Field
		e.ID = fieldID(e.Field)
		// The page's own word on a date or postcode stands.
		errs = addProblems(errs, []fieldError{e})
	}
	if len(errs) > 0 {
		s.renderOfficerPlan(w, r, http.StatusUnprocessableEntity, a, errs)
		return
	}
	ctx, _ := officerActor(r)
	if err := s.plan.comments.Create(ctx, s.councilOf(r), c); err != nil {
		s.serverError(w, r, "store planning comment", err)
		return
	}
	http.Redirect(w, r, "/officer/planning/"+a.ID+"#comments", http.StatusSeeOther)
}

// planDownload sends an application's file to an officer as a download,
// never for the browser to show: Content-Disposition attachment with the
// file's sanitised name, the type the package found in the content, no
// sniffing, and a content security policy that sandboxes anything a
// browser might still render, so that a script in a file never runs as
// the council's site.
func (s *server) planDownload(w http.ResponseWriter, r *http.Request) {
	a, err := s.plan.store.Get(r.Context(), s.councilOf(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	}
	f, content, err := s.plan.docs.Content(r.Context(), s.councilOf(r), r.PathValue("file"))
	switch {
	case errors.Is(err, planning.ErrNotFound) || err == nil && f.ApplicationID != a.ID:
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return
	case err != nil:
		s.unavailable(w, r, err)
		return
	}
	ct := "application/octet-stream"
	if f.MediaType != planning.MediaUnknown {
		ct = f.MediaType.String()
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	h.Set("Content-Length", strconv.Itoa(len(content)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(content)
	}
}

// seedFile stores a small PDF of type t for a seeded application and
// lists it in the application, so that the officer pages have files to
// show. Its ID comes from the application's and the type, so a restart
// against a durable store finds it stored already.
func seedFile(ctx context.Context, docs planning.DocumentStore, c councilkit.Council, a *planning.Application, t planning.DocumentType) error {
	content := seedPDF(fmt.Sprintf("%s: %s", a.Proposal.Description, t))
	f, err := planning.NewDocumentFile(planning.DocumentUpload{
		ID:            uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://example.invalid/planning/"+a.ID+"/"+string(t))).String(),
		ApplicationID: a.ID, Type: t, Name: string(t) + ".pdf", Content: content, Uploaded: a.SubmittedAt,
		UploadedBy: events.Actor{Kind: events.ActorResident},
	}, planDocLimits)
	if err != nil {
		return err
	}
	if err := docs.Create(ctx, c, f, content); err != nil && !errors.Is(err, planning.ErrDuplicate) {
		return err
	}
	attach(a, f)
	return nil
}

// seedPDF returns a one-page PDF that says text: the smallest file a PDF
// reader opens, with its cross-reference table.
func seedPDF(text string) []byte {
	text = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(text)
	stream := "BT /F1 12 Tf 72 760 Td (" + text + ") Tj ET"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return []byte(b.String())
}
