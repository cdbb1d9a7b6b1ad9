package admissions

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Errors of a RoundRecord's offer-day operations. Test for them with
// errors.Is.
var (
	// ErrBeforeOfferDay is returned by RoundRecord.Publish before
	// national offer day: offers must not be released to parents before
	// it (SI 2012/8, regulation 30 and Schedule 2).
	ErrBeforeOfferDay = errors.New("admissions: offers cannot be published before national offer day")
	// ErrNotPublished is returned to a parent asking for an offer, or
	// responding to one, before the round's offers are published.
	ErrNotPublished = errors.New("admissions: offers are not published yet")
	// ErrAlreadyPublished is returned by Publish and Rerun once the offers
	// are published.
	ErrAlreadyPublished = errors.New("admissions: offers are already published")
	// ErrResponseClosed is returned by RoundRecord.Respond after the last
	// day for responding to the offer (AcceptanceDeadline).
	ErrResponseClosed = errors.New("admissions: the time to respond to this offer has passed")
)

// RoundRecord is the stored outcome of a coordinated admissions round for
// one intake, from the officer's allocation run to the parents' answers:
// the allocation Result, each child's place and response, and the waiting
// lists, all in a form a RoundStore keeps, so that nothing about offer day
// lives only in a process's memory.
//
// Offers are released to parents on national offer day and not before
// (SI 2012/8, regulation 30; Schedule 2 requires the authority to send
// every offer on that day). Running the allocation makes a preview for
// officers (Place) that parents cannot see (OfferFor returns
// ErrNotPublished). From the start of OfferDay, in UK time, parents see
// their offer whether or not an officer has pressed Publish: publication
// is automatic on the day, so that no parent waits past the statutory day
// because a button was not pressed. Publish records the publication (who,
// when) and makes the offer-made events; an officer, or a job scheduled on
// offer day, should call it then so that notifications go out. A response
// received before anyone called Publish publishes the round first, with an
// empty PublishedBy. Publish is refused before offer day
// (ErrBeforeOfferDay).
//
// A parent accepts or declines online until the day AcceptanceDeadline
// gives (two weeks after the offer; Respond returns ErrResponseClosed
// afterwards); a decline offers the place down the waiting list as
// Book.Decline does, and the changes are kept here.
//
// Every method takes the time it acts at: none reads the clock. Methods
// change the record they are called on; use them inside ModifyRound. A
// RoundRecord is not safe for concurrent use, but every record a store
// returns is the caller's own copy.
type RoundRecord struct {
	// ID names the intake: RoundID(SchoolYear, EntryYear). A council has
	// one record per intake, so that only one allocation can ever be
	// released to parents.
	ID      string             `json:"id"`
	Council councilkit.Council `json:"council"`
	// Phase is the phase of the intake: Secondary for Year 7 transfer,
	// Primary for Reception.
	Phase      Phase      `json:"phase"`
	SchoolYear SchoolYear `json:"school_year"`
	EntryYear  YearGroup  `json:"entry_year"`
	// OfferDay is national offer day for the intake (NationalOfferDay).
	OfferDay calendar.Date `json:"offer_day"`
	// RunAt is when the allocation was run and RunBy the officer who ran
	// it.
	RunAt time.Time `json:"run_at"`
	RunBy string    `json:"run_by"`
	// PublishedAt is when the offers were published to parents: zero until
	// then. PublishedBy is the officer who published them, or empty when
	// the first parent's response published them on or after offer day.
	PublishedAt time.Time `json:"published_at,omitzero"`
	PublishedBy string    `json:"published_by,omitempty"`
	// Changed is when the record last changed: the time of its events.
	Changed time.Time `json:"changed,omitzero"`
	// Places holds each child's place, one per application, in the order
	// of the allocation.
	Places []RoundPlace `json:"places"`
	// Schools holds each school's admission number and waiting list, in
	// the order of the scheme.
	Schools []RoundSchool `json:"schools"`
	// Result is the allocation as it was run, in Result.MarshalJSON's
	// form: every child's outcome with its reasons, each school's summary
	// and the tie-break seed, for officers, appeals and the archive. It
	// does not change after the run: Places and Schools hold the state
	// since.
	Result json.RawMessage `json:"result,omitempty"`
	// Version is maintained by stores for optimistic concurrency.
	Version int64 `json:"version"`
}

