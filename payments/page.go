package payments

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/cursor"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/internal/search"
)

// Sort is the order a Store lists payments in ([Filter].Sort). Every order
// is total (it ends with the payment's ID), so that a page boundary is a
// single place in the list. The zero Sort is SortOldest, the order List
// has always used. The list is append-only.
type Sort uint8

const (
	// SortOldest lists the oldest first: by CreatedAt, ties by ID. The
	// zero Sort.
	SortOldest Sort = iota
	// SortNewest lists the newest first: by CreatedAt, latest first, ties
	// by ID in reverse. What an officer's list of recent payments shows.
	SortNewest
	// SortAmountHigh lists the largest amount first, ties newest first
	// (then by ID in reverse).
	SortAmountHigh
	// SortAmountLow lists the smallest amount first, ties oldest first
	// (then by ID).
	SortAmountLow
)

var sortNames = [...]string{"oldest", "newest", "amount_high", "amount_low"}

// Sorts returns every Sort, in the order above.
func Sorts() []Sort { return []Sort{SortOldest, SortNewest, SortAmountHigh, SortAmountLow} }

// String returns the sort's name: "oldest", "newest", "amount_high" or
// "amount_low".
func (s Sort) String() string { return enum.Name(sortNames[:], s, "Sort") }

// IsValid reports whether s is one of the sorts above.
func (s Sort) IsValid() bool { return int(s) < len(sortNames) }

// ParseSort reads a sort's name, as String writes it (from a list page's
// query string, say).
func ParseSort(name string) (Sort, error) {
	v, ok := enum.Parse[Sort](sortNames[:], name)
	if !ok {
		return 0, enum.Unknown("payments", "sort", name)
	}
	return v, nil
}

// MarshalText encodes the sort's name; an undefined sort is an error.
func (s Sort) MarshalText() ([]byte, error) {
	return enum.Marshal(sortNames[:], s, "payments", "Sort")
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
// positive one if after, and zero if they are in the same place (the same
// ID, creation time and amount). Stores may use it to sort.
func (s Sort) Compare(a, b *Payment) int {
	byTime := func() int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	switch s {
	case SortNewest:
		return -byTime()
	case SortAmountHigh:
		if c := a.Amount.Cmp(b.Amount); c != 0 {
			return -c
		}
		return -byTime()
	case SortAmountLow:
		if c := a.Amount.Cmp(b.Amount); c != 0 {
			return c
		}
		return byTime()
	}
	return byTime()
}

// Cursor is a place in the list of a council's payments in one Sort: the
// sort key of the last payment of a page, after which the next page
// starts. Pages are found by position (keyset pagination), not by
// counting: a payment created or changed while an officer pages through
// the list never makes a later page skip or repeat another, and a page
// deep in a large council's list costs no more than the first.
//
// A cursor travels as opaque text ([Page].Next, [Filter].After): String
// writes it and ParseCursor reads it back. It holds only the creation
// time, amount and ID of a payment the caller was shown.
type Cursor struct {
	Sort      Sort
	CreatedAt time.Time
	Amount    Amount
	ID        string
}

// CursorAfter returns the cursor of the place just after p in s's order.
func CursorAfter(s Sort, p *Payment) Cursor {
	return Cursor{Sort: s, CreatedAt: p.CreatedAt.UTC(), Amount: p.Amount, ID: p.ID}
}

// cursorKind names payments' cursors, so that an admissions cursor is
// refused here.
const cursorKind = "payments"

// String returns the cursor as opaque, URL-safe text for Filter.After.
func (c Cursor) String() string {
	return cursor.Encode(cursorKind, c.Sort.String(), c.CreatedAt.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(c.Amount.Pence(), 10), c.ID)
}

// ParseCursor reads a cursor String wrote. Text that is not one (changed
// by hand, cut short, from another list) is an error matching
// ErrInvalidCursor that is also a *councilkit.ValidationError for the
// field "after", whose message tells an officer to go back to the first
// page; it never panics.
func ParseCursor(s string) (Cursor, error) {
	f, err := cursor.Decode(s, cursorKind, 4)
	if err != nil {
		return Cursor{}, invalidCursor()
	}
	var c Cursor
	if c.Sort, err = ParseSort(f[0]); err != nil {
		return Cursor{}, invalidCursor()
	}
	if c.CreatedAt, err = time.Parse(time.RFC3339Nano, f[1]); err != nil {
		return Cursor{}, invalidCursor()
	}
	pence, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || f[3] == "" {
		return Cursor{}, invalidCursor()
	}
	c.CreatedAt, c.Amount, c.ID = c.CreatedAt.UTC(), Pence(pence), f[3]
	return c, nil
}

func invalidCursor() error {
	var ps councilkit.Problems
	ps.Add("after", councilkit.CodeInvalid, text("cursor.invalid"))
	return fmt.Errorf("%w: %w", ErrInvalidCursor, ps.Err())
}

// Precedes reports whether p comes after the place c marks, in c's Sort:
// whether p belongs to a page after the one c ends. Stores may use it to
// filter.
func (c Cursor) Precedes(p *Payment) bool {
	at := Payment{ID: c.ID, CreatedAt: c.CreatedAt, Amount: c.Amount}
	return c.Sort.Compare(&at, p) < 0
}

// MaxQueryLen is the longest Filter.Query or Filter.Reference, in
// characters: a reference and a description are at most 255, so nothing
// longer can match.
const MaxQueryLen = MaxReferenceLen

// Validate checks the parts of f a store cannot take as they are, and
// returns every problem at once as a *councilkit.ValidationError: a Sort
// that is not one of the sorts, a Query or Reference that is not UTF-8
// text of at most MaxQueryLen characters without a NUL, and an After that
// is not a cursor of f.Sort (that problem also matches ErrInvalidCursor).
// Every Store's List calls it first.
func (f Filter) Validate() error {
	var ps councilkit.Problems
	if !f.Sort.IsValid() {
		ps.Add("sort", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	checkSearch(&ps, "query", f.Query)
	checkSearch(&ps, "reference", f.Reference)
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

// matchesSearch reports whether p is selected by f's Reference and Query.
func (f Filter) matchesSearch(p *Payment) bool {
	if f.Reference != "" && p.Reference != f.Reference {
		return false
	}
	return f.Query == "" || search.Contains(p.Reference, f.Query) || search.Contains(p.Description, f.Query)
}

// Page sizes for ListPage.
const (
	// DefaultPageSize is the size of a page when Filter.Limit is not
	// positive.
	DefaultPageSize = 50
	// MaxPageSize is the largest page; a larger Filter.Limit is cut to it.
	MaxPageSize = 500
)

// Page is one page of a council's payments, from ListPage.
type Page struct {
	// Payments are the page's payments, in the filter's Sort.
	Payments []*Payment
	// Next is the cursor of the next page, for Filter.After; empty when
	// this page is the last. A page says whether there are more; it does
	// not count them (a count would read every matching payment for each
	// page).
	Next string
}

// ListPage returns one page of the council's payments matching f, in
// f.Sort's order, starting after f.After (the first page if it is empty),
// of at most f.Limit payments (DefaultPageSize if it is not positive, and
// never more than MaxPageSize). Pass the page's Next as f.After, with the
// same Sort, to get the next page; keep the other fields of f the same to
// page through the same list.
//
// It asks s.List for one more payment than the page holds, to learn
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
	return Page{Payments: list, Next: next}, nil
}
