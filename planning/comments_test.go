package planning_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// A consultee has 21 days beginning with the day it received the
// documents to respond (DMPO 2015 art. 22(2), as art. 20(2) of the 2010
// Order before it: https://www.legislation.gov.uk/uksi/2010/2184/article/20/made);
// "beginning with" counts that day, and public holidays count (the 2018
// Order, S.I. 2018/119, lengthened only the publicity periods).
func TestConsulteeResponseEnd(t *testing.T) {
	for _, tc := range []struct{ received, want calendar.Date }{
		{calendar.MustDate(2025, 6, 9), calendar.MustDate(2025, 6, 29)},
		// Over Christmas and New Year: no day added.
		{calendar.MustDate(2025, 12, 15), calendar.MustDate(2026, 1, 4)},
		{calendar.MustDate(2024, 2, 20), calendar.MustDate(2024, 3, 11)}, // a leap year
		{calendar.Date{}, calendar.Date{}},
	} {
		if got := planning.ConsulteeResponseEnd(tc.received); got != tc.want {
			t.Errorf("ConsulteeResponseEnd(%v) = %v, want %v", tc.received, got, tc.want)
		}
	}
}

// A neighbour's comment is in time up to the last day of the 21 days
// beginning with the notice (DMPO 2015 art. 33(1)(b)), which public
// holidays lengthen (ConsultationEnd); the day after is late.
func TestCommentInPeriod(t *testing.T) {
	// A neighbour notice served on 1 May 2025: the early May bank holiday
	// (5 May) falls in the period, which so ends on 22 May, not 21 May.
	end := planning.ConsultationEnd(planning.EnglandHolidays(), calendar.MustDate(2025, 5, 1), planning.NoticeNeighbour)
	if end != calendar.MustDate(2025, 5, 22) {
		t.Fatalf("period ends %v", end)
	}
	c := planningtest.NewComment(planningtest.Lambeth, "c1", "a1")
	c.PeriodEnds = end
	for day, want := range map[calendar.Date]bool{
		calendar.MustDate(2025, 5, 1):  true,
		calendar.MustDate(2025, 5, 21): true,
		end:                            true,
		end.AddDays(1):                 false,
	} {
		c.Received = day
		if got := c.InPeriod(); got != want {
			t.Errorf("received %v, period ending %v: InPeriod = %v, want %v", day, end, got, want)
		}
	}
	c.PeriodEnds = calendar.Date{}
	if c.InPeriod() {
		t.Error("a comment with no period is in period")
	}
}

