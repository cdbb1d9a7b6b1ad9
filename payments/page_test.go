package payments_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/internal/enumtest"
	"github.com/lgds/councilkit/payments"
)

func TestSortRoundTrip(t *testing.T) {
	enumtest.RoundTrip[payments.Sort](t, payments.Sorts(), nil)
	if _, err := payments.ParseSort("largest"); err == nil {
		t.Error(`ParseSort("largest") accepted`)
	}
}

// A cursor reads back as it was written, for every Sort, a payment
// without a creation time and one created to the nanosecond.
func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []payments.Cursor{
		{Sort: payments.SortOldest, CreatedAt: time.Date(2026, 4, 1, 9, 0, 0, 123456789, time.UTC), Amount: payments.Pence(4500), ID: "00000000-0000-4000-8000-000000000001"},
		{Sort: payments.SortNewest, ID: "no-time"},
		{Sort: payments.SortAmountHigh, CreatedAt: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC), Amount: payments.Pence(-1), ID: "x"},
		{Sort: payments.SortAmountLow, CreatedAt: time.Date(2026, 4, 1, 10, 0, 0, 0, time.FixedZone("BST", 3600)), Amount: payments.Pence(1 << 62), ID: "ŵ\x00y"},
	} {
		s := c.String()
		got, err := payments.ParseCursor(s)
		if err != nil {
			t.Fatalf("ParseCursor(%v) = %v", c, err)
		}
		if got.Sort != c.Sort || !got.CreatedAt.Equal(c.CreatedAt) || got.Amount != c.Amount || got.ID != c.ID {
			t.Errorf("ParseCursor(String(%+v)) = %+v", c, got)
		}
		if strings.Contains(s, c.ID) && c.ID != "x" {
			t.Errorf("cursor %q is not opaque", s)
		}
	}
}

// A cursor that is not one is a typed error, in every way it can be
// wrong, never a panic.
func TestParseCursorInvalid(t *testing.T) {
	good := payments.CursorAfter(payments.SortNewest, &payments.Payment{ID: "p1", CreatedAt: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC), Amount: payments.Pence(1)}).String()
	for name, s := range map[string]string{
		"empty":         "",
		"not base64":    "%%%",
		"cut short":     good[:len(good)-4],
		"one more byte": good + "A",
		"random":        "AQIDBAUGBwgJ",
	} {
		_, err := payments.ParseCursor(s)
		var ve *councilkit.ValidationError
		if !errors.Is(err, payments.ErrInvalidCursor) || !errors.As(err, &ve) || !ve.Has("after", councilkit.CodeInvalid) {
			t.Errorf("%s: ParseCursor(%q) = %v, want ErrInvalidCursor and an after problem", name, s, err)
		}
	}
}

// Cursor.Precedes agrees with Sort.Compare: a page after the cursor holds
// exactly the payments that sort after the one it was made from.
func TestCursorPrecedes(t *testing.T) {
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	ps := []*payments.Payment{
		{ID: "a", CreatedAt: t0, Amount: payments.Pence(100)},
		{ID: "b", CreatedAt: t0, Amount: payments.Pence(100)},
		{ID: "c", CreatedAt: t0.Add(time.Second), Amount: payments.Pence(50)},
		{ID: "d", CreatedAt: t0.Add(-time.Second), Amount: payments.Pence(900)},
	}
	for _, s := range payments.Sorts() {
		for _, at := range ps {
			c := payments.CursorAfter(s, at)
			for _, p := range ps {
				if got, want := c.Precedes(p), s.Compare(at, p) < 0; got != want {
					t.Errorf("%v: cursor after %s precedes %s = %v, want %v", s, at.ID, p.ID, got, want)
				}
			}
		}
	}
}

// FuzzParseCursor: any text is either a cursor that writes back to text
// reading the same, or ErrInvalidCursor; never a panic.
func FuzzParseCursor(f *testing.F) {
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for _, s := range payments.Sorts() {
		f.Add(payments.CursorAfter(s, &payments.Payment{ID: "00000000-0000-4000-8000-000000000001", CreatedAt: t0, Amount: payments.Pence(4500)}).String())
	}
	f.Add("")
	f.Add("AQhwYXltZW50cw")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := payments.ParseCursor(s)
		if err != nil {
			if !errors.Is(err, payments.ErrInvalidCursor) {
				t.Fatalf("ParseCursor(%q) = %v, not ErrInvalidCursor", s, err)
			}
			return
		}
		if !c.Sort.IsValid() || c.ID == "" {
			t.Fatalf("ParseCursor(%q) accepted %+v", s, c)
		}
		again, err := payments.ParseCursor(c.String())
		if err != nil || again.Sort != c.Sort || !again.CreatedAt.Equal(c.CreatedAt) || again.Amount != c.Amount || again.ID != c.ID {
			t.Fatalf("%+v does not read back: %+v, %v", c, again, err)
		}
	})
}

// FuzzParseRefundReason: any text is either a reason, trimmed, of 1 to
// MaxRefundReasonLen characters, or a *councilkit.ValidationError whose
// messages never repeat it.
func FuzzParseRefundReason(f *testing.F) {
	for _, s := range []string{"Paid twice", "", " ", "a\x00b", "Talwyd ddwywaith\n", strings.Repeat("x", 501)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := payments.ParseRefundReason(s)
		if err != nil {
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Field != "reason" {
				t.Fatalf("ParseRefundReason(%q) = %v", s, err)
			}
			if len(strings.TrimSpace(s)) > 3 && strings.Contains(ve.Error(), strings.TrimSpace(s)) {
				t.Fatalf("the error repeats the reason: %v", err)
			}
			return
		}
		if r == "" || string(r) != strings.TrimSpace(string(r)) {
			t.Fatalf("ParseRefundReason(%q) = %q", s, r)
		}
		if again, err := payments.ParseRefundReason(string(r)); err != nil || again != r {
			t.Fatalf("a parsed reason does not parse again: %q, %v", again, err)
		}
	})
}

// ListPage's sizes: the zero Limit is DefaultPageSize and a Limit over
// MaxPageSize is cut to it.
func TestListPageSizes(t *testing.T) {
	ctx := context.Background()
	s := payments.NewMemStore()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for i := range payments.MaxPageSize + 1 {
		p := &payments.Payment{ID: fmt.Sprintf("p%04d", i), Amount: payments.Pence(100), Status: payments.StatusCreated,
			CreatedAt: t0.Add(time.Duration(i) * time.Second), UpdatedAt: t0}
		if err := s.Create(ctx, durham, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ limit, want int }{{0, payments.DefaultPageSize}, {-1, payments.DefaultPageSize}, {7, 7}, {1 << 20, payments.MaxPageSize}} {
		pg, err := payments.ListPage(ctx, s, durham, payments.Filter{Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(pg.Payments) != tc.want || pg.Next == "" {
			t.Errorf("Limit %d: a page of %d, next %q; want %d and more", tc.limit, len(pg.Payments), pg.Next, tc.want)
		}
	}
}