// RoundPlace is one child's place in a round: the offer and the parent's
// response.
type RoundPlace struct {
	ApplicationID string `json:"application_id"`
	// Preferences are the schools the parent named, in order: the waiting
	// lists a child stays on depend on them.
	Preferences []URN `json:"preferences,omitempty"`
	// School is the school offered (Status Offered) or accepted (Status
	// Accepted), or zero (NoOffer).
	School URN `json:"school,omitempty"`
	// Preference is School's place in Preferences (1 for first), 0 for a
	// school the parent did not name or no offer.
	Preference uint8 `json:"preference,omitempty"`
	// Basis is why the child was offered School.
	Basis  Basis  `json:"basis"`
	Status Status `json:"status"`
	// OfferedOn is the day School was offered: OfferDay for the
	// allocation's offers, the day of the change for an offer from a
	// waiting list. RespondBy is the last day to accept or decline it.
	OfferedOn calendar.Date `json:"offered_on,omitzero"`
	RespondBy calendar.Date `json:"respond_by,omitzero"`
	// Declined is the school whose offer the parent declined, or zero.
	Declined URN `json:"declined,omitempty"`
	// RespondedAt is when the parent last accepted or declined.
	RespondedAt time.Time `json:"responded_at,omitzero"`
}

// RoundSchool is a school's state in a round: its admission number for the
// intake and its waiting list.
type RoundSchool struct {
	URN URN `json:"urn"`
	PAN int `json:"pan"`
	// Waiting are the application IDs on the school's waiting list, best
	// ranked first (Code paragraph 2.15).
	Waiting []string `json:"waiting,omitempty"`
}

// RoundRun describes an allocation run, for NewRoundRecord.
type RoundRun struct {
	// At is when the allocation was run; Officer who ran it (required).
	At      time.Time
	Officer string
	// Phase is the intake's phase; UnknownPhase means Secondary for a
	// Year 7 intake and Primary otherwise.
	Phase Phase
	// OfferDay is national offer day. Zero means the scheme's OfferDate,
	// or, if that is zero too, NationalOfferDay with weekends skipped.
	OfferDay calendar.Date
}

// RoundID returns the ID of the RoundRecord of an intake: "2027-7" for
// entry to Year 7 in 2027/28, "2027-R" for Reception. A portal finds the
// round of a parent's application a by RoundID(a.SchoolYear, a.EntryYear).
func RoundID(y SchoolYear, g YearGroup) string {
	eg := "R"
	if g != Reception {
		eg = strconv.Itoa(int(g))
	}
	return strconv.Itoa(int(y)) + "-" + eg
}

