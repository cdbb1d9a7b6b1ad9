package planning

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/internal/enum"
)

// CommentKind is who made a comment on an application. The zero
// CommentKind is CommentKindNone, which Comment.Validate refuses. The list
// is append-only.
type CommentKind uint8

// Kinds of comment.
const (
	CommentKindNone CommentKind = iota // "none": not given
	// CommentConsultee: a body the authority consulted, under DMPO 2015
	// art. 18 and Schedule 4 or another enactment (the Environment Agency,
	// the highway authority, a parish council).
	CommentConsultee
	// CommentNeighbour: an owner or occupier of land adjoining the site,
	// on a notice served on them or displayed on the site (DMPO 2015 art.
	// 15).
	CommentNeighbour
	// CommentOther: anyone else, such as a member of the public who saw
	// the notice in a newspaper or on the register.
	CommentOther
)

var commentKindNames = [...]string{"none", "consultee", "neighbour", "other"}

// String returns the kind's name, such as "neighbour", or "none".
func (k CommentKind) String() string { return enum.Name(commentKindNames[:], k, "CommentKind") }

// MarshalText returns the kind's name; an undefined kind is an error.
func (k CommentKind) MarshalText() ([]byte, error) {
	return enum.Marshal(commentKindNames[:], k, "planning", "CommentKind")
}

// UnmarshalText reads a name String gives, "none" included.
func (k *CommentKind) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[CommentKind](commentKindNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "kind of comment", string(b))
	}
	*k = v
	return nil
}

// ParseCommentKind reads a kind a form gives: "consultee", "neighbour" or
// "other". It refuses "none".
func ParseCommentKind(s string) (CommentKind, error) {
	var k CommentKind
	if err := k.UnmarshalText([]byte(s)); err != nil || k == CommentKindNone {
		return CommentKindNone, enum.Unknown("planning", "kind of comment", s)
	}
	return k, nil
}

// Stance is what a comment says of the proposal. The zero Stance is
// StanceNone: none given, which a consultee's advice may be and a
// neighbour's or other person's comment may not. The list is append-only.
type Stance uint8

// Stances.
const (
	StanceNone    Stance = iota // "none": not given
	StanceSupport               // "support": in support of the proposal
	StanceObject                // "object": an objection
	StanceNeutral               // "neutral": neither, such as a comment on a detail
)

var stanceNames = [...]string{"none", "support", "object", "neutral"}

// String returns the stance's name, such as "object", or "none".
func (s Stance) String() string { return enum.Name(stanceNames[:], s, "Stance") }

// MarshalText returns the stance's name; an undefined stance is an error.
func (s Stance) MarshalText() ([]byte, error) {
	return enum.Marshal(stanceNames[:], s, "planning", "Stance")
}

// UnmarshalText reads a name String gives, "none" included.
func (s *Stance) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Stance](stanceNames[:], string(b))
	if !ok {
		return enum.Unknown("planning", "stance", string(b))
	}
	*s = v
	return nil
}

// ParseStance reads a stance a form gives: "support", "object" or
// "neutral". It refuses "none".
func ParseStance(s string) (Stance, error) {
	var v Stance
	if err := v.UnmarshalText([]byte(s)); err != nil || v == StanceNone {
		return StanceNone, enum.Unknown("planning", "stance", s)
	}
	return v, nil
}

// MaxCommentLength is the most characters a comment's text may have: a
// long letter of objection fits, a pasted report does not (send it as a
// document).
const MaxCommentLength = 10000

// maxCommenterName bounds a commenter's name and organisation, in
// characters, in the validate tags of Commenter (a test keeps them equal).
const maxCommenterName = 200

// Commenter is who made a comment. It is personal data: LogValue and
// String say only which parts are held.
type Commenter struct {
	// Name is the person's name: required for a neighbour and for
	// another person.
	Name string `json:"name,omitempty" validate:"max=200"`
	// Organisation is the body a consultee is (required for a consultee),
	// or that a person writes for.
	Organisation string `json:"organisation,omitempty" validate:"max=200"`
	// Address is where the commenter lives or writes from: required, at
	// least a postcode or a line, for a neighbour, whose standing comes
	// from the land they own or occupy.
	Address identity.Address `json:"address,omitzero"`
}

