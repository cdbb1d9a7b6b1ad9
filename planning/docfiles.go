package planning

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/enum"
)

// MediaType is the format of a document file, found from its content
// (SniffMediaType), never from the name or the Content-Type a browser gave
// it. The formats are the ones the back-office systems councils send
// applications to accept: PDF, JPEG and PNG (BOPS, unboxed/bops
// app/models/document.rb, PERMITTED_CONTENT_TYPES). TIFF, which some
// councils still list for scanned drawings, is not accepted: browsers do
// not show it and scanners save PDF too.
//
// The zero MediaType is MediaUnknown: content in none of these formats. The
// list is append-only.
type MediaType uint8

// Media types.
const (
	MediaUnknown MediaType = iota // "unknown": not a format a DocumentStore accepts
	MediaPDF                      // "application/pdf"
	MediaJPEG                     // "image/jpeg"
	MediaPNG                      // "image/png"
)

var mediaNames = [...]string{"unknown", "application/pdf", "image/jpeg", "image/png"}

// String returns the IANA media type, such as "application/pdf", or
// "unknown".
func (m MediaType) String() string { return enum.Name(mediaNames[:], m, "MediaType") }

// MarshalText returns the name String gives; an undefined value is an
// error.
func (m MediaType) MarshalText() ([]byte, error) {
	return enum.Marshal(mediaNames[:], m, "planning", "MediaType")
}

// UnmarshalText reads a name String gives.
func (m *MediaType) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[MediaType](mediaNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "media type", string(b))
	}
	*m = v
	return nil
}

// Extension returns the file name extension files of the type are saved
// with (".pdf", ".jpg", ".png"), or "" for MediaUnknown.
func (m MediaType) Extension() string {
	switch m {
	case MediaPDF:
		return ".pdf"
	case MediaJPEG:
		return ".jpg"
	case MediaPNG:
		return ".png"
	}
	return ""
}

// extensionFits reports whether ext (lower case, with its dot) is one a
// file of type m may have.
func (m MediaType) extensionFits(ext string) bool {
	switch m {
	case MediaPDF:
		return ext == ".pdf"
	case MediaJPEG:
		return ext == ".jpg" || ext == ".jpeg"
	case MediaPNG:
		return ext == ".png"
	}
	return false
}

// Signatures that open each format: a PDF file's header (ISO 32000-1:2008
// 7.5.2, "%PDF-" and the version), a JPEG file's start-of-image marker and
// the first byte of the next marker (ITU-T T.81, B.1.1.3), and a PNG file's
// eight-byte signature (ISO/IEC 15948, 5.2).
var (
	sigPDF  = []byte("%PDF-")
	sigJPEG = []byte{0xFF, 0xD8, 0xFF}
	sigPNG  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
)

// SniffMediaType returns the format content starts with, or MediaUnknown.
// It looks only at the first bytes: a PDF must start with its header (a
// PDF reader may find one later in the first kilobyte, but nothing that
// makes PDFs puts anything before it, and a file that does is more likely
// something else wearing a PDF's name).
func SniffMediaType(content []byte) MediaType {
	switch {
	case bytes.HasPrefix(content, sigPDF):
		return MediaPDF
	case bytes.HasPrefix(content, sigJPEG):
		return MediaJPEG
	case bytes.HasPrefix(content, sigPNG):
		return MediaPNG
	}
	return MediaUnknown
}

// DefaultMaxDocumentBytes is the largest document file accepted unless
// DocumentLimits says otherwise: 10MB, the Planning Portal's limit for each
// supporting document since September 2019
// (https://blog.planningportal.co.uk/2019/11/27/three-tips-for-working-with-the-10mb-attachment-limit/).
// Councils' own guidance asks for files of 5MB to 15MB at most.
const DefaultMaxDocumentBytes = 10 << 20

// DocumentLimits are a council's limits on document files. The zero value
// is the defaults.
type DocumentLimits struct {
	// MaxBytes is the size of the largest file accepted, in bytes; zero
	// or less means DefaultMaxDocumentBytes.
	MaxBytes int64
}

// Max returns the largest size accepted, in bytes.
func (l DocumentLimits) Max() int64 {
	if l.MaxBytes <= 0 {
		return DefaultMaxDocumentBytes
	}
	return l.MaxBytes
}

