package planningtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/planning"
)

// SamplePDF returns a small, valid, one-page PDF with no active content,
// whose page shows text, padded with comments (which a PDF reader
// ignores) to exactly size bytes when size is larger than the PDF.
func SamplePDF(text string, size int) []byte {
	pdf := samplePDF(text, 0)
	if len(pdf) < size {
		// The padding moves the cross-reference table, whose offset may
		// take another digit: adjust until the length is exact.
		for pad := size - len(pdf); len(pdf) != size && pad > 0; pad += size - len(pdf) {
			pdf = samplePDF(text, pad)
		}
	}
	return pdf
}

func samplePDF(text string, pad int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	stream := "BT /F1 24 Tf 72 720 Td (" + strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(text) + ") Tj ET"
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for pad > 0 {
		n := min(pad, 76)
		if n < 2 {
			b.WriteString("\n")
		} else {
			b.WriteString("%" + strings.Repeat("x", n-2) + "\n")
		}
		pad -= n
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// SamplePNG returns a small PNG image.
func SamplePNG() []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, sampleImage()); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// SampleJPEG returns a small JPEG image.
func SampleJPEG() []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, sampleImage(), nil); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func sampleImage() image.Image {
	m := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for x := range 4 {
		m.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	return m
}

// DocumentUploaded is the time NewDocumentFile's files are uploaded.
var DocumentUploaded = time.Date(2025, 6, 2, 9, 45, 0, 0, time.UTC)

// NewDocumentFile returns a valid document file for council c, with the
// given ID, for application appID, uploaded by a resident at
// DocumentUploaded, with its content: a small PDF location plan named
// "Location plan.pdf".
func NewDocumentFile(c councilkit.Council, id, appID string) (*planning.DocumentFile, []byte) {
	content := SamplePDF("Location plan "+id, 0)
	f, err := planning.NewDocumentFile(planning.DocumentUpload{
		ID: id, ApplicationID: appID, Type: planning.DocLocationPlan, Name: "Location plan.pdf",
		Content: content, Uploaded: DocumentUploaded, UploadedBy: events.Actor{Kind: events.ActorResident},
	}, planning.DocumentLimits{})
	if err != nil {
		panic(err)
	}
	f.Council = c
	return f, content
}

// RunDocumentStoreTests runs the conformance suite for DocumentStore
// against stores made by newStore, which must return a fresh, empty store
// on each call. The subtests are named as in RunStoreTests.
func RunDocumentStoreTests(t *testing.T, newStore func(t *testing.T) planning.DocumentStore) {
	ctx := context.Background()

	t.Run("CreateGet", func(t *testing.T) {
		s := newStore(t)
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		if err := s.Create(ctx, Lambeth, f, content); err != nil {
			t.Fatalf("Create: %v", err)
		}
		got, err := s.Get(ctx, Lambeth, "d1")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !reflect.DeepEqual(normaliseFile(got), normaliseFile(f)) {
			t.Errorf("Get returned\n%+v\nwant\n%+v", *got, *f)
		}
		meta, data, err := s.Content(ctx, Lambeth, "d1")
		if err != nil || !bytes.Equal(data, content) || !reflect.DeepEqual(normaliseFile(meta), normaliseFile(f)) {
			t.Errorf("Content = %v, %d bytes (equal %v), %v", meta, len(data), bytes.Equal(data, content), err)
		}
		// A file without a council or an uploader is stored for the
		// council of the call and the actor of the context.
		g, gc := NewDocumentFile(councilkit.Council{}, "d2", "a1")
		g.UploadedBy = events.Actor{}
		officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
		if err := s.Create(events.WithActor(ctx, officer), Lambeth, g, gc); err != nil {
			t.Fatalf("Create without a Council field: %v", err)
		}
		if got, err := s.Get(ctx, Lambeth, "d2"); err != nil || got.Council != Lambeth || got.UploadedBy != officer || g.Council != Lambeth {
			t.Errorf("file created without a council or uploader: %+v, %v; caller's copy %v", got, err, g.Council)
		}
		// Every format and byte survives, a PNG's and a JPEG's included.
		for i, data := range [][]byte{SamplePNG(), SampleJPEG()} {
			id := fmt.Sprintf("img%d", i)
			f, err := planning.NewDocumentFile(planning.DocumentUpload{ID: id, ApplicationID: "a1", Type: planning.DocumentType("photographs.existing"),
				Name: "photo", Content: data, Uploaded: DocumentUploaded}, planning.DocumentLimits{})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Create(ctx, Lambeth, f, data); err != nil {
				t.Fatal(err)
			}
			if m, got, err := s.Content(ctx, Lambeth, id); err != nil || !bytes.Equal(got, data) || m.MediaType != f.MediaType {
				t.Errorf("%s: %v %v, equal %v", id, m, err, bytes.Equal(got, data))
			}
		}
	})

	t.Run("LargeContent", func(t *testing.T) {
		s := newStore(t)
		content := SamplePDF("large", planning.DefaultMaxDocumentBytes)
		f, err := planning.NewDocumentFile(planning.DocumentUpload{ID: "big", ApplicationID: "a1", Type: planning.DocSitePlanProposed,
			Name: "site.pdf", Content: content, Uploaded: DocumentUploaded}, planning.DocumentLimits{MaxBytes: int64(len(content))})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, Lambeth, f, content); err != nil {
			t.Fatalf("Create of %d bytes: %v", len(content), err)
		}
		_, got, err := s.Content(ctx, Lambeth, "big")
		if err != nil || !bytes.Equal(got, content) {
			t.Errorf("Content of %d bytes: %d bytes back, equal %v, %v", len(content), len(got), bytes.Equal(got, content), err)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s := newStore(t)
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		if err := s.Create(ctx, Lambeth, f, content); err != nil {
			t.Fatal(err)
		}
		first := content[0]
		content[0] = 'X'
		f.Name = "changed after Create.pdf"
		got, _ := s.Get(ctx, Lambeth, "d1")
		got.Name = "changed after Get.pdf"
		_, data, _ := s.Content(ctx, Lambeth, "d1")
		data[1] = 'X'
		list, _ := s.List(ctx, Lambeth, planning.DocumentFilter{})
		list[0].Name = "changed after List.pdf"
		again, data, err := s.Content(ctx, Lambeth, "d1")
		if err != nil || again.Name != "Location plan.pdf" || data[0] != first || data[1] != 'P' {
			t.Errorf("store shares memory with callers: %v, name %q, content %q", err, again.Name, data[:4])
		}
	})

	t.Run("CouncilIsolation", func(t *testing.T) {
		s := newStore(t)
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		if err := s.Create(ctx, Lambeth, f, content); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, Camden, "d1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Get with another council: %v", err)
		}
		if _, data, err := s.Content(ctx, Camden, "d1"); !errors.Is(err, planning.ErrNotFound) || data != nil {
			t.Errorf("Content with another council: %d bytes, %v", len(data), err)
		}
		if list, err := s.List(ctx, Camden, planning.DocumentFilter{}); err != nil || len(list) != 0 {
			t.Errorf("List for another council = %d, %v", len(list), err)
		}
		if list, err := s.List(ctx, Camden, planning.DocumentFilter{ApplicationID: "a1"}); err != nil || len(list) != 0 {
			t.Errorf("List of the application for another council = %d, %v", len(list), err)
		}
		if err := s.Delete(ctx, Camden, "d1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Delete with another council: %v", err)
		}
		if _, err := s.Get(ctx, Lambeth, "d1"); err != nil {
			t.Errorf("Lambeth's file after Camden's Delete: %v", err)
		}
		theirs, tc := NewDocumentFile(Camden, "c1", "a1")
		if err := s.Create(ctx, Lambeth, theirs, tc); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Create through Lambeth of a file naming Camden: %v", err)
		}
		if _, err := s.Get(ctx, Lambeth, "c1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("a refused Create stored the file: %v", err)
		}
		// The same ID may exist in another council, with other content.
		other, oc := NewDocumentFile(Camden, "d1", "a1")
		if err := s.Create(ctx, Camden, other, oc); err != nil {
			t.Errorf("same ID in another council: %v", err)
		}
		if _, data, err := s.Content(ctx, Lambeth, "d1"); err != nil || !bytes.Equal(data, content) {
			t.Errorf("Lambeth's content after Camden's file of the same ID: %v", err)
		}
	})

	t.Run("NoCouncil", func(t *testing.T) {
		s := newStore(t)
		var zero councilkit.Council
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		if err := s.Create(ctx, Lambeth, f, content); err != nil {
			t.Fatal(err)
		}
		z, zc := NewDocumentFile(zero, "z1", "a1")
		if err := s.Create(ctx, zero, z, zc); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Create: %v", err)
		}
		if _, err := s.Get(ctx, zero, "d1"); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Get: %v", err)
		}
		if _, _, err := s.Content(ctx, zero, "d1"); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Content: %v", err)
		}
		if _, err := s.List(ctx, zero, planning.DocumentFilter{}); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("List: %v", err)
		}
		if err := s.Delete(ctx, zero, "d1"); !errors.Is(err, planning.ErrNoCouncil) {
			t.Errorf("Delete: %v", err)
		}
	})

	t.Run("Duplicates", func(t *testing.T) {
		s := newStore(t)
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		if err := s.Create(ctx, Lambeth, f, content); err != nil {
			t.Fatal(err)
		}
		again, ac := NewDocumentFile(Lambeth, "d1", "a2")
		if err := s.Create(ctx, Lambeth, again, ac); !errors.Is(err, planning.ErrDuplicate) {
			t.Errorf("duplicate ID: %v", err)
		}
		if got, _ := s.Get(ctx, Lambeth, "d1"); got == nil || got.ApplicationID != "a1" {
			t.Errorf("a refused duplicate replaced the file: %+v", got)
		}
	})

	t.Run("Invalid", func(t *testing.T) {
		s := newStore(t)
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		for _, tc := range []struct {
			name    string
			change  func(f *planning.DocumentFile)
			content []byte
		}{
			{"nil", nil, content},
			{"no ID", func(f *planning.DocumentFile) { f.ID = "" }, content},
			{"no application", func(f *planning.DocumentFile) { f.ApplicationID = "" }, content},
			{"unknown type", func(f *planning.DocumentFile) { f.Type = "passport" }, content},
			{"unsanitised name", func(f *planning.DocumentFile) { f.Name = "../../etc/passwd" }, content},
			{"no upload time", func(f *planning.DocumentFile) { f.Uploaded = time.Time{} }, content},
			{"other content", nil, SamplePDF("something else", 0)},
			{"wrong size", func(f *planning.DocumentFile) { f.Size++ }, content},
			{"wrong format", func(f *planning.DocumentFile) { f.MediaType = planning.MediaPNG }, content},
			{"not a document", nil, []byte("<html><script>alert(1)</script></html>")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				g := f.Clone()
				switch {
				case tc.name == "nil":
					g = nil
				case tc.change != nil:
					tc.change(g)
				}
				if err := s.Create(ctx, Lambeth, g, tc.content); !errors.Is(err, councilkit.ErrValidation) {
					t.Errorf("Create: %v, want a validation error", err)
				}
			})
		}
		if list, _ := s.List(ctx, Lambeth, planning.DocumentFilter{}); len(list) != 0 {
			t.Errorf("invalid files were stored: %d", len(list))
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(ctx, Lambeth, "missing"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Get: %v", err)
		}
		if _, _, err := s.Content(ctx, Lambeth, "missing"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Content: %v", err)
		}
		if err := s.Delete(ctx, Lambeth, "missing"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Delete: %v", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		for i := range 5 {
			app := "a1"
			if i%2 == 0 {
				app = "a2"
			}
			f, content := NewDocumentFile(Lambeth, fmt.Sprintf("d%d", i), app)
			f.Uploaded = f.Uploaded.Add(time.Duration(5-i) * time.Minute)
			if err := s.Create(ctx, Lambeth, f, content); err != nil {
				t.Fatal(err)
			}
		}
		tie, tc := NewDocumentFile(Lambeth, "d-tie", "a1")
		tie.Uploaded = tie.Uploaded.Add(time.Minute) // as d4
		other, oc := NewDocumentFile(Camden, "other", "a1")
		if err := s.Create(ctx, Lambeth, tie, tc); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, Camden, other, oc); err != nil {
			t.Fatal(err)
		}
		all, err := s.List(ctx, Lambeth, planning.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(fileIDs(all)), "[d-tie d4 d3 d2 d1 d0]"; got != want {
			t.Errorf("List = %s, want %s (oldest first, ties by ID)", got, want)
		}
		a1, _ := s.List(ctx, Lambeth, planning.DocumentFilter{ApplicationID: "a1"})
		if got, want := fmt.Sprint(fileIDs(a1)), "[d-tie d3 d1]"; got != want {
			t.Errorf("application a1's files = %s, want %s", got, want)
		}
		two, _ := s.List(ctx, Lambeth, planning.DocumentFilter{ApplicationID: "a2", Limit: 2})
		if got, want := fmt.Sprint(fileIDs(two)), "[d4 d2]"; got != want {
			t.Errorf("limit 2 = %s, want %s", got, want)
		}
		if none, _ := s.List(ctx, Lambeth, planning.DocumentFilter{ApplicationID: "a9"}); len(none) != 0 {
			t.Errorf("files of an application with none = %v", fileIDs(none))
		}
	})

	t.Run("Delete", func(t *testing.T) {
		s := newStore(t)
		for _, id := range []string{"d1", "d2"} {
			f, content := NewDocumentFile(Lambeth, id, "a1")
			if err := s.Create(ctx, Lambeth, f, content); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Delete(ctx, Lambeth, "d1"); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, _, err := s.Content(ctx, Lambeth, "d1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("Content after Delete: %v", err)
		}
		if err := s.Delete(ctx, Lambeth, "d1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("second Delete: %v", err)
		}
		if list, _ := s.List(ctx, Lambeth, planning.DocumentFilter{}); fmt.Sprint(fileIDs(list)) != "[d2]" {
			t.Errorf("after Delete, List = %v", fileIDs(list))
		}
		// A deleted ID may be used again.
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		if err := s.Create(ctx, Lambeth, f, content); err != nil {
			t.Errorf("Create after Delete: %v", err)
		}
	})

	t.Run("ConcurrentCreates", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for i := range 10 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				f, content := NewDocumentFile(Lambeth, fmt.Sprintf("d%d", i), "a1")
				if err := s.Create(ctx, Lambeth, f, content); err != nil {
					t.Error(err)
				}
			}()
			go func() {
				defer wg.Done()
				f, content := NewDocumentFile(Lambeth, "same", "a1")
				switch err := s.Create(ctx, Lambeth, f, content); {
				case err == nil:
					mu.Lock()
					wins++
					mu.Unlock()
				case !errors.Is(err, planning.ErrDuplicate):
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		list, err := s.List(ctx, Lambeth, planning.DocumentFilter{})
		if wins != 1 || err != nil || len(list) != 11 {
			t.Errorf("%d creates of one ID won, %d files listed (%v); want 1 and 11", wins, len(list), err)
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		s := newStore(t)
		c, cancel := context.WithCancel(ctx)
		cancel()
		f, content := NewDocumentFile(Lambeth, "d1", "a1")
		if err := s.Create(c, Lambeth, f, content); !errors.Is(err, context.Canceled) {
			t.Errorf("Create with a cancelled context: %v", err)
		}
		if _, err := s.Get(ctx, Lambeth, "d1"); !errors.Is(err, planning.ErrNotFound) {
			t.Errorf("a cancelled Create stored the file: %v", err)
		}
		if _, _, err := s.Content(c, Lambeth, "d1"); !errors.Is(err, context.Canceled) {
			t.Errorf("Content with a cancelled context: %v", err)
		}
	})
}

func normaliseFile(f *planning.DocumentFile) *planning.DocumentFile {
	c := f.Clone()
	c.Uploaded = c.Uploaded.UTC()
	return c
}

func fileIDs(fs []*planning.DocumentFile) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}