// NewRoundRecord records an allocation run: the Result Allocate computed
// from scheme s, as a preview that parents cannot see until offer day.
// The record keeps its own copies: s and the applications may change
// afterwards. Every child offered a place must respond by
// AcceptanceDeadline(OfferDay).
func NewRoundRecord(s *Scheme, r *Result, run RoundRun) (*RoundRecord, error) {
	if s == nil || r == nil {
		return nil, fmt.Errorf("%w: NewRoundRecord needs a scheme and a result", ErrInvalidState)
	}
	var ps councilkit.Problems
	if run.At.IsZero() {
		ps.Add("at", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if run.Officer == "" {
		ps.Add("officer", councilkit.CodeRequired, councilkit.RequiredText())
	}
	if r.Council != s.Council || r.SchoolYear != s.SchoolYear || r.EntryYear != s.EntryYear {
		ps.Add("result", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	if err := ps.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidState, err)
	}
	phase := run.Phase
	if phase == UnknownPhase {
		phase = Primary
		if s.EntryYear == Year7 {
			phase = Secondary
		}
	}
	offerDay := run.OfferDay
	if offerDay.IsZero() {
		offerDay = s.OfferDate
	}
	if offerDay.IsZero() {
		offerDay = NationalOfferDay(phase, s.SchoolYear, nil)
	}
	rec := &RoundRecord{
		ID: RoundID(s.SchoolYear, s.EntryYear), Council: s.Council, Phase: phase,
		SchoolYear: s.SchoolYear, EntryYear: s.EntryYear, OfferDay: offerDay,
		RunAt: run.At, RunBy: run.Officer, Changed: run.At,
		Places:  make([]RoundPlace, len(r.Outcomes)),
		Schools: make([]RoundSchool, len(r.Schools)),
	}
	respondBy := AcceptanceDeadline(offerDay)
	for i, o := range r.Outcomes {
		p := RoundPlace{
			ApplicationID: r.ApplicationID(i),
			Preferences:   slices.Clone(r.keys.apps[i].Preferences),
			School:        o.Offer, Preference: o.Preference, Basis: o.Basis,
		}
		if o.Offer != 0 {
			p.Status, p.OfferedOn, p.RespondBy = Offered, offerDay, respondBy
		}
		rec.Places[i] = p
	}
	for i, sr := range r.Schools {
		rs := RoundSchool{URN: sr.URN, PAN: sr.PAN}
		for _, w := range r.WaitingList(sr.URN) {
			rs.Waiting = append(rs.Waiting, w.ApplicationID)
		}
		rec.Schools[i] = rs
	}
	b, err := r.MarshalJSON()
	if err != nil {
		return nil, err
	}
	rec.Result = b
	return rec, nil
}

// CheckRound is for RoundStore implementations: it returns the error
// Create and Update must return for a record they cannot store: a
// *councilkit.ValidationError that also matches ErrInvalidState for a nil
// record or one whose ID is not RoundID(SchoolYear, EntryYear), and
// ErrBeforeOfferDay for one published before its OfferDay (in UK time),
// however its PublishedAt was set.
func CheckRound(r *RoundRecord) error {
	var ps councilkit.Problems
	switch {
	case r == nil:
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
	case r.ID == "":
		ps.Add("id", councilkit.CodeRequired, councilkit.RequiredText())
	case r.ID != RoundID(r.SchoolYear, r.EntryYear):
		ps.Add("id", councilkit.CodeInvalid, councilkit.InvalidText())
	}
	if err := ps.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidState, err)
	}
	if !r.PublishedAt.IsZero() && calendar.DateOf(r.PublishedAt).Before(r.OfferDay) {
		return fmt.Errorf("%w: published on %s, offer day is %s", ErrBeforeOfferDay, calendar.DateOf(r.PublishedAt), r.OfferDay)
	}
	return nil
}

// Clone returns a deep copy of r.
func (r *RoundRecord) Clone() *RoundRecord {
	c := *r
	c.Places = slices.Clone(r.Places)
	for i := range c.Places {
		c.Places[i].Preferences = slices.Clone(c.Places[i].Preferences)
	}
	c.Schools = slices.Clone(r.Schools)
	for i := range c.Schools {
		c.Schools[i].Waiting = slices.Clone(c.Schools[i].Waiting)
	}
	c.Result = slices.Clone(r.Result)
	return &c
}

// LogValue implements slog.LogValuer: the round's identity and counts,
// never a child's details.
func (r *RoundRecord) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", r.ID),
		slog.String("council", r.Council.String()),
		slog.String("offer_day", r.OfferDay.String()),
		slog.Bool("published", !r.PublishedAt.IsZero()),
		slog.Int("places", len(r.Places)),
		slog.Int64("version", r.Version),
	)
}

// Visible reports whether parents can see their offers at now: once they
// are published, and in any case from the start of OfferDay in UK time
// (calendar.DateOf). Since Publish is refused before OfferDay, they are
// never visible before it.
func (r *RoundRecord) Visible(now time.Time) bool {
	return !r.PublishedAt.IsZero() || !calendar.DateOf(now).Before(r.OfferDay)
}