// LogValue implements slog.LogValuer: which parts are held, nothing else.
func (p Commenter) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("name", p.Name != ""), slog.Bool("organisation", p.Organisation != ""),
		slog.Bool("address", !p.Address.Postcode.IsZero() || len(p.Address.Lines) > 0))
}

// String says which parts are held, never what they are.
func (p Commenter) String() string {
	return fmt.Sprintf("planning.Commenter{name: %t, organisation: %t, address: %t}",
		p.Name != "", p.Organisation != "", !p.Address.Postcode.IsZero() || len(p.Address.Lines) > 0)
}

// GoString is String, so that %#v does not print personal data either.
func (p Commenter) GoString() string { return p.String() }

// Comment is a representation made about an application: a consultee's
// response, a neighbour's letter, anyone else's comment. The authority
// must take into account those made within the period its publicity or
// consultation gave (DMPO 2015 art. 33(1)); it may take later ones into
// account too, so a late comment is recorded and marked, not refused.
//
// The commenter and the text are personal data (a neighbour writes about
// their own home and family): LogValue and String leave them out, and no
// event carries them.
type Comment struct {
	// ID identifies the comment; stores require it.
	ID      string             `json:"id"`
	Council councilkit.Council `json:"council"`
	// ApplicationID is the ID of the application commented on.
	ApplicationID string      `json:"application_id"`
	Kind          CommentKind `json:"kind"`
	Commenter     Commenter   `json:"commenter"`
	// Stance is required for a neighbour's or another person's comment,
	// and optional for a consultee's.
	Stance Stance `json:"stance"`
	// Text is the comment, at most MaxCommentLength characters.
	Text string `json:"text" validate:"max=10000"`
	// Received is the day the comment reached the authority.
	Received calendar.Date `json:"received"`
	// PeriodEnds is the last day of the period within which the comment
	// had to be made to be taken into account: ConsultationEnd for a
	// neighbour's or another person's (21 days from the notice, DMPO 2015
	// art. 33(1)), ConsulteeResponseEnd or the period agreed for a
	// consultee's. Zero when no period has started (no notice given yet).
	PeriodEnds calendar.Date `json:"period_ends,omitzero"`
	// Recorded is when the comment was recorded, and RecordedBy who
	// recorded it (an officer, or the resident who commented online). A
	// store takes a zero RecordedBy from the context (events.ActorFrom).
	Recorded   time.Time    `json:"recorded"`
	RecordedBy events.Actor `json:"recorded_by"`
}

// InPeriod reports whether the comment was received by the last day of its
// period. It is false when no period is known.
func (c *Comment) InPeriod() bool {
	return !c.PeriodEnds.IsZero() && !c.Received.IsZero() && !c.Received.After(c.PeriodEnds)
}

// ConsulteeResponseEnd returns the last day a consultee has to give a
// substantive response: the period of 21 days beginning with the day it
// received the document on which its views are sought, or the last of
// them (DMPO 2015 art. 22(2), prescribed under section 54(4)(a) of the
// Planning and Compulsory Purchase Act 2004). The consultee and the
// authority may agree another period in writing; record its end in
// Comment.PeriodEnds instead. Public holidays count: S.I. 2018/119
// lengthened the periods of publicity, not consultees' periods. The zero
// Date for a zero received.
func ConsulteeResponseEnd(received calendar.Date) calendar.Date {
	return Days(21).EndBeginningWith(received)
}

