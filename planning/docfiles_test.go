package planning_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

func TestMemDocumentStore(t *testing.T) {
	planningtest.RunDocumentStoreTests(t, func(t *testing.T) planning.DocumentStore {
		return planning.NewMemDocumentStore()
	})
	// The zero value works too.
	planningtest.RunDocumentStoreTests(t, func(t *testing.T) planning.DocumentStore {
		return new(planning.MemDocumentStore)
	})
}

func TestMemCommentStore(t *testing.T) {
	planningtest.RunCommentStoreTests(t, func(t *testing.T) planning.CommentStore {
		return planning.NewMemCommentStore()
	})
	planningtest.RunCommentStoreTests(t, func(t *testing.T) planning.CommentStore {
		return new(planning.MemCommentStore)
	})
}

// The signatures are those of the formats' specifications: a PDF header
// (ISO 32000-1 7.5.2), a JPEG start-of-image marker (ITU-T T.81 B.1.1.3)
// and the PNG signature (ISO/IEC 15948 5.2). Nothing else, and nothing
// that merely looks like them further in, is accepted.
func TestSniffMediaType(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content []byte
		want    planning.MediaType
	}{
		{"PDF", planningtest.SamplePDF("x", 0), planning.MediaPDF},
		{"PNG", planningtest.SamplePNG(), planning.MediaPNG},
		{"JPEG", planningtest.SampleJPEG(), planning.MediaJPEG},
		{"empty", nil, planning.MediaUnknown},
		{"HTML", []byte("<!DOCTYPE html><script>alert(1)</script>"), planning.MediaUnknown},
		{"HTML that mentions a PDF", []byte("<html>%PDF-1.4</html>"), planning.MediaUnknown},
		{"PDF header after a byte", append([]byte(" "), planningtest.SamplePDF("x", 0)...), planning.MediaUnknown},
		{"lower-case header", []byte("%pdf-1.4\n"), planning.MediaUnknown},
		{"truncated PNG signature", planningtest.SamplePNG()[:7], planning.MediaUnknown},
		{"JPEG start of image alone", []byte{0xFF, 0xD8}, planning.MediaUnknown},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00"), planning.MediaUnknown},
		{"TIFF", []byte("II*\x00\x08\x00\x00\x00"), planning.MediaUnknown},
		{"Windows program", []byte("MZ\x90\x00\x03\x00"), planning.MediaUnknown},
		{"ZIP (a Word document)", []byte("PK\x03\x04\x14\x00"), planning.MediaUnknown},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), planning.MediaUnknown},
	} {
		if got := planning.SniffMediaType(tc.content); got != tc.want {
			t.Errorf("%s: SniffMediaType = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// pdfWith returns a PDF whose catalogue holds extra (a dictionary's
// entries) and with more objects after it.
func pdfWith(extra string, objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + extra + " >>\nendobj\n")
	b.WriteString("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
	for i, o := range objects {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+3, o)
	}
	b.WriteString("trailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

// objectStream returns an object stream (ISO 32000-1 7.5.7) holding body,
// compressed with FlateDecode, with extra dictionary entries.
func objectStream(body, extra string) string {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	_, _ = w.Write([]byte(body))
	_ = w.Close()
	return fmt.Sprintf("<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode %s >>\nstream\r\n%s\r\nendstream",
		z.Len(), extra, z.String())
}

// A PDF with active content is refused (ISO 32000-1 12.6.4.16 JavaScript
// actions, 12.6.4.5 launch actions, 7.11.4 embedded files, 12.7.8 XFA),
// wherever the name hides: plainly, with #xx escapes (7.3.5), or in a
// compressed object stream (7.5.7). An open action that only sets the
// first page's view is accepted.
func TestCheckDocumentContentActivePDF(t *testing.T) {
	js := "<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
	for _, tc := range []struct {
		name    string
		content []byte
		active  bool
	}{
		{"plain", planningtest.SamplePDF("Location plan", 0), false},
		{"open action to a page", pdfWith("/OpenAction [2 0 R /FitH null]"), false},
		{"names that merely start alike", pdfWith("/JavaScripts 3 0 R /Launcher 1 /XFAB 2 /JS 4"), false},
		{"an uncompressed object stream", pdfWith("", "<< /Type /ObjStm /N 1 /First 4 /Length 10 >>\nstream\n3 0 << >>\nendstream"), false},
		{"a compressed object stream of plain objects", pdfWith("", objectStream("3 0 << /Type /Page >>", "")), false},
		{"open action running JavaScript", pdfWith("/OpenAction 3 0 R", js), true},
		{"document-level JavaScript", pdfWith("/Names << /JavaScript 3 0 R >>"), true},
		{"escaped name", pdfWith("/OpenAction << /S /J#61va#53cript /JS (x) >>"), true},
		{"escaped name split by escapes", pdfWith("/OpenAction << /S /#4A#61#76#61#53#63#72#69#70#74 >>"), true},
		{"launch action", pdfWith("/OpenAction << /S /Launch /F (cmd.exe) >>"), true},
		{"attached file", pdfWith("/Names << /EmbeddedFiles 3 0 R >>"), true},
		{"embedded file stream", pdfWith("", "<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"), true},
		{"XFA form", pdfWith("/AcroForm << /XFA 3 0 R >>"), true},
		{"rich media", pdfWith("", "<< /Type /Annot /Subtype /RichMedia >>"), true},
		{"submit form", pdfWith("/OpenAction << /S /SubmitForm /F (https://evil.example) >>"), true},
		{"name at the very end", []byte("%PDF-1.7\n/JavaScript"), true},
		{"JavaScript in a compressed object stream", pdfWith("", objectStream("3 0 "+js, "")), true},
		{"escaped JavaScript in a compressed object stream", pdfWith("", objectStream("3 0 << /S /Java#53cript >>", "")), true},
		{"object stream compressed twice", pdfWith("", strings.Replace(objectStream("3 0 << >>", ""), "/Filter /FlateDecode", "/Filter [/FlateDecode /FlateDecode]", 1)), true},
		{"object stream with another filter", pdfWith("", "<< /Type /ObjStm /Filter /ASCIIHexDecode /Length 4 >>\nstream\n2F4A\nendstream"), true},
		{"object stream with predictors", pdfWith("", objectStream("3 0 << >>", "/DecodeParms << /Predictor 12 /Columns 4 >>")), true},
		{"object stream that does not inflate", pdfWith("", "<< /Type /ObjStm /Filter /FlateDecode /Length 8 >>\nstream\nnotzlib!\nendstream"), true},
		{"truncated object stream", pdfWith("", objectStream(strings.Repeat("3 0 << /Type /Page >> ", 200), "")[:120]), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := planning.CheckDocumentContent(tc.content, planning.DocumentLimits{})
			switch {
			case !tc.active && err != nil:
				t.Errorf("refused: %v", err)
			case !tc.active && m != planning.MediaPDF:
				t.Errorf("media type %v", m)
			case tc.active && !errors.Is(err, planning.ErrDocumentActiveContent):
				t.Errorf("CheckDocumentContent = %v, %v; want ErrDocumentActiveContent", m, err)
			}
			var de *planning.DocumentError
			if tc.active && errors.As(err, &de) && (de.Code != planning.CodeDocumentActiveContent || de.Message.Welsh == "") {
				t.Errorf("error %+v", de)
			}
		})
	}
}

// A zip bomb in an object stream is refused once it has inflated 32MB,
// having cost no more than that.
func TestCheckDocumentContentInflateBound(t *testing.T) {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	zeros := make([]byte, 1<<20)
	for range 40 {
		_, _ = w.Write(zeros)
	}
	_ = w.Close()
	bomb := pdfWith("", fmt.Sprintf("<< /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", z.Len(), z.String()))
	if len(bomb) > 100<<10 {
		t.Fatalf("the bomb is %d bytes: not a bomb", len(bomb))
	}
	_, err := planning.CheckDocumentContent(bomb, planning.DocumentLimits{})
	var de *planning.DocumentError
	if !errors.As(err, &de) || !errors.Is(err, planning.ErrDocumentActiveContent) || !strings.Contains(de.Reason, "32MB") {
		t.Errorf("CheckDocumentContent = %v", err)
	}
}

// Each refusal matches one sentinel and carries the Design System's file
// upload error message in English and Welsh, never the file's content.
func TestCheckDocumentContentErrors(t *testing.T) {
	pdf := planningtest.SamplePDF("x", 0)
	for _, tc := range []struct {
		name    string
		content []byte
		limits  planning.DocumentLimits
		want    error
		code    councilkit.Code
		english string
		welsh   string
	}{
		{"empty", nil, planning.DocumentLimits{}, planning.ErrDocumentEmpty, planning.CodeDocumentEmpty,
			"The selected file is empty", "Mae'r ffeil a ddewiswyd yn wag"},
		{"too large", pdf, planning.DocumentLimits{MaxBytes: int64(len(pdf) - 1)}, planning.ErrDocumentTooLarge, planning.CodeDocumentTooLarge,
			"The selected file must be smaller than ", "Rhaid i'r ffeil a ddewiswyd fod yn llai na "},
		{"not a document", []byte("<html><script>alert('secret')</script>"), planning.DocumentLimits{}, planning.ErrDocumentType, planning.CodeDocumentType,
			"The selected file must be a PDF, JPG or PNG", "Rhaid i'r ffeil a ddewiswyd fod yn PDF, JPG neu PNG"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := planning.CheckDocumentContent(tc.content, tc.limits)
			var de *planning.DocumentError
			if !errors.As(err, &de) || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			for _, other := range []error{planning.ErrDocumentEmpty, planning.ErrDocumentTooLarge, planning.ErrDocumentType, planning.ErrDocumentActiveContent} {
				if other != tc.want && errors.Is(err, other) {
					t.Errorf("err also matches %v", other)
				}
			}
			if de.Code != tc.code || !strings.HasPrefix(de.Message.English, tc.english) || !strings.HasPrefix(de.Message.Welsh, tc.welsh) {
				t.Errorf("code %q, message %+v", de.Code, de.Message)
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(de.Message.English, "secret") {
				t.Errorf("error repeats the content: %v", err)
			}
			if p := de.Problem("file"); p.Field != "file" || p.Code != tc.code {
				t.Errorf("Problem = %+v", p)
			}
		})
	}
	// The limit is inclusive: a file of exactly the limit is accepted.
	if _, err := planning.CheckDocumentContent(pdf, planning.DocumentLimits{MaxBytes: int64(len(pdf))}); err != nil {
		t.Errorf("a file of exactly the limit: %v", err)
	}
	if got := (planning.DocumentLimits{}).Max(); got != 10<<20 {
		t.Errorf("default limit %d", got)
	}
}

// The limit in the message is the limit, never overstated.
func TestFormatFileSize(t *testing.T) {
	for n, want := range map[int64]string{
		10 << 20: "10MB", 5 << 20: "5MB", 5<<20 + 512<<10: "5.5MB", 10<<20 - 1: "9.9MB",
		1 << 20: "1MB", 500 << 10: "500KB", 1023: "1023 bytes", 0: "0 bytes",
	} {
		if got := planning.FormatFileSize(n); got != want {
			t.Errorf("FormatFileSize(%d) = %q, want %q", n, got, want)
		}
	}
	_, err := planning.CheckDocumentContent(planningtest.SamplePDF("x", 0), planning.DocumentLimits{MaxBytes: 100})
	var de *planning.DocumentError
	if !errors.As(err, &de) || de.Message.English != "The selected file must be smaller than 100 bytes" {
		t.Errorf("err = %v", err)
	}
	_, err = planning.CheckDocumentContent(planningtest.SamplePDF("x", 3<<20), planning.DocumentLimits{MaxBytes: 2 << 20})
	if !errors.As(err, &de) || de.Message.Welsh != "Rhaid i'r ffeil a ddewiswyd fod yn llai na 2MB" {
		t.Errorf("err = %v", err)
	}
}

func TestSanitiseFileName(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    planning.MediaType
		want string
	}{
		{"Location plan.pdf", planning.MediaPDF, "Location plan.pdf"},
		{"PLANS.PDF", planning.MediaPDF, "PLANS.PDF"},
		{`C:\Users\ann\Documents\plans.pdf`, planning.MediaPDF, "plans.pdf"},
		{"../../etc/passwd", planning.MediaPDF, "passwd.pdf"},
		{"report.html", planning.MediaPDF, "report.html.pdf"},
		{"photo.jpeg", planning.MediaJPEG, "photo.jpeg"},
		{"photo.JPG", planning.MediaJPEG, "photo.JPG"},
		{"photo.png", planning.MediaJPEG, "photo.png.jpg"},
		{"scan", planning.MediaPNG, "scan.png"},
		// The right-to-left override would show "invoice\u202Efdp.exe" as
		// "invoiceexe.pdf".
		{"invoice\u202Egpj.exe", planning.MediaJPEG, "invoicegpj.exe.jpg"},
		{"a\x00b\r\nc.pdf", planning.MediaPDF, "ab c.pdf"},
		{`what?"*:<>|.pdf`, planning.MediaPDF, "what_______.pdf"},
		{"  ..hidden.pdf  ", planning.MediaPDF, "hidden.pdf"},
		{"trailing. . .pdf", planning.MediaPDF, "trailing.pdf"},
		{"many     spaces\t\tand tabs.pdf", planning.MediaPDF, "many spaces and tabs.pdf"},
		{"", planning.MediaPDF, "document.pdf"},
		{".pdf", planning.MediaPDF, "document.pdf"},
		{"\xff\xfe.pdf", planning.MediaPDF, "document.pdf"},
		{"Cynllun lleoliad – Tŷ.pdf", planning.MediaPDF, "Cynllun lleoliad – Tŷ.pdf"},
		{strings.Repeat("é", 300) + ".pdf", planning.MediaPDF, strings.Repeat("é", 100) + ".pdf"},
	} {
		got := planning.SanitiseFileName(tc.name, tc.m)
		if got != tc.want {
			t.Errorf("SanitiseFileName(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if again := planning.SanitiseFileName(got, tc.m); again != got {
			t.Errorf("SanitiseFileName is not idempotent: %q then %q", got, again)
		}
	}
}

// NewDocumentFile reports every problem at once, the file's under "file"
// with its own code.
func TestNewDocumentFile(t *testing.T) {
	at := time.Date(2025, 6, 2, 10, 0, 0, 0, time.FixedZone("BST", 3600))
	content := planningtest.SamplePNG()
	f, err := planning.NewDocumentFile(planning.DocumentUpload{ID: "d1", ApplicationID: "a1", Type: planning.DocElevationsProposed,
		Name: "front.png", Content: content, Uploaded: at, UploadedBy: events.Actor{Kind: events.ActorResident}}, planning.DocumentLimits{})
	if err != nil {
		t.Fatal(err)
	}
	if f.MediaType != planning.MediaPNG || f.Size != int64(len(content)) || len(f.SHA256) != 64 || f.Name != "front.png" ||
		!f.Uploaded.Equal(at) || f.Uploaded.Location() != time.UTC {
		t.Errorf("file = %+v", *f)
	}
	// The digest of the smallest PDF, as sha256sum prints it.
	tiny, err := planning.NewDocumentFile(planning.DocumentUpload{ID: "d0", ApplicationID: "a1", Type: planning.DocLocationPlan,
		Name: "tiny.pdf", Content: []byte("%PDF-1.0\n%%EOF\n"), Uploaded: at}, planning.DocumentLimits{})
	if err != nil || tiny.SHA256 != "3da1485708bd35d8dc97c8f20a555bd475d019710f9b488adcbd4288b28a646d" || tiny.Size != 15 {
		t.Errorf("tiny PDF = %+v, %v", tiny, err)
	}
	g, _ := planning.NewDocumentFile(planning.DocumentUpload{ID: "d2", ApplicationID: "a1", Type: planning.DocElevationsProposed,
		Content: planningtest.SampleJPEG(), Uploaded: at}, planning.DocumentLimits{})
	if g.SHA256 == f.SHA256 || g.Name != "document.jpg" {
		t.Errorf("second file %+v", *g)
	}
	_, err = planning.NewDocumentFile(planning.DocumentUpload{Type: "passport", Name: "x.exe", Content: []byte("MZ")}, planning.DocumentLimits{})
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for _, p := range []struct {
		field string
		code  councilkit.Code
	}{{"id", councilkit.CodeRequired}, {"application_id", councilkit.CodeRequired}, {"type", councilkit.CodeInvalidChoice},
		{"uploaded", councilkit.CodeRequired}, {"file", planning.CodeDocumentType}} {
		if !ve.Has(p.field, p.code) {
			t.Errorf("no %s problem at %s: %v", p.code, p.field, ve)
		}
	}
	_, err = planning.NewDocumentFile(planning.DocumentUpload{ID: "d", ApplicationID: "a", Content: content, Uploaded: at}, planning.DocumentLimits{})
	if !errors.As(err, &ve) || !ve.Has("type", councilkit.CodeRequired) || ve.Field("type")[0].Message.English != "Select what the file shows" {
		t.Errorf("no type: %v", err)
	}
}

// A document file logs and prints without its name, which may name a
// person.
func TestDocumentFileRedacted(t *testing.T) {
	f, _ := planningtest.NewDocumentFile(planningtest.Lambeth, "d1", "a1")
	f.Name = "Jane Smith objection.pdf"
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("stored", "file", f)
	for _, s := range []string{b.String(), f.String(), fmt.Sprint(f), fmt.Sprintf("%v", f)} {
		if strings.Contains(s, "Jane") {
			t.Errorf("the name leaks: %s", s)
		}
		if !strings.Contains(s, "d1") {
			t.Errorf("the ID is missing: %s", s)
		}
	}
}

func TestMediaTypeEnum(t *testing.T) {
	for m, want := range map[planning.MediaType]string{planning.MediaPDF: ".pdf", planning.MediaJPEG: ".jpg", planning.MediaPNG: ".png", planning.MediaUnknown: ""} {
		if got := m.Extension(); got != want {
			t.Errorf("%v.Extension() = %q, want %q", m, got, want)
		}
	}
}