// Publish records that officer published the offers to parents at now. It
// fails with ErrBeforeOfferDay before OfferDay (in UK time), with
// ErrAlreadyPublished if they were published before, and with a
// *councilkit.ValidationError without an officer; a failure changes
// nothing.
func (r *RoundRecord) Publish(now time.Time, officer string) error {
	if officer == "" {
		var ps councilkit.Problems
		ps.Add("officer", councilkit.CodeRequired, councilkit.RequiredText())
		return fmt.Errorf("%w: %w", ErrInvalidState, ps.Err())
	}
	if today := calendar.DateOf(now); today.Before(r.OfferDay) {
		return fmt.Errorf("%w: offer day is %s", ErrBeforeOfferDay, r.OfferDay)
	}
	if !r.PublishedAt.IsZero() {
		return ErrAlreadyPublished
	}
	r.PublishedAt, r.PublishedBy, r.Changed = now, officer, now
	return nil
}

func (r *RoundRecord) place(applicationID string) (int, error) {
	for i := range r.Places {
		if r.Places[i].ApplicationID == applicationID {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: application not in the round", ErrNotFound)
}

// Place returns a child's place as it stands, published or not: the
// officers' view, and the preview of an allocation before offer day. Never
// show it to a parent: use OfferFor.
func (r *RoundRecord) Place(applicationID string) (RoundPlace, error) {
	i, err := r.place(applicationID)
	if err != nil {
		return RoundPlace{}, err
	}
	p := r.Places[i]
	p.Preferences = slices.Clone(p.Preferences)
	return p, nil
}

// OfferFor returns a child's place as their parent may see it at now. Until
// the offers are visible (Visible) it returns the zero RoundPlace and
// ErrNotPublished, for every application alike, so a parent learns
// nothing, not even whether the child was placed. An application not in
// the round is ErrNotFound once they are visible.
func (r *RoundRecord) OfferFor(applicationID string, now time.Time) (RoundPlace, error) {
	if !r.Visible(now) {
		return RoundPlace{}, fmt.Errorf("%w: offers are released on %s", ErrNotPublished, r.OfferDay)
	}
	return r.Place(applicationID)
}

// Respond records the parent's answer at now to the place offered to
// their child: accept, or decline. It fails with ErrNotPublished before
// the offers are visible, ErrResponseClosed after the place's RespondBy
// day (in UK time), ErrInvalidState if the child holds no place and
// ErrNotFound for an application not in the round; a failure changes
// nothing. On or after offer day, a response to a round nobody has
// published publishes it (PublishedBy empty).
//
// Accepting a place already accepted changes nothing. Declining gives the
// place up (an accepted one too) and takes the child off every waiting
// list; the place goes down the school's waiting list, and each child
// offered a better place gives up their old one in turn, as Book.Decline
// does. Respond returns those changes, the parent's own first; each child
// offered a place from a waiting list must respond by
// AcceptanceDeadline of the day it was offered. After RespondBy a parent
// who wants to give up a place asks the council; an officer's change is
// not modelled here.
func (r *RoundRecord) Respond(applicationID string, accept bool, now time.Time) ([]Change, error) {
	i, err := r.place(applicationID)
	if err != nil {
		return nil, err
	}
	if !r.Visible(now) {
		return nil, fmt.Errorf("%w: offers are released on %s", ErrNotPublished, r.OfferDay)
	}
	p := &r.Places[i]
	if p.Status == NoOffer {
		return nil, fmt.Errorf("%w: no place to accept or decline", ErrInvalidState)
	}
	today := calendar.DateOf(now)
	if today.After(p.RespondBy) {
		return nil, fmt.Errorf("%w: the last day was %s", ErrResponseClosed, p.RespondBy)
	}
	if accept && p.Status == Accepted {
		return nil, nil
	}
	if r.PublishedAt.IsZero() {
		r.PublishedAt, r.PublishedBy = now, ""
	}
	r.Changed = now
	if accept {
		p.Status, p.RespondedAt = Accepted, now
		return nil, nil
	}
	b := r.book()
	changes, err := b.Decline(applicationID)
	if err != nil {
		return nil, err // cannot happen: the child holds a place
	}
	declined := p.School
	r.apply(b, changes, today)
	p = &r.Places[i]
	p.Declined, p.RespondedAt = declined, now
	return changes, nil
}

// Rerun replaces the allocation with next, a new run for the same intake
// (after late applications, or a corrected scheme), keeping the record's
// ID and Version. It fails with ErrAlreadyPublished once parents can see
// the offers (Visible at now), and with ErrInvalidState if next is for
// another council or intake; a failure changes nothing.
func (r *RoundRecord) Rerun(next *RoundRecord, now time.Time) error {
	if r.Visible(now) {
		return ErrAlreadyPublished
	}
	if next == nil || next.ID != r.ID || (!next.Council.IsZero() && next.Council != r.Council) {
		return fmt.Errorf("%w: the new run is for another council or intake", ErrInvalidState)
	}
	n := next.Clone()
	n.Council, n.Version = r.Council, r.Version
	*r = *n
	return nil
}

// book rebuilds the Book of the record's current state: enough to offer
// freed places down the waiting lists (the criteria are not needed for
// that: the lists are already ranked).
func (r *RoundRecord) book() *Book {
	s := &Scheme{Council: r.Council, EntryYear: r.EntryYear, SchoolYear: r.SchoolYear, Schools: make([]School, len(r.Schools))}
	for i, rs := range r.Schools {
		s.Schools[i] = School{URN: rs.URN, PAN: map[YearGroup]int{r.EntryYear: rs.PAN}}
	}
	b := &Book{s: s, schools: make(map[URN]*bookSchool, len(s.Schools)), byID: make(map[string]int32, len(r.Places))}
	b.kids = make([]*bookChild, len(r.Places))
	for i := range r.Places {
		p := &r.Places[i]
		b.kids[i] = &bookChild{app: &Application{ID: p.ApplicationID, Preferences: p.Preferences}, offer: p.School, status: p.Status}
		b.byID[p.ApplicationID] = int32(i)
	}
	for i := range s.Schools {
		bs := &bookSchool{sc: &s.Schools[i], ix: int32(i), pan: r.Schools[i].PAN}
		for j, id := range r.Schools[i].Waiting {
			if k, ok := b.byID[id]; ok {
				bs.waiting = append(bs.waiting, held{key: uint64(j), app: k})
			}
		}
		b.schools[bs.sc.URN] = bs
	}
	for _, c := range b.kids {
		if bs := b.schools[c.offer]; bs != nil {
			bs.holding++
		}
	}
	return b
}

// apply writes a Book's state after changes back into the record: the
// places that changed, offered on today, and every waiting list.
func (r *RoundRecord) apply(b *Book, changes []Change, today calendar.Date) {
	for _, ch := range changes {
		i := b.byID[ch.ApplicationID]
		c, p := b.kids[i], &r.Places[i]
		p.School, p.Status = c.offer, c.status
		p.Preference, p.Basis = 0, Unplaced
		p.OfferedOn, p.RespondBy, p.RespondedAt = calendar.Date{}, calendar.Date{}, time.Time{}
		if c.offer != 0 {
			if j := slices.Index(p.Preferences, c.offer); j >= 0 && j < 255 {
				p.Preference = uint8(j + 1)
			}
			p.Basis, p.OfferedOn, p.RespondBy = Ranked, today, AcceptanceDeadline(today)
		}
	}
	for i := range r.Schools {
		bs := b.schools[r.Schools[i].URN]
		w := make([]string, len(bs.waiting))
		for j, h := range bs.waiting {
			w[j] = b.kids[h.app].app.ID
		}
		if len(w) == 0 {
			w = nil
		}
		r.Schools[i].Waiting = w
	}
}
