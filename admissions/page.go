package admissions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/cursor"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/internal/search"
)

// Sort is the order a Store lists applications in ([Filter].Sort). Every
// order is total (it ends with the application's ID), so that a page
// boundary is a single place in the list. The zero Sort is SortOldest, the
// order List has always used. The list is append-only.
type Sort uint8

const (
	// SortOldest lists the earliest received first (an application
	// without a date first), ties by ID. The zero Sort.
	SortOldest Sort = iota
	// SortNewest lists the latest received first (an application without
	// a date last), ties by ID in reverse.
	SortNewest
	// SortID lists by ID, the council's reference for the application,
	// in byte order ("A-10" before "A-9").
	SortID
)

var sortNames = [...]string{"oldest", "newest", "id"}

// Sorts returns every Sort, in the order above.
func Sorts() []Sort { return []Sort{SortOldest, SortNewest, SortID} }

// String returns the sort's name: "oldest", "newest" or "id".
func (s Sort) String() string { return enum.Name(sortNames[:], s, "Sort") }

// IsValid reports whether s is one of the sorts above.
func (s Sort) IsValid() bool { return int(s) < len(sortNames) }

// ParseSort reads a sort's name, as String writes it.
func ParseSort(name string) (Sort, error) {
	v, ok := enum.Parse[Sort](sortNames[:], name)
	if !ok {
		return 0, enum.Unknown("admissions", "sort", name)
	}
	return v, nil
}

// MarshalText encodes the sort's name; an undefined sort is an error.
func (s Sort) MarshalText() ([]byte, error) {
	return enum.Marshal(sortNames[:], s, "admissions", "Sort")
}