// Validate checks the comment's own fields and returns every problem at
// once as a *councilkit.ValidationError: "kind" required or unknown;
// "commenter.organisation" required for a consultee,
// "commenter.name" for a neighbour or another person, and
// "commenter.address" for a neighbour, with the address's own problems;
// names of at most 200 characters; "stance" required for a neighbour or
// another person; "text" required, of at most MaxCommentLength
// characters; "received" required.
func (c *Comment) Validate() error {
	var ps councilkit.Problems
	tags := councilkit.ValidateStruct(c)
	switch {
	case c.Kind == CommentKindNone:
		ps.Add("kind", councilkit.CodeRequired, text("comment.kind.required"))
	case int(c.Kind) >= len(commentKindNames):
		ps.Add("kind", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	}
	p := c.Commenter
	if !ps.MergeField(tags, "commenter.name") && c.Kind != CommentConsultee && c.Kind != CommentKindNone && strings.TrimSpace(p.Name) == "" {
		ps.Add("commenter.name", councilkit.CodeRequired, text("comment.name.required"))
	}
	if !ps.MergeField(tags, "commenter.organisation") && c.Kind == CommentConsultee && strings.TrimSpace(p.Organisation) == "" {
		ps.Add("commenter.organisation", councilkit.CodeRequired, text("comment.organisation.required"))
	}
	hasAddress := !p.Address.Postcode.IsZero() || slices.ContainsFunc(p.Address.Lines, func(l string) bool { return strings.TrimSpace(l) != "" })
	switch {
	case c.Kind == CommentNeighbour && !hasAddress:
		ps.Add("commenter.address", councilkit.CodeRequired, text("comment.address.required"))
	case len(p.Address.Lines) > 0:
		ps.Merge("commenter.address", p.Address.Validate(), councilkit.InvalidText())
	}
	switch {
	case int(c.Stance) >= len(stanceNames):
		ps.Add("stance", councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
	case c.Stance == StanceNone && (c.Kind == CommentNeighbour || c.Kind == CommentOther):
		ps.Add("stance", councilkit.CodeRequired, text("comment.stance.required"))
	}
	if !ps.MergeField(tags, "text") && strings.TrimSpace(c.Text) == "" {
		ps.Add("text", councilkit.CodeRequired, text("comment.text.required"))
	}
	if c.Received.IsZero() {
		ps.Add("received", councilkit.CodeRequired, text("comment.received.required"))
	}
	return ps.Err()
}

// Clone returns a deep copy of c.
func (c *Comment) Clone() *Comment {
	if c == nil {
		return nil
	}
	cp := *c
	cp.Commenter.Address = cloneAddress(c.Commenter.Address)
	return &cp
}

// LogValue implements slog.LogValuer: identifiers, kind, stance and dates,
// never the commenter or the text.
func (c *Comment) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", c.ID),
		slog.String("council", c.Council.String()),
		slog.String("application", c.ApplicationID),
		slog.String("kind", c.Kind.String()),
		slog.String("stance", c.Stance.String()),
		slog.String("received", c.Received.String()),
		slog.Bool("in_period", c.InPeriod()),
	)
}

// String describes the comment without the commenter or the text.
func (c *Comment) String() string {
	return fmt.Sprintf("planning.Comment{ID: %q, ApplicationID: %q, Kind: %s, Stance: %s, Received: %s, InPeriod: %t}",
		c.ID, c.ApplicationID, c.Kind, c.Stance, c.Received, c.InPeriod())
}

// CheckCommentStorable is for CommentStore implementations: it returns the
// error a store must return before storing cm for council c in Create:
// ErrNoCouncil for the zero c; a *councilkit.ValidationError for a nil
// comment, a missing ID, application ID or recorded time, or any problem
// Validate finds; and ErrNotFound when cm.Council is set and is not c. A
// store then stores cm with its Council set to c.
func CheckCommentStorable(c councilkit.Council, cm *Comment) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	var ps councilkit.Problems
	if cm == nil {
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	if cm.ID == "" {
		ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if cm.ApplicationID == "" {
		ps.Add("application_id", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if cm.Recorded.IsZero() {
		ps.Add("recorded", councilkit.CodeRequired, councilkit.RequiredText())
	}
	ps.Merge("", cm.Validate(), councilkit.InvalidText())
	if err := ps.Err(); err != nil {
		return err
	}
	if !cm.Council.IsZero() && cm.Council != c {
		return fmt.Errorf("%w: the comment belongs to another council", ErrNotFound)
	}
	return nil
}
