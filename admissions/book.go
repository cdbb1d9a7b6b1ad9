package admissions

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/internal/enum"
)

// Status is the state of a child's offer after offer day.
type Status uint8

// Statuses. Values are append-only.
const (
	// NoOffer: the child holds no place.
	NoOffer Status = iota
	// Offered: a place is offered and not yet accepted.
	Offered
	// Accepted: the parent accepted the place.
	Accepted
)

var statusNames = [...]string{"no_offer", "offered", "accepted"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) {
	return enum.Marshal(statusNames[:], s, "admissions", "Status")
}

// UnmarshalText implements encoding.TextUnmarshaler, accepting the names
// String gives.
func (s *Status) UnmarshalText(t []byte) error {
	i := slices.Index(statusNames[:], string(t))
	if i < 0 {
		return fmt.Errorf("admissions: unknown offer status")
	}
	*s = Status(i)
	return nil
}

// Change is one offer made or withdrawn by an operation on a Book.
type Change struct {
	ApplicationID string `json:"application_id"`
	// From is the school the child held before, or zero.
	From URN `json:"from,omitempty"`
	// To is the school now offered, or zero if the child gave up a place.
	To URN `json:"to,omitempty"`
}

// Book keeps a round's places after offer day: acceptances and declines,
// the waiting lists (re-ranked by the criteria on every addition, never by
// date; Code paragraph 2.15), and the offers made from them when places
// free up. A place freed at a school goes to the top of its waiting list;
// a child who moves up gives up their old place, which goes down that
// school's list in turn, and so on. Book is safe for concurrent use.
type Book struct {
	mu      sync.Mutex
	s       *Scheme
	schools map[URN]*bookSchool
	kids    []*bookChild
	byID    map[string]int32
}

type bookSchool struct {
	sc      *School
	ix      int32
	pan     int
	holding int
	waiting []held // sorted, best first
}

type bookChild struct {
	app    *Application
	offer  URN
	status Status
}

// NewBook starts a book from a round's result. apps must be the
// applications the result was computed from, in the same order; the book
// keeps its own copies.
func NewBook(s *Scheme, apps []Application, r *Result) (*Book, error) {
	if len(apps) != len(r.Outcomes) {
		return nil, fmt.Errorf("%w: %d applications for a result of %d", ErrInvalidState, len(apps), len(r.Outcomes))
	}
	b := &Book{s: s, schools: make(map[URN]*bookSchool, len(s.Schools)), byID: make(map[string]int32, len(apps))}
	for i := range s.Schools {
		sc := &s.Schools[i]
		b.schools[sc.URN] = &bookSchool{sc: sc, ix: int32(i), pan: sc.PAN[s.EntryYear]}
	}
	b.kids = make([]*bookChild, len(apps))
	for i := range apps {
		c := &bookChild{app: apps[i].Clone(), offer: r.Outcomes[i].Offer}
		if c.offer != 0 {
			c.status = Offered
			if bs := b.schools[c.offer]; bs != nil {
				bs.holding++
			}
		}
		b.kids[i] = c
		b.byID[apps[i].ID] = int32(i)
	}
	for i := range s.Schools {
		bs := b.schools[s.Schools[i].URN]
		bs.waiting = r.waiting(int32(i))
	}
	return b, nil
}

// rankKey is the packed key of an application at a school, as compile
// computes it.
func rankKey(s *Scheme, sc *School, a *Application) uint64 {
	late := !s.LateWithOnTime && s.IsLate(a)
	tier := slowTier(a, sc)
	var dist uint32 = UnknownDistance
	if sc.RankBy == ByDistance {
		dist = distanceCM(homePoint(&a.Home), sc.Location)
	}
	return packKey(late, tier, dist, s.TieBreak.draw(fnv1a(a.ID), sc.URN))
}

func (b *Book) child(id string) (int32, *bookChild, error) {
	i, ok := b.byID[id]
	if !ok {
		return 0, nil, fmt.Errorf("%w: application", ErrNotFound)
	}
	return i, b.kids[i], nil
}

// Offer returns the school a child holds and the state of the offer.
func (b *Book) Offer(applicationID string) (URN, Status, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, c, err := b.child(applicationID)
	if err != nil {
		return 0, NoOffer, err
	}
	return c.offer, c.status, nil
}

// Accept records that the parent accepted the place offered. The child
// stays on the waiting lists of schools they ranked higher.
func (b *Book) Accept(applicationID string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, c, err := b.child(applicationID)
	if err != nil {
		return err
	}
	if c.status == NoOffer {
		return fmt.Errorf("%w: no place to accept", ErrInvalidState)
	}
	c.status = Accepted
	return nil
}

// Decline gives up the child's place (offered or accepted) and takes them
// off every waiting list; the place goes to the top of that school's
// waiting list. It returns every change of offer that followed, the
// child's own first.
func (b *Book) Decline(applicationID string) ([]Change, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, c, err := b.child(applicationID)
	if err != nil {
		return nil, err
	}
	if c.status == NoOffer {
		return nil, fmt.Errorf("%w: no place to decline", ErrInvalidState)
	}
	for _, bs := range b.schools {
		bs.remove(i)
	}
	from := c.offer
	c.offer, c.status = 0, NoOffer
	changes := []Change{{ApplicationID: c.app.ID, From: from}}
	if bs := b.schools[from]; bs != nil {
		bs.holding--
		changes = b.fill(bs, changes)
	}
	return changes, nil
}