// UnmarshalText decodes a name written by MarshalText.
func (s *Sort) UnmarshalText(b []byte) error {
	v, err := ParseSort(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Compare returns a negative number if a comes before b in s's order, a
// positive one if after, and zero if they are in the same place. Stores may
// use it to sort.
func (s Sort) Compare(a, b *Application) int {
	byDate := func() int {
		if c := a.Received.Compare(b.Received); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	switch s {
	case SortNewest:
		return -byDate()
	case SortID:
		return strings.Compare(a.ID, b.ID)
	}
	return byDate()
}

// Cursor is a place in the list of a council's applications in one Sort:
// the sort key of the last application of a page, after which the next
// page starts (keyset pagination; see payments.Cursor). It travels as
// opaque text: String writes it and ParseCursor reads it back. It holds
// only an application's received date and ID.
type Cursor struct {
	Sort     Sort
	Received calendar.Date
	ID       string
}

// CursorAfter returns the cursor of the place just after a in s's order.
func CursorAfter(s Sort, a *Application) Cursor {
	return Cursor{Sort: s, Received: a.Received, ID: a.ID}
}

const cursorKind = "admissions"

// String returns the cursor as opaque, URL-safe text for Filter.After.
func (c Cursor) String() string {
	return cursor.Encode(cursorKind, c.Sort.String(), c.Received.String(), c.ID)
}

// ParseCursor reads a cursor String wrote. Text that is not one is an
// error matching ErrInvalidCursor that is also a
// *councilkit.ValidationError for the field "after"; it never panics.
func ParseCursor(s string) (Cursor, error) {
	f, err := cursor.Decode(s, cursorKind, 3)
	if err != nil || f[2] == "" {
		return Cursor{}, invalidCursor()
	}
	var c Cursor
	if c.Sort, err = ParseSort(f[0]); err != nil {
		return Cursor{}, invalidCursor()
	}
	if f[1] != "" {
		if c.Received, err = calendar.ParseDate(f[1]); err != nil {
			return Cursor{}, invalidCursor()
		}
	}
	c.ID = f[2]
	return c, nil
}

func invalidCursor() error {
	var ps councilkit.Problems
	ps.Add("after", councilkit.CodeInvalid, text("cursor.invalid"))
	return fmt.Errorf("%w: %w", ErrInvalidCursor, ps.Err())
}

// Precedes reports whether a comes after the place c marks, in c's Sort.
// Stores may use it to filter.
func (c Cursor) Precedes(a *Application) bool {
	at := Application{ID: c.ID, Received: c.Received}
	return c.Sort.Compare(&at, a) < 0
}

// MaxQueryLen is the longest Filter.ID or Filter.Query, in characters.
const MaxQueryLen = 255

// Validate checks the parts of f a store cannot take as they are, and
// returns every problem at once as a *councilkit.ValidationError: a Sort
// that is not one of the sorts, an ID or Query that is not UTF-8 text of
// at most MaxQueryLen characters without a NUL, a School that is not a
// URN, and an After that is not a cursor of f.Sort (that problem also
// matches ErrInvalidCursor). Every Store's List calls it first.
func (f Filter) Validate() error {
	var ps councilkit.Problems
	if !f.Sort.IsValid() {
		ps.Add("sort", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	checkSearch(&ps, "id", f.ID)
	checkSearch(&ps, "query", f.Query)
	if f.School != 0 && !f.School.Valid() {
		ps.Add("school", CodeInvalidURN, councilkit.InvalidText())
	}
	var bad bool
	if f.After != "" {
		c, err := ParseCursor(f.After)
		bad = err != nil || c.Sort != f.Sort
		if bad {
			ps.Add("after", councilkit.CodeInvalid, text("cursor.invalid"))
		}
	}
	err := ps.Err()
	if bad {
		return fmt.Errorf("%w: %w", ErrInvalidCursor, err)
	}
	return err
}

func checkSearch(ps *councilkit.Problems, field, s string) {
	switch {
	case !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0:
		ps.Add(field, councilkit.CodeInvalid, councilkit.InvalidText())
	case utf8.RuneCountInString(s) > MaxQueryLen:
		ps.Add(field, councilkit.CodeTooLong, councilkit.TooLongText(MaxQueryLen))
	}
}

// Position returns the cursor f.After names and true, or false if f.After
// is empty; an error matching ErrInvalidCursor if it is not a cursor of
// f.Sort.
func (f Filter) Position() (Cursor, bool, error) {
	if f.After == "" {
		return Cursor{}, false, nil
	}
	c, err := ParseCursor(f.After)
	if err != nil {
		return Cursor{}, false, err
	}
	if c.Sort != f.Sort {
		return Cursor{}, false, invalidCursor()
	}
	return c, true, nil
}

// matchesCasework reports whether a is selected by f's ID, Query, School,
// From and To.
func (f Filter) matchesCasework(a *Application) bool {
	switch {
	case f.ID != "" && a.ID != f.ID,
		f.Query != "" && !search.Contains(a.ID, f.Query),
		f.School != 0 && !slices.Contains(a.Preferences, f.School),
		!f.From.IsZero() && (a.Received.IsZero() || a.Received.Before(f.From)),
		!f.To.IsZero() && (a.Received.IsZero() || a.Received.After(f.To)):
		return false
	}
	return true
}

// Page sizes for ListPage.
const (
	// DefaultPageSize is the size of a page when Filter.Limit is not
	// positive.
	DefaultPageSize = 50
	// MaxPageSize is the largest page; a larger Filter.Limit is cut to it.
	MaxPageSize = 500
)

// Page is one page of a council's applications, from ListPage.
type Page struct {
	// Applications are the page's applications, in the filter's Sort.
	Applications []*Application
	// Next is the cursor of the next page, for Filter.After; empty when
	// this page is the last. A page says whether there are more; it does
	// not count them.
	Next string
}

// ListPage returns one page of the council's applications matching f, in
// f.Sort's order, starting after f.After (the first page if it is empty),
// of at most f.Limit applications (DefaultPageSize if it is not positive,
// and never more than MaxPageSize). Pass the page's Next as f.After, with
// the same Sort and filters, to get the next page.
//
// It asks s.List for one more application than the page holds, to learn
// whether another page follows, so it works with any Store. A filter that
// is not valid (see Filter.Validate) is a *councilkit.ValidationError, and
// a cursor that is not one an error matching ErrInvalidCursor.
func ListPage(ctx context.Context, s Store, c councilkit.Council, f Filter) (Page, error) {
	if err := f.Validate(); err != nil {
		return Page{}, err
	}
	n := f.Limit
	if n <= 0 {
		n = DefaultPageSize
	}
	n = min(n, MaxPageSize)
	f.Limit = n + 1
	list, err := s.List(ctx, c, f)
	if err != nil {
		return Page{}, err
	}
	var next string
	if len(list) > n {
		next = CursorAfter(f.Sort, list[n-1]).String()
		list = list[:n]
	}
	return Page{Applications: list, Next: next}, nil
}
