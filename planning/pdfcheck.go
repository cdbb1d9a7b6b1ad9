package planning

import (
	"bytes"
	"compress/zlib"
	"io"
)

// pdfActiveNames are the PDF names whose presence refuses a file, each
// with where ISO 32000-1:2008 (PDF 1.7) defines it:
//
//   - JavaScript: a JavaScript action's type (12.6.4.16) and the name tree
//     of document-level scripts (7.7.4);
//   - Launch: an action that starts an application or opens a file
//     (12.6.4.5);
//   - EmbeddedFile, EmbeddedFiles: files carried inside the PDF (7.11.4,
//     7.7.4);
//   - RichMedia: Flash and video (Adobe's extension level 3);
//   - XFA: an XML Forms Architecture form, which carries scripts (12.7.8);
//   - SubmitForm, ImportData: actions that send a form's data to an
//     address or load data from a file (12.7.5.2, 12.7.5.4).
//
// The /JS key of a JavaScript action is not listed: every JavaScript
// action also names /JavaScript as its type, and three bytes "/JS" turn up
// by chance in a few percent of large compressed files.
var pdfActiveNames = map[string]bool{
	"JavaScript": true, "Launch": true, "EmbeddedFile": true, "EmbeddedFiles": true,
	"RichMedia": true, "XFA": true, "SubmitForm": true, "ImportData": true,
}

// maxPDFInflate bounds the bytes pdfActiveContent inflates from one file's
// object streams, so that a small file that inflates to gigabytes (a
// "zip bomb") costs no more than this to check; a file that needs more is
// refused.
const maxPDFInflate = 32 << 20

// pdfActiveContent returns the first active name (see pdfActiveNames)
// found in a PDF, or a short reason when an object stream cannot be
// checked, or "" when the file passes.
func pdfActiveContent(b []byte) string {
	var sc nameScanner
	_, _ = sc.Write(b)
	sc.end()
	if sc.found != "" {
		return "/" + sc.found
	}
	budget := int64(maxPDFInflate)
	for _, at := range sc.objStms {
		reason := checkObjectStream(b, at, &budget)
		if reason != "" {
			return reason
		}
	}
	return ""
}

// checkObjectStream inflates and scans the object stream whose dictionary
// named /ObjStm at offset at, spending budget.
func checkObjectStream(b []byte, at int, budget *int64) string {
	// The dictionary runs from the start of its object ("N G obj") to the
	// keyword "stream"; its names tell the stream's filters.
	start := bytes.LastIndex(b[:at], []byte("obj"))
	if start < 0 {
		start = 0
	}
	rel := bytes.Index(b[at:], []byte("stream"))
	if rel < 0 {
		return "" // no data: nothing hidden
	}
	kw := at + rel
	var dict nameScanner
	dict.collect = true
	_, _ = dict.Write(b[start:kw])
	dict.end()
	filtered, flates := false, 0
	for _, n := range dict.names {
		switch n {
		case "Filter":
			filtered = true
		case "FlateDecode":
			flates++
		case "DecodeParms", "ASCIIHexDecode", "ASCII85Decode", "LZWDecode", "RunLengthDecode", "Crypt":
			return "object stream with " + n
		}
	}
	if !filtered {
		return "" // not compressed: its bytes were scanned with the rest
	}
	switch {
	case flates == 0:
		return "object stream with an unknown filter"
	case flates > 1:
		// Inflated once, it would still be compressed.
		return "object stream compressed twice"
	}
	data := b[kw+len("stream"):]
	switch {
	case bytes.HasPrefix(data, []byte("\r\n")):
		data = data[2:]
	case len(data) > 0 && (data[0] == '\n' || data[0] == '\r'):
		data = data[1:]
	}
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return "object stream that does not inflate"
	}
	var sc nameScanner
	n, err := io.Copy(&sc, io.LimitReader(zr, *budget+1))
	*budget -= n
	sc.end()
	switch {
	case sc.found != "":
		return "/" + sc.found + " in an object stream"
	case *budget < 0:
		return "object streams inflate to more than 32MB"
	case err != nil:
		return "object stream that does not inflate"
	}
	// A stream truncated before its end (no checksum) fails on the read
	// above; a complete one has been scanned whole.
	return ""
}

// nameScanner finds PDF name objects ("/Type", "/J#61vaScript") in bytes
// written to it in any number of pieces, decoding #xx escapes (ISO
// 32000-1 7.3.5). It notes the first active name (pdfActiveNames), and the
// offset of every /ObjStm name, after which the object stream's data
// follows. With collect set it keeps every short name it sees.
type nameScanner struct {
	collect bool
	names   []string
	found   string
	objStms []int

	off    int      // bytes written so far
	state  uint8    // scanOutside, scanName, scanHash1, scanHash2
	name   [32]byte // the name so far, decoded
	n      int      // its length; more than len(name) means too long to matter
	hexHi  byte     // the first digit of an escape
	nameAt int      // offset of the name's "/"
}

const (
	scanOutside = iota
	scanName
	scanHash1
	scanHash2
)

// pdfDelimiter reports whether c ends a name: white space (ISO 32000-1
// Table 1) or a delimiter (Table 2).
func pdfDelimiter(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (s *nameScanner) add(c byte) {
	if s.n < len(s.name) {
		s.name[s.n] = c
	}
	s.n++
}

// Write scans p; it never fails.
func (s *nameScanner) Write(p []byte) (int, error) {
	for i := 0; i < len(p); i++ {
		if s.state == scanOutside {
			// Outside a name only a "/" matters: skip to the next.
			j := bytes.IndexByte(p[i:], '/')
			if j < 0 {
				break
			}
			i += j
			s.state, s.n, s.nameAt = scanName, 0, s.off+i
			continue
		}
		c := p[i]
		switch s.state {
		case scanHash1:
			if h, ok := unhex(c); ok {
				s.hexHi, s.state = h, scanHash2
				continue
			}
			// Not an escape: the '#' stands for itself.
			s.add('#')
			s.state = scanName
		case scanHash2:
			if l, ok := unhex(c); ok {
				s.add(s.hexHi<<4 | l)
				s.state = scanName
				continue
			}
			s.add('#')
			s.add("0123456789ABCDEF"[s.hexHi])
			s.state = scanName
		}
		switch {
		case c == '#':
			s.state = scanHash1
		case !pdfDelimiter(c):
			s.add(c)
		default:
			s.finish()
			if c == '/' {
				s.state, s.n, s.nameAt = scanName, 0, s.off+i
			}
		}
	}
	s.off += len(p)
	return len(p), nil
}

// end finishes a name the input ended in.
func (s *nameScanner) end() {
	switch s.state {
	case scanHash1:
		s.add('#')
	case scanHash2:
		s.add('#')
		s.add("0123456789ABCDEF"[s.hexHi])
	}
	if s.state != scanOutside {
		s.finish()
	}
}

func (s *nameScanner) finish() {
	s.state = scanOutside
	if s.n > len(s.name) {
		return
	}
	name := s.name[:s.n]
	if s.found == "" && pdfActiveNames[string(name)] {
		s.found = string(name)
	}
	if string(name) == "ObjStm" {
		s.objStms = append(s.objStms, s.nameAt)
	}
	if s.collect {
		s.names = append(s.names, string(name))
	}
}