// Errors CheckDocumentContent returns, each in a *DocumentError.
var (
	// ErrDocumentEmpty: the file has no content.
	ErrDocumentEmpty = errors.New("planning: document file is empty")
	// ErrDocumentTooLarge: the file is larger than the limit.
	ErrDocumentTooLarge = errors.New("planning: document file is too large")
	// ErrDocumentType: the file is not a PDF, JPEG or PNG.
	ErrDocumentType = errors.New("planning: document file is not a PDF, JPEG or PNG")
	// ErrDocumentActiveContent: the PDF holds scripts, launch actions,
	// attached files or other active content, or hides its objects where
	// they cannot be checked.
	ErrDocumentActiveContent = errors.New("planning: PDF has active content")
)

// Codes of the problems a document file can have, in a *DocumentError and
// in the *councilkit.ValidationError of NewDocumentFile (field "file").
const (
	CodeDocumentEmpty         councilkit.Code = "document_empty"
	CodeDocumentTooLarge      councilkit.Code = "document_too_large"
	CodeDocumentType          councilkit.Code = "document_type"
	CodeDocumentActiveContent councilkit.Code = "document_active_content"
)

// DocumentError says why a document file was refused. Every error
// CheckDocumentContent returns is one, and it matches exactly one of
// ErrDocumentEmpty, ErrDocumentTooLarge, ErrDocumentType and
// ErrDocumentActiveContent with errors.Is. Neither Reason nor Message
// repeats the file's name or content.
type DocumentError struct {
	// Err is the sentinel, such as ErrDocumentTooLarge.
	Err error
	// Reason says, in English, for developers and logs, what was found:
	// "4 bytes", "/JavaScript".
	Reason string
	// Code and Message describe the problem for the form's file field, in
	// the GOV.UK Design System's words for a file upload's errors.
	Code    councilkit.Code
	Message councilkit.Text
}

// Error returns the sentinel's text and the reason.
func (e *DocumentError) Error() string { return e.Err.Error() + ": " + e.Reason }

// Unwrap returns the sentinel.
func (e *DocumentError) Unwrap() error { return e.Err }

// Problem returns the problem to report for the form's field.
func (e *DocumentError) Problem(field string) councilkit.Problem {
	return councilkit.Problem{Field: field, Code: e.Code, Message: e.Message}
}

// CheckDocumentContent returns the format of a document file's content, or
// a *DocumentError if it is empty, larger than the limit, not a PDF, JPEG
// or PNG (by its content, whatever it is called), or a PDF with active
// content: JavaScript, a launch action, an attached (embedded) file, rich
// media (Flash or video), an XFA form, or an action that submits or
// imports form data (see pdfActiveNames). Such a PDF is refused, not
// flagged: the council's officers open these files, and an applicant can
// always print to a new PDF, which keeps the drawing and drops the rest.
//
// The check is a screen, not a PDF parser: it reads every name in the
// file, decoding #xx escapes, and inflates the object streams in which
// PDF 1.5 and later compress dictionaries. An object stream it cannot read
// (encrypted, or with a filter other than FlateDecode, or predictors, or
// inflating to more than 32MB) refuses the file too, since what it holds
// cannot be checked. A /OpenAction alone is accepted: most PDF makers set
// the page and zoom a file opens at with one; an open action that runs a
// script or a program names /JavaScript or /Launch and is refused for
// that. The defence that does not depend on the screen is how files are
// served: never inline, always as downloads (see DocumentFile).
func CheckDocumentContent(content []byte, l DocumentLimits) (MediaType, error) {
	if len(content) == 0 {
		return MediaUnknown, &DocumentError{Err: ErrDocumentEmpty, Reason: "0 bytes", Code: CodeDocumentEmpty, Message: text("document.file.empty")}
	}
	if max := l.Max(); int64(len(content)) > max {
		return MediaUnknown, &DocumentError{Err: ErrDocumentTooLarge, Reason: strconv.Itoa(len(content)) + " bytes",
			Code: CodeDocumentTooLarge, Message: text("document.file.too_large", "max", FormatFileSize(max))}
	}
	m := SniffMediaType(content)
	if m == MediaUnknown {
		return MediaUnknown, &DocumentError{Err: ErrDocumentType, Reason: "content is not a PDF, JPEG or PNG",
			Code: CodeDocumentType, Message: text("document.file.type")}
	}
	if m == MediaPDF {
		if found := pdfActiveContent(content); found != "" {
			return MediaUnknown, &DocumentError{Err: ErrDocumentActiveContent, Reason: found,
				Code: CodeDocumentActiveContent, Message: text("document.file.active")}
		}
	}
	return m, nil
}