// Validate reports every problem at once, and asks of each kind of
// commenter what the law gives their standing: a consultee's body, a
// neighbour's name and address, anyone else's name.
func TestCommentValidate(t *testing.T) {
	if err := planningtest.NewComment(planningtest.Lambeth, "c1", "a1").Validate(); err != nil {
		t.Fatalf("a valid comment: %v", err)
	}
	for _, tc := range []struct {
		name   string
		change func(c *planning.Comment)
		want   map[string]councilkit.Code
	}{
		{"everything missing", func(c *planning.Comment) { *c = planning.Comment{} }, map[string]councilkit.Code{
			"kind": councilkit.CodeRequired, "text": councilkit.CodeRequired, "received": councilkit.CodeRequired}},
		{"neighbour without name, address or stance", func(c *planning.Comment) {
			c.Commenter, c.Stance = planning.Commenter{}, planning.StanceNone
		}, map[string]councilkit.Code{"commenter.name": councilkit.CodeRequired, "commenter.address": councilkit.CodeRequired,
			"stance": councilkit.CodeRequired}},
		{"consultee without organisation", func(c *planning.Comment) {
			c.Kind, c.Stance, c.Commenter = planning.CommentConsultee, planning.StanceNone, planning.Commenter{}
		}, map[string]councilkit.Code{"commenter.organisation": councilkit.CodeRequired}},
		{"other without name or stance", func(c *planning.Comment) {
			c.Kind, c.Stance, c.Commenter = planning.CommentOther, planning.StanceNone, planning.Commenter{}
		}, map[string]councilkit.Code{"commenter.name": councilkit.CodeRequired, "stance": councilkit.CodeRequired}},
		{"too long", func(c *planning.Comment) {
			c.Text = strings.Repeat("ŵ", planning.MaxCommentLength+1)
			c.Commenter.Name = strings.Repeat("n", 201)
		}, map[string]councilkit.Code{"text": councilkit.CodeTooLong, "commenter.name": councilkit.CodeTooLong}},
		{"undefined kind and stance", func(c *planning.Comment) { c.Kind, c.Stance = 9, 9 },
			map[string]councilkit.Code{"kind": councilkit.CodeInvalidChoice, "stance": councilkit.CodeInvalidChoice}},
		{"an address with a bad line", func(c *planning.Comment) { c.Commenter.Address.Lines = []string{""} },
			map[string]councilkit.Code{"commenter.address": councilkit.CodeRequired}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := planningtest.NewComment(planningtest.Lambeth, "c1", "a1")
			tc.change(c)
			var ve *councilkit.ValidationError
			if !errors.As(c.Validate(), &ve) {
				t.Fatalf("Validate() = %v", c.Validate())
			}
			got := map[string]councilkit.Code{}
			for _, p := range ve.Problems {
				if strings.HasPrefix(p.Field, "commenter.address") {
					p.Field = "commenter.address"
				}
				if _, seen := got[p.Field]; !seen {
					got[p.Field] = p.Code
				}
				if p.Message.English == "" || p.Message.Welsh == "" {
					t.Errorf("problem %+v lacks a message", p)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("problems %v, want %v", got, tc.want)
			}
		})
	}
	// Exactly the limit is accepted, in characters rather than bytes.
	c := planningtest.NewComment(planningtest.Lambeth, "c1", "a1")
	c.Text = strings.Repeat("ŵ", planning.MaxCommentLength)
	if err := c.Validate(); err != nil {
		t.Errorf("a comment of %d characters: %v", planning.MaxCommentLength, err)
	}
}

// A comment logs and prints without the commenter or the text.
func TestCommentRedacted(t *testing.T) {
	c := planningtest.NewComment(planningtest.Lambeth, "c1", "a1")
	c.Commenter.Address.Postcode = identity.MustParsePostcode("SW1A 1AA")
	var b bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&b, nil))
	log.Info("comment", "comment", c, "commenter", c.Commenter)
	for _, s := range []string{b.String(), c.String(), fmt.Sprint(c), fmt.Sprintf("%+v", c.Commenter), fmt.Sprintf("%#v", c.Commenter)} {
		for _, secret := range []string{"Bea", "Stansfield", "overlook", "SW1A"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q leaks in %s", secret, s)
			}
		}
	}
	if !strings.Contains(b.String(), `"kind":"neighbour"`) || !strings.Contains(b.String(), `"stance":"object"`) {
		t.Errorf("log lacks the kind and stance: %s", b.String())
	}
}

func TestParseCommentKindAndStance(t *testing.T) {
	for s, want := range map[string]planning.CommentKind{"consultee": planning.CommentConsultee, "neighbour": planning.CommentNeighbour, "other": planning.CommentOther} {
		if got, err := planning.ParseCommentKind(s); err != nil || got != want {
			t.Errorf("ParseCommentKind(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"none", "", "Neighbour", "neighbor"} {
		if _, err := planning.ParseCommentKind(s); err == nil {
			t.Errorf("ParseCommentKind(%q) succeeded", s)
		}
	}
	for s, want := range map[string]planning.Stance{"support": planning.StanceSupport, "object": planning.StanceObject, "neutral": planning.StanceNeutral} {
		if got, err := planning.ParseStance(s); err != nil || got != want {
			t.Errorf("ParseStance(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"none", "", "objection"} {
		if _, err := planning.ParseStance(s); err == nil {
			t.Errorf("ParseStance(%q) succeeded", s)
		}
	}
}
