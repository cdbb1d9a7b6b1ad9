package planning

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// DocumentStore keeps document files and their content. The council the
// caller acts for is the second argument of every method, and a store
// never returns, lists or deletes one council's file for another: a
// lookup with the wrong council returns ErrNotFound, and a file whose
// Council field names another council is refused with ErrNotFound and not
// stored. A zero Council field is taken to be the council of the call.
// Every method returns ErrNoCouncil for the zero Council and the context's
// error for a cancelled context. Implementations are safe for concurrent
// use and pass planningtest.RunDocumentStoreTests.
//
// Files are kept as they were received: there is no Update. Storing a file
// records no event (events has no type for it, and its name is personal
// data).
type DocumentStore interface {
	// Create stores a new file with its content, after
	// CheckDocumentStorable; it sets f.Council to c, and a zero
	// f.UploadedBy to events.ActorFrom(ctx). ErrDuplicate if the council
	// already has a file with f.ID.
	Create(ctx context.Context, c councilkit.Council, f *DocumentFile, content []byte) error
	// Get returns a copy of the file's details, without its content.
	Get(ctx context.Context, c councilkit.Council, id string) (*DocumentFile, error)
	// Content returns a copy of the file's details and its content.
	Content(ctx context.Context, c councilkit.Council, id string) (*DocumentFile, []byte, error)
	// List returns copies of the details (never the content) of the
	// council's files matching the filter, oldest upload first, ties by
	// ID. At most f.Limit if it is positive.
	List(ctx context.Context, c councilkit.Council, f DocumentFilter) ([]*DocumentFile, error)
	// Delete removes the file and its content; ErrNotFound if there is no
	// such file.
	Delete(ctx context.Context, c councilkit.Council, id string) error
}

// DocumentFilter narrows DocumentStore.List. Zero fields match everything.
type DocumentFilter struct {
	// ApplicationID selects the files of one application.
	ApplicationID string
	// Limit caps the number returned; 0 means no cap.
	Limit int
}

// Matches reports whether f passes the filter, ignoring Limit.
func (flt DocumentFilter) Matches(f *DocumentFile) bool {
	return flt.ApplicationID == "" || f.ApplicationID == flt.ApplicationID
}

func compareDocumentFiles(x, y *DocumentFile) int {
	if c := x.Uploaded.Compare(y.Uploaded); c != 0 {
		return c
	}
	return cmp.Compare(x.ID, y.ID)
}

type memDocument struct {
	file    *DocumentFile
	content []byte
}

// MemDocumentStore is a DocumentStore held in memory, for tests,
// prototypes and single-process services. It is safe for concurrent use,
// and its zero value is an empty store ready to use. It keeps a copy of
// every file's content: mind the memory.
type MemDocumentStore struct {
	mu    sync.RWMutex
	files map[memKey]memDocument
}

// NewMemDocumentStore returns an empty MemDocumentStore;
// new(MemDocumentStore) is the same.
func NewMemDocumentStore() *MemDocumentStore { return &MemDocumentStore{} }

var _ DocumentStore = (*MemDocumentStore)(nil)

// Create implements DocumentStore.
func (s *MemDocumentStore) Create(ctx context.Context, c councilkit.Council, f *DocumentFile, content []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckDocumentStorable(c, f, content); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.files == nil {
		s.files = map[memKey]memDocument{}
	}
	k := memKey{c.String(), f.ID}
	if _, ok := s.files[k]; ok {
		return fmt.Errorf("%w: document ID", ErrDuplicate)
	}
	f.Council = c
	if f.UploadedBy.Kind == "" {
		f.UploadedBy = events.ActorFrom(ctx)
	}
	s.files[k] = memDocument{file: f.Clone(), content: slices.Clone(content)}
	return nil
}

// Get implements DocumentStore.
func (s *MemDocumentStore) Get(ctx context.Context, c councilkit.Council, id string) (*DocumentFile, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.files[memKey{c.String(), id}]
	if !ok {
		return nil, fmt.Errorf("%w: document", ErrNotFound)
	}
	return d.file.Clone(), nil
}

// Content implements DocumentStore.
func (s *MemDocumentStore) Content(ctx context.Context, c councilkit.Council, id string) (*DocumentFile, []byte, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.files[memKey{c.String(), id}]
	if !ok {
		return nil, nil, fmt.Errorf("%w: document", ErrNotFound)
	}
	return d.file.Clone(), slices.Clone(d.content), nil
}

