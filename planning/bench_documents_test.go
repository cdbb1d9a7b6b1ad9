package planning_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// BenchmarkCheckDocumentContent checks a PDF of nearly the default
// limit, 10MB, most of it a compressed image (random bytes, as compressed
// data looks): the whole file is read for names, once per upload.
func BenchmarkCheckDocumentContent(b *testing.B) {
	img := make([]byte, planning.DefaultMaxDocumentBytes-4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img {
		img[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%%PDF-1.7\n1 0 obj\n<< /Type /XObject /Subtype /Image /Width 3000 /Height 2000 /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n", len(img))
	buf.Write(img)
	buf.WriteString("\nendstream\nendobj\n%%EOF\n")
	pdf := buf.Bytes()
	if _, err := planning.CheckDocumentContent(pdf, planning.DocumentLimits{}); err != nil {
		b.Skipf("the random image holds a name the check refuses: %v", err)
	}
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := planning.CheckDocumentContent(pdf, planning.DocumentLimits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckDocumentContentObjectStreams checks a PDF whose
// dictionaries are compressed in object streams, which are inflated and
// read too.
func BenchmarkCheckDocumentContentObjectStreams(b *testing.B) {
	var body bytes.Buffer
	for i := range 2000 {
		fmt.Fprintf(&body, "%d 0 << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>\n", i+10, i+5000)
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	_, _ = w.Write(body.Bytes())
	_ = w.Close()
	var pdf bytes.Buffer
	pdf.WriteString("%PDF-1.7\n")
	for i := range 20 {
		fmt.Fprintf(&pdf, "%d 0 obj\n<< /Type /ObjStm /N 2000 /First 10 /Filter /FlateDecode /Length %d >>\nstream\n", i+3, z.Len())
		pdf.Write(z.Bytes())
		pdf.WriteString("\nendstream\nendobj\n")
	}
	pdf.WriteString("%%EOF\n")
	b.SetBytes(int64(pdf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := planning.CheckDocumentContent(pdf.Bytes(), planning.DocumentLimits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewDocumentFile adds the digest and the name to the check.
func BenchmarkNewDocumentFile(b *testing.B) {
	pdf := planningtest.SamplePDF("Site plan", 1<<20)
	u := planning.DocumentUpload{ID: "d1", ApplicationID: "a1", Type: planning.DocSitePlanProposed, Name: "site plan.pdf",
		Content: pdf, Uploaded: time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)}
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := planning.NewDocumentFile(u, planning.DocumentLimits{}); err != nil {
			b.Fatal(err)
		}
	}
}