// FormatFileSize writes a size in bytes as the GOV.UK style writes file
// sizes, rounded down so that a limit is never overstated: "10MB", "2.5MB",
// "500KB", "12 bytes" (the same in Welsh).
func FormatFileSize(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n >= mb:
		tenths := n * 10 / mb
		if tenths%10 == 0 {
			return strconv.FormatInt(tenths/10, 10) + "MB"
		}
		return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + "MB"
	case n >= kb:
		return strconv.FormatInt(n/kb, 10) + "KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// maxFileNameRunes bounds a file's name, before its extension.
const maxFileNameRunes = 100

// SanitiseFileName returns a file's name as it may be stored and offered
// for download: the last element of a path (some browsers send the whole
// path), valid UTF-8, without control or formatting characters (among
// them the right-to-left override that makes "gpj.exe" read as
// "exe.jpg"), with the characters Windows forbids ("*:<>?|, quotes and
// slashes) as underscores, spaces collapsed, no leading or trailing dots or
// spaces, at most 100 characters before the extension, and an extension
// that fits the type: ".pdf" for a PDF, ".jpg" or ".jpeg" for a JPEG,
// ".png" for a PNG, added if the name has another ("plans.html" becomes
// "plans.html.pdf"). An empty result becomes "document" and the
// extension. A name may still hold personal data (a person's name): see
// DocumentFile.
func SanitiseFileName(name string, m MediaType) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			continue
		case strings.ContainsRune(`"*:<>?|`, r):
			r = '_'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	name = strings.TrimRight(b.String(), ". ")
	ext := path.Ext(name)
	base := name
	if m.extensionFits(strings.ToLower(ext)) {
		base = name[:len(name)-len(ext)]
	} else {
		ext = m.Extension()
	}
	base = strings.Trim(base, ". ")
	if utf8.RuneCountInString(base) > maxFileNameRunes {
		runes := []rune(base)
		base = strings.TrimRight(string(runes[:maxFileNameRunes]), ". ")
	}
	if base == "" {
		base = "document"
	}
	return base + ext
}

// DocumentFile is a file supplied with a planning application (a plan, a
// drawing, a photograph, a statement), whose content is kept with it in a
// DocumentStore: its details are this record, its bytes are returned only
// by DocumentStore.Content. Make one with NewDocumentFile, which checks the
// content.
//
// A document file is never executed and never served inline: a portal
// offers it only as a download (Content-Disposition: attachment with Name,
// X-Content-Type-Options: nosniff, Content-Type the sniffed MediaType or
// application/octet-stream, and a sandboxing content security policy), so
// that a PDF's scripts or a disguised web page never run in the council's
// site.
//
// Name is the applicant's own file name and may name a person ("J Smith
// objection.pdf"): it is personal data, and LogValue and String leave it
// out.
type DocumentFile struct {
	// ID identifies the file; stores require it.
	ID      string             `json:"id"`
	Council councilkit.Council `json:"council"`
	// ApplicationID is the ID of the application the file was supplied
	// with (Application.ID). A file may be stored before its application
	// is submitted.
	ApplicationID string `json:"application_id"`
	// Type is what the file shows, in the schemas' FileType codes.
	Type DocumentType `json:"type"`
	// Name is the file's name, as SanitiseFileName leaves it.
	Name string `json:"name"`
	// MediaType is the file's format, found from its content.
	MediaType MediaType `json:"media_type"`
	// Size is the content's length in bytes, and SHA256 its SHA-256
	// digest in lower-case hexadecimal.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Uploaded is when the file was received, and UploadedBy who sent it
	// (a resident is never identified: see events.Actor). A store takes a
	// zero UploadedBy from the context (events.ActorFrom).
	Uploaded   time.Time    `json:"uploaded"`
	UploadedBy events.Actor `json:"uploaded_by"`
}