// List implements DocumentStore.
func (s *MemDocumentStore) List(ctx context.Context, c councilkit.Council, f DocumentFilter) ([]*DocumentFile, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []*DocumentFile
	for k, d := range s.files {
		if k.council == c.String() && f.Matches(d.file) {
			out = append(out, d.file.Clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareDocumentFiles)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// Delete implements DocumentStore.
func (s *MemDocumentStore) Delete(ctx context.Context, c councilkit.Council, id string) error {
	if err := checkCall(ctx, c); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := memKey{c.String(), id}
	if _, ok := s.files[k]; !ok {
		return fmt.Errorf("%w: document", ErrNotFound)
	}
	delete(s.files, k)
	return nil
}

// CommentStore keeps the comments made on applications. The council the
// caller acts for is the second argument of every method, and a store
// never returns or lists one council's comment for another: a lookup with
// the wrong council returns ErrNotFound, and a comment whose Council field
// names another council is refused with ErrNotFound and not stored. A zero
// Council field is taken to be the council of the call. Every method
// returns ErrNoCouncil for the zero Council and the context's error for a
// cancelled context. Implementations are safe for concurrent use and pass
// planningtest.RunCommentStoreTests.
//
// Comments are a record of what was said and when: there is no Update or
// Delete. Storing one records no event (events has no type for it; one
// would carry only identifiers and the stance, never the commenter or
// the text).
type CommentStore interface {
	// Create stores a new comment, after CheckCommentStorable; it sets
	// cm.Council to c, and a zero cm.RecordedBy to events.ActorFrom(ctx).
	// ErrDuplicate if the council already has a comment with cm.ID.
	Create(ctx context.Context, c councilkit.Council, cm *Comment) error
	// Get returns a copy of the comment.
	Get(ctx context.Context, c councilkit.Council, id string) (*Comment, error)
	// List returns copies of the council's comments matching the filter,
	// oldest first: by Received, then Recorded, ties by ID. At most
	// f.Limit if it is positive.
	List(ctx context.Context, c councilkit.Council, f CommentFilter) ([]*Comment, error)
}

// CommentFilter narrows CommentStore.List. Zero fields match everything.
type CommentFilter struct {
	// ApplicationID selects the comments on one application.
	ApplicationID string
	// Kind selects the comments of one kind.
	Kind CommentKind
	// Limit caps the number returned; 0 means no cap.
	Limit int
}

// Matches reports whether cm passes the filter, ignoring Limit.
func (f CommentFilter) Matches(cm *Comment) bool {
	return (f.ApplicationID == "" || cm.ApplicationID == f.ApplicationID) && (f.Kind == CommentKindNone || cm.Kind == f.Kind)
}

func compareComments(x, y *Comment) int {
	if c := x.Received.Compare(y.Received); c != 0 {
		return c
	}
	if c := x.Recorded.Compare(y.Recorded); c != 0 {
		return c
	}
	return cmp.Compare(x.ID, y.ID)
}

// MemCommentStore is a CommentStore held in memory, for tests, prototypes
// and single-process services. It is safe for concurrent use, and its zero
// value is an empty store ready to use.
type MemCommentStore struct {
	mu       sync.RWMutex
	comments map[memKey]*Comment
}

// NewMemCommentStore returns an empty MemCommentStore; new(MemCommentStore)
// is the same.
func NewMemCommentStore() *MemCommentStore { return &MemCommentStore{} }

var _ CommentStore = (*MemCommentStore)(nil)

// Create implements CommentStore.
func (s *MemCommentStore) Create(ctx context.Context, c councilkit.Council, cm *Comment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckCommentStorable(c, cm); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.comments == nil {
		s.comments = map[memKey]*Comment{}
	}
	k := memKey{c.String(), cm.ID}
	if _, ok := s.comments[k]; ok {
		return fmt.Errorf("%w: comment ID", ErrDuplicate)
	}
	cm.Council = c
	if cm.RecordedBy.Kind == "" {
		cm.RecordedBy = events.ActorFrom(ctx)
	}
	s.comments[k] = cm.Clone()
	return nil
}

// Get implements CommentStore.
func (s *MemCommentStore) Get(ctx context.Context, c councilkit.Council, id string) (*Comment, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	cm, ok := s.comments[memKey{c.String(), id}]
	if !ok {
		return nil, fmt.Errorf("%w: comment", ErrNotFound)
	}
	return cm.Clone(), nil
}

// List implements CommentStore.
func (s *MemCommentStore) List(ctx context.Context, c councilkit.Council, f CommentFilter) ([]*Comment, error) {
	if err := checkCall(ctx, c); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []*Comment
	for k, cm := range s.comments {
		if k.council == c.String() && f.Matches(cm) {
			out = append(out, cm.Clone())
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, compareComments)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}