// AddToWaitingList puts a child on a school's waiting list, ranked by the
// school's criteria among those already there, and returns the changes
// that follow: if the school has a place free the child is offered it at
// once. A child not yet in the book (a late or in-year applicant) is added
// with their application; a child already holding a place must have
// ranked the school above it.
func (b *Book) AddToWaitingList(a *Application, school URN) (position int, changes []Change, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bs := b.schools[school]
	if bs == nil {
		return 0, nil, fmt.Errorf("%w: school not in the round", ErrNotFound)
	}
	i, ok := b.byID[a.ID]
	if !ok {
		i = int32(len(b.kids))
		b.kids = append(b.kids, &bookChild{app: a.Clone()})
		b.byID[a.ID] = i
	} else {
		b.kids[i].app = a.Clone()
	}
	c := b.kids[i]
	if c.offer == school {
		return 0, nil, fmt.Errorf("%w: the child already holds a place there", ErrInvalidState)
	}
	if c.offer != 0 && !prefersTo(c.app, school, c.offer) {
		return 0, nil, fmt.Errorf("%w: the child holds a place at a school they ranked higher", ErrInvalidState)
	}
	bs.remove(i)
	bs.insert(held{key: rankKey(b.s, bs.sc, c.app), app: i}, b)
	changes = b.fill(bs, nil)
	return bs.position(i), changes, nil
}

// RemoveFromWaitingList takes a child off one school's waiting list.
func (b *Book) RemoveFromWaitingList(applicationID string, school URN) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, _, err := b.child(applicationID)
	if err != nil {
		return err
	}
	bs := b.schools[school]
	if bs == nil || !bs.remove(i) {
		return fmt.Errorf("%w: not on that waiting list", ErrNotFound)
	}
	return nil
}

// WaitingList returns a school's waiting list as it stands.
func (b *Book) WaitingList(school URN) []WaitingEntry {
	b.mu.Lock()
	defer b.mu.Unlock()
	bs := b.schools[school]
	if bs == nil {
		return nil
	}
	out := make([]WaitingEntry, len(bs.waiting))
	for j, h := range bs.waiting {
		out[j] = WaitingEntry{Position: j + 1, ApplicationID: b.kids[h.app].app.ID, Standing: standingOf(h.key)}
	}
	return out
}

// Places returns how many places a school has left.
func (b *Book) Places(school URN) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if bs := b.schools[school]; bs != nil {
		return max(bs.pan-bs.holding, 0)
	}
	return 0
}

// fill offers free places at bs down its waiting list, following each
// child's move to the place they leave.
func (b *Book) fill(bs *bookSchool, changes []Change) []Change {
	queue := []*bookSchool{bs}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for s.holding < s.pan && len(s.waiting) > 0 {
			top := s.waiting[0]
			s.waiting = s.waiting[1:]
			c := b.kids[top.app]
			from := c.offer
			c.offer, c.status = s.sc.URN, Offered
			s.holding++
			// The child leaves the lists of schools they now hold a
			// better place than.
			for _, other := range b.schools {
				if other != s && !prefersTo(c.app, other.sc.URN, s.sc.URN) {
					other.remove(top.app)
				}
			}
			changes = append(changes, Change{ApplicationID: c.app.ID, From: from, To: s.sc.URN})
			if old := b.schools[from]; old != nil {
				old.holding--
				queue = append(queue, old)
			}
		}
	}
	return changes
}

// prefersTo reports whether a ranks school x above school y. A school not
// named ranks below every named one.
func prefersTo(a *Application, x, y URN) bool {
	ix, iy := slices.Index(a.Preferences, x), slices.Index(a.Preferences, y)
	switch {
	case ix < 0:
		return false
	case iy < 0:
		return true
	}
	return ix < iy
}

func (bs *bookSchool) insert(h held, b *Book) {
	j, _ := slices.BinarySearchFunc(bs.waiting, h, func(x, y held) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		return b.s.TieBreak.compare(bs.sc.URN, b.kids[x.app].app.ID, b.kids[y.app].app.ID)
	})
	bs.waiting = slices.Insert(bs.waiting, j, h)
}

func (bs *bookSchool) remove(i int32) bool {
	for j, h := range bs.waiting {
		if h.app == i {
			bs.waiting = slices.Delete(bs.waiting, j, j+1)
			return true
		}
	}
	return false
}

func (bs *bookSchool) position(i int32) int {
	for j, h := range bs.waiting {
		if h.app == i {
			return j + 1
		}
	}
	return 0
}

// CloseWaitingLists empties every waiting list, as an authority does when
// it stops keeping them, on day on. The lists must be kept until at least
// 31 December of the school year of admission (WaitingListsUntil; Code
// paragraph 2.15), so before 1 January it fails with ErrInvalidState and
// changes nothing. Places held are not affected.
func (b *Book) CloseWaitingLists(on calendar.Date) error {
	until := WaitingListsUntil(b.s.SchoolYear)
	if on.IsZero() || !on.After(until) {
		return fmt.Errorf("%w: waiting lists must be kept until at least %s", ErrInvalidState, until)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, bs := range b.schools {
		bs.waiting = nil
	}
	return nil
}

// AppealDeadlineFor returns the appeal deadline for a refusal notified on
// offer day (or later, for a late application).
func (s *Scheme) AppealDeadlineFor(notified calendar.Date, t *TermDates) (calendar.Date, error) {
	if notified.IsZero() {
		notified = s.OfferDate
	}
	return AppealDeadline(notified, t)
}