// DocumentUpload is a file as it arrives, for NewDocumentFile.
type DocumentUpload struct {
	// ID is the new file's ID; required.
	ID string
	// ApplicationID is the application the file is for; required.
	ApplicationID string
	// Type is what the file shows; required, one of the schemas' FileType
	// codes.
	Type DocumentType
	// Name is the name the browser gave the file, as it gave it.
	Name string
	// Content is the file.
	Content []byte
	// Uploaded is when the file arrived; required. UploadedBy is who sent
	// it.
	Uploaded   time.Time
	UploadedBy events.Actor
}

// NewDocumentFile checks an upload and returns the DocumentFile to store
// with its content: its format found from the content, its name
// sanitised, its size and digest. It returns a *councilkit.ValidationError
// listing every problem at once: "id", "application_id" and "uploaded"
// required, "type" required or not a FileType code, and "file" with the
// code and message of CheckDocumentContent's *DocumentError (empty, too
// large for l, not a PDF, JPEG or PNG, or active content).
func NewDocumentFile(u DocumentUpload, l DocumentLimits) (*DocumentFile, error) {
	var ps councilkit.Problems
	if u.ID == "" {
		ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if u.ApplicationID == "" {
		ps.Add("application_id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	switch {
	case u.Type == "":
		ps.Add("type", councilkit.CodeRequired, text("document.type.required"))
	case !u.Type.known():
		ps.Add("type", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	if u.Uploaded.IsZero() {
		ps.Add("uploaded", councilkit.CodeRequired, councilkit.RequiredText())
	}
	m, err := CheckDocumentContent(u.Content, l)
	var de *DocumentError
	if errors.As(err, &de) {
		ps.AddProblem(de.Problem("file"))
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(u.Content)
	return &DocumentFile{
		ID:            u.ID,
		ApplicationID: u.ApplicationID,
		Type:          u.Type,
		Name:          SanitiseFileName(u.Name, m),
		MediaType:     m,
		Size:          int64(len(u.Content)),
		SHA256:        hex.EncodeToString(sum[:]),
		Uploaded:      u.Uploaded.UTC(),
		UploadedBy:    u.UploadedBy,
	}, nil
}

// Clone returns a copy of f.
func (f *DocumentFile) Clone() *DocumentFile {
	if f == nil {
		return nil
	}
	c := *f
	return &c
}

// LogValue implements slog.LogValuer: identifiers, type, format and size,
// never the name.
func (f *DocumentFile) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", f.ID),
		slog.String("council", f.Council.String()),
		slog.String("application", f.ApplicationID),
		slog.String("type", string(f.Type)),
		slog.String("media_type", f.MediaType.String()),
		slog.Int64("size", f.Size),
	)
}

// String describes the file without its name.
func (f *DocumentFile) String() string {
	return fmt.Sprintf("planning.DocumentFile{ID: %q, ApplicationID: %q, Type: %q, MediaType: %s, Size: %d}",
		f.ID, f.ApplicationID, f.Type, f.MediaType, f.Size)
}

// CheckDocumentStorable is for DocumentStore implementations: it returns
// the error a store must return before storing f with content for council
// c: ErrNoCouncil for the zero c; a *councilkit.ValidationError for a nil
// f, a missing ID, application ID, upload time or name, a type that is not
// a FileType code, a name SanitiseFileName would change, or content that
// is not what f says (its length, digest or sniffed format); and
// ErrNotFound when f.Council is set and is not c. A store then stores f
// with its Council set to c. It does not apply a size limit (that is
// NewDocumentFile's, with the council's DocumentLimits) nor repeat the
// check for active content.
func CheckDocumentStorable(c councilkit.Council, f *DocumentFile, content []byte) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	var ps councilkit.Problems
	if f == nil {
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if f.ID == "" {
		ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if f.ApplicationID == "" {
		ps.Add("application_id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if !f.Type.known() {
		ps.Add("type", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	if f.Uploaded.IsZero() {
		ps.Add("uploaded", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if f.Name == "" || SanitiseFileName(f.Name, f.MediaType) != f.Name {
		ps.Add("name", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	sum := sha256.Sum256(content)
	if f.MediaType == MediaUnknown || SniffMediaType(content) != f.MediaType || f.Size != int64(len(content)) ||
		f.SHA256 != hex.EncodeToString(sum[:]) {
		ps.Add("file", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if !f.Council.IsZero() && f.Council != c {
		return fmt.Errorf("%w: the document belongs to another council", ErrNotFound)
	}
	return nil
}
