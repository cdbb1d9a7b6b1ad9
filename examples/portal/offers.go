package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

// Offer day. Running the allocation makes the round's record
// (admissions.RoundRecord) in the RoundStore: a preview that only officers
// see. Parents see their offer from national offer day (the record's
// OfferFor decides, with the portal's clock), or once an officer has
// published on or after that day; the Publish button is refused before it.
// A parent accepts or declines online until the respond-by day the package
// gives; a decline offers the place down the waiting list, and officers
// see the lists change.

// roundID is the record of the portal's one intake.
func (sd *seed) roundID() string {
	return admissions.RoundID(sd.scheme.SchoolYear, sd.scheme.EntryYear)
}

// officerActor names the signed-in officer in the round's events.
func officerActor(r *http.Request) (context.Context, string) {
	id := sessionFrom(r).User().Subject
	return events.WithActor(r.Context(), events.Actor{Kind: events.ActorOfficer, ID: id}), id
}

// roundResult returns the allocation rec was made from, for its reasons
// and criteria: the cached one, or, after a restart, the same allocation
// computed again from the stored applications if it gives exactly the
// result the record holds. It returns nil when it cannot (an application
// changed since the run): pages then show what the record alone says.
func (s *server) roundResult(ctx context.Context, sd *seed, rec *admissions.RoundRecord) *admissions.Result {
	sd.adm.mu.Lock()
	if sd.adm.result != nil && sd.adm.resultAt.Equal(rec.RunAt) {
		res := sd.adm.result
		sd.adm.mu.Unlock()
		return res
	}
	sd.adm.mu.Unlock()
	list, err := s.adm.store.List(ctx, sd.council, admissions.Filter{SchoolYear: sd.scheme.SchoolYear})
	if err != nil {
		return nil
	}
	apps := make([]admissions.Application, len(list))
	for i, a := range list {
		apps[i] = *a
	}
	res, err := admissions.Allocate(sd.scheme, apps)
	if err != nil {
		return nil
	}
	b, err := res.MarshalJSON()
	if err != nil || !sameJSON(b, rec.Result) {
		return nil
	}
	sd.adm.mu.Lock()
	sd.adm.result, sd.adm.resultAt = res, rec.RunAt
	sd.adm.mu.Unlock()
	return res
}

// sameJSON reports whether two JSON documents hold the same values, keys
// in any order (as a jsonb column returns them).
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// allocated returns each child's school in the allocation as run (the
// record's Result), so that an offer made since, from a waiting list, can
// be told from it even on offer day itself.
func allocated(rec *admissions.RoundRecord) map[string]admissions.URN {
	var res struct {
		Outcomes []struct {
			ApplicationID string         `json:"application_id"`
			Offer         admissions.URN `json:"offer"`
		} `json:"outcomes"`
	}
	_ = json.Unmarshal(rec.Result, &res) // unreadable: every offer looks new
	out := make(map[string]admissions.URN, len(res.Outcomes))
	for _, o := range res.Outcomes {
		out[o.ApplicationID] = o.Offer
	}
	return out
}

// The parent's view of an application: received, then on offer day the
// offer, its reasons, and the accept or decline form.

type applicationData struct {
	App        *admissions.Application
	OfferDate  calendar.Date
	Visible    bool
	Place      admissions.RoundPlace
	Offer      string // the school offered or accepted
	Declined   string // the school whose offer the parent declined
	FromList   bool   // the place was offered from a waiting list after offer day
	Basis      string
	Pref       int
	Reasons    []string
	CanRespond bool
	Closed     bool
	Response   field
}

// myApplication returns the signed-in parent's application id, or writes
// a not-found page: another parent's application is not found either.
func (s *server) myApplication(w http.ResponseWriter, r *http.Request) (*admissions.Application, bool) {
	id := r.PathValue("id")
	mine, err := s.isMine(r, linkAdmissions, id)
	if err != nil {
		s.unavailable(w, r, err)
		return nil, false
	}
	if !mine {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return nil, false
	}
	a, err := s.adm.store.Get(r.Context(), s.site(r).council, id)
	if errors.Is(err, admissions.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, "get application", err)
		return nil, false
	}
	return a, true
}

func (s *server) applicationPage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.myApplication(w, r)
	if !ok {
		return
	}
	s.renderApplication(w, r, http.StatusOK, a, "", nil)
}

func (s *server) renderApplication(w http.ResponseWriter, r *http.Request, status int, a *admissions.Application, response string, errs []fieldError) {
	v := s.newView(r, nil)
	v.Errors = errs
	now := s.cfg.Clock.Now()
	d := applicationData{App: a, OfferDate: s.site(r).scheme.OfferDate}
	id := admissions.RoundID(a.SchoolYear, a.EntryYear)
	place, err := s.adm.rounds.OfferFor(r.Context(), s.site(r).council, id, a.ID, now)
	switch {
	case err == nil:
		d.Visible, d.Place = true, place
	case errors.Is(err, admissions.ErrNotPublished), errors.Is(err, admissions.ErrNotFound):
		// Before offer day, or no round run, or a late application not in
		// it: the parent sees that it was received and when to expect news.
	default:
		s.serverError(w, r, "offer", err)
		return
	}
	if d.Visible {
		rec, err := s.adm.rounds.Get(r.Context(), s.site(r).council, id)
		if err != nil {
			s.serverError(w, r, "round", err)
			return
		}
		d.OfferDate = rec.OfferDay
		if !place.School.IsZero() {
			d.Offer = s.site(r).schoolName(place.School)
			d.Pref = int(place.Preference)
			d.Basis = place.Basis.String()
			d.FromList = allocated(rec)[a.ID] != place.School
		}
		if !place.Declined.IsZero() {
			d.Declined = s.site(r).schoolName(place.Declined)
		}
		if res := s.roundResult(r.Context(), s.site(r).seed, rec); res != nil && place.Declined.IsZero() {
			if i, ok := res.Index(a.ID); ok {
				for _, ref := range res.Explain(i).Refusals {
					// Only preferences higher than the place held now.
					if d.Pref == 0 || int(ref.Preference) < d.Pref {
						d.Reasons = append(d.Reasons, res.ReasonText(ref, v.Lang))
					}
				}
			}
		}
		if place.Status == admissions.Offered || place.Status == admissions.Accepted {
			today := calendar.DateOf(now)
			d.Closed = today.After(place.RespondBy)
			d.CanRespond = !d.Closed
		}
		opts := []option{
			{Value: "accept", Label: v.T("adm.respond.accept")},
			{Value: "decline", Label: v.T("adm.respond.decline"), Hint: v.T("adm.respond.decline.hint")},
		}
		if place.Status == admissions.Accepted {
			// Accepted: the parent may still give the place up by the day.
			opts = opts[1:]
		}
		d.Response = v.Radios("response", "adm.respond.legend", response, opts)
		d.Response.Hint = v.T("adm.respond.by") + " " + v.Date(place.RespondBy) + "."
	}
	v.Data = d
	s.render(w, r, status, "schools-application", v)
}

// respondToOffer records the parent's accept or decline with the round's
// Respond, which checks the respond-by day and offers a declined place
// down the waiting list.
func (s *server) respondToOffer(w http.ResponseWriter, r *http.Request) {
	a, ok := s.myApplication(w, r)
	if !ok {
		return
	}
	tag, _ := languageOf(r)
	choice := r.PostForm.Get("response")
	if choice != "accept" && choice != "decline" {
		s.renderApplication(w, r, http.StatusUnprocessableEntity, a, "", []fieldError{{Field: "response", ID: "response", Message: text("adm.respond.required", tag)}})
		return
	}
	now := s.cfg.Clock.Now()
	ctx := events.WithActor(r.Context(), events.Actor{Kind: events.ActorResident})
	_, err := admissions.ModifyRound(ctx, s.adm.rounds, s.site(r).council, admissions.RoundID(a.SchoolYear, a.EntryYear), func(rec *admissions.RoundRecord) error {
		_, err := rec.Respond(a.ID, choice == "accept", now)
		return err
	})
	switch {
	case err == nil:
		http.Redirect(w, r, "/schools/applications/"+a.ID, http.StatusSeeOther)
	case errors.Is(err, admissions.ErrResponseClosed):
		s.renderApplication(w, r, http.StatusUnprocessableEntity, a, choice, []fieldError{{Field: "response", ID: "response", Message: text("adm.respond.closed", tag)}})
	case errors.Is(err, admissions.ErrNotPublished), errors.Is(err, admissions.ErrNotFound), errors.Is(err, admissions.ErrInvalidState):
		// Nothing to answer (yet): the page says why.
		s.renderApplication(w, r, http.StatusConflict, a, "", nil)
	default:
		s.serverError(w, r, "respond to offer", err)
	}
}

// Officer side: run the round (a preview until offer day), publish on or
// after offer day, and see results, unplaced children, responses and
// waiting lists as they change.

type officerSchool struct {
	School         admissions.School
	PAN            int
	Holding        int // offered or accepted now
	Oversubscribed string
	Waiting        []waitingRow
}

type waitingRow struct {
	Position  int
	ID        string
	Criterion string
	Distance  string
}

type placeRow struct {
	ID     string
	Status string // a catalogue key
	School string
	Date   calendar.Date
}

type officerAdmissionsData struct {
	Scheme       *admissions.Scheme
	Applications int
	Run          bool
	RunAt        time.Time
	OfferDay     calendar.Date
	Visible      bool
	Published    bool
	PublishedAt  time.Time
	CanPublish   bool
	CanRerun     bool
	Placed       int
	Unplaced     []string
	Responses    []placeRow
	Schools      []officerSchool
}

func (s *server) officerAdmissions(w http.ResponseWriter, r *http.Request) {
	s.renderOfficerAdmissions(w, r, http.StatusOK, nil)
}

func (s *server) renderOfficerAdmissions(w http.ResponseWriter, r *http.Request, status int, errs []fieldError) {
	apps, err := s.adm.store.List(r.Context(), s.site(r).council, admissions.Filter{SchoolYear: s.site(r).scheme.SchoolYear})
	if err != nil {
		s.serverError(w, r, "list applications", err)
		return
	}
	now := s.cfg.Clock.Now()
	today := calendar.DateOf(now)
	d := officerAdmissionsData{Scheme: s.site(r).scheme, Applications: len(apps), OfferDay: s.site(r).scheme.OfferDate, CanRerun: true}
	rec, err := s.adm.rounds.Get(r.Context(), s.site(r).council, s.site(r).roundID())
	switch {
	case errors.Is(err, admissions.ErrNotFound):
	case err != nil:
		s.serverError(w, r, "round", err)
		return
	default:
		d.Run, d.RunAt, d.OfferDay = true, rec.RunAt, rec.OfferDay
		d.Visible = rec.Visible(now)
		d.Published, d.PublishedAt = !rec.PublishedAt.IsZero(), rec.PublishedAt
		d.CanPublish = !d.Published && !today.Before(rec.OfferDay)
		d.CanRerun = !d.Visible
		res := s.roundResult(r.Context(), s.site(r).seed, rec)
		orig := allocated(rec)
		for _, p := range rec.Places {
			row := placeRow{ID: p.ApplicationID, School: s.site(r).schoolName(p.School), Date: p.OfferedOn}
			switch {
			case p.Status == admissions.NoOffer && !p.Declined.IsZero():
				row.Status, row.School, row.Date = "adm.status.declined", s.site(r).schoolName(p.Declined), calendar.DateOf(p.RespondedAt)
			case p.Status == admissions.NoOffer:
				d.Unplaced = append(d.Unplaced, p.ApplicationID)
				continue
			case p.Status == admissions.Accepted:
				d.Placed++
				row.Status, row.Date = "adm.status.accepted", calendar.DateOf(p.RespondedAt)
			case orig[p.ApplicationID] != p.School:
				d.Placed++
				row.Status = "adm.status.fromlist"
			default:
				d.Placed++
				continue
			}
			d.Responses = append(d.Responses, row)
		}
		for _, rs := range rec.Schools {
			os := officerSchool{PAN: rs.PAN}
			for _, sc := range s.site(r).scheme.Schools {
				if sc.URN == rs.URN {
					os.School = sc
				}
			}
			for _, p := range rec.Places {
				if p.School == rs.URN {
					os.Holding++
				}
			}
			// The criteria and distances are the allocation's: the lists
			// keep their order as children leave them.
			standing := map[string]admissions.WaitingEntry{}
			if res != nil {
				if sr, ok := res.School(rs.URN); ok {
					os.Oversubscribed = "adm.off.no"
					if sr.Oversubscribed {
						os.Oversubscribed = "adm.off.yes"
					}
				}
				for _, e := range res.WaitingList(rs.URN) {
					standing[e.ApplicationID] = e
				}
			}
			for i, id := range rs.Waiting {
				row := waitingRow{Position: i + 1, ID: id}
				if e, ok := standing[id]; ok {
					row.Criterion = res.CriterionCode(rs.URN, e.Standing)
					row.Distance = strconv.FormatFloat(e.Standing.DistanceMetres()/1000, 'f', 2, 64)
				}
				os.Waiting = append(os.Waiting, row)
			}
			d.Schools = append(d.Schools, os)
		}
	}
	v := s.newView(r, d)
	v.Errors = errs
	s.render(w, r, status, "officer-admissions", v)
}

// runAllocation runs the round over every application in the store and
// keeps it as the round's record: a new record, or a rerun of the preview
// until parents can see the offers.
func (s *server) runAllocation(w http.ResponseWriter, r *http.Request) {
	sd := s.site(r)
	list, err := s.adm.store.List(r.Context(), s.site(r).council, admissions.Filter{SchoolYear: s.site(r).scheme.SchoolYear})
	if err != nil {
		s.serverError(w, r, "list applications", err)
		return
	}
	apps := make([]admissions.Application, len(list))
	for i, a := range list {
		apps[i] = *a
	}
	result, err := admissions.Allocate(s.site(r).scheme, apps)
	if err != nil {
		s.serverError(w, r, "allocate", err)
		return
	}
	ctx, officer := officerActor(r)
	now := s.cfg.Clock.Now()
	rec, err := admissions.NewRoundRecord(s.site(r).scheme, result, admissions.RoundRun{At: now, Officer: officer})
	if err != nil {
		s.serverError(w, r, "round record", err)
		return
	}
	err = s.adm.rounds.Create(ctx, s.site(r).council, rec)
	if errors.Is(err, admissions.ErrDuplicate) {
		_, err = admissions.ModifyRound(ctx, s.adm.rounds, s.site(r).council, rec.ID, func(old *admissions.RoundRecord) error {
			return old.Rerun(rec, now)
		})
	}
	if errors.Is(err, admissions.ErrAlreadyPublished) {
		tag, _ := languageOf(r)
		s.renderOfficerAdmissions(w, r, http.StatusConflict, []fieldError{{Field: "run", ID: "run-allocation", Message: text("adm.off.run.published", tag)}})
		return
	}
	if err != nil {
		s.serverError(w, r, "save round", err)
		return
	}
	sd.adm.mu.Lock()
	sd.adm.result, sd.adm.resultAt = result, rec.RunAt
	sd.adm.mu.Unlock()
	s.log.InfoContext(r.Context(), "admissions round run", "applications", len(apps))
	http.Redirect(w, r, "/officer/admissions", http.StatusSeeOther)
}

// publishOffers publishes the round's offers to parents: refused before
// offer day by the package.
func (s *server) publishOffers(w http.ResponseWriter, r *http.Request) {
	tag, _ := languageOf(r)
	ctx, officer := officerActor(r)
	now := s.cfg.Clock.Now()
	_, err := admissions.ModifyRound(ctx, s.adm.rounds, s.site(r).council, s.site(r).roundID(), func(rec *admissions.RoundRecord) error {
		return rec.Publish(now, officer)
	})
	var key string
	switch {
	case err == nil, errors.Is(err, admissions.ErrAlreadyPublished):
		http.Redirect(w, r, "/officer/admissions", http.StatusSeeOther)
		return
	case errors.Is(err, admissions.ErrBeforeOfferDay):
		key = "adm.off.publish.early"
	case errors.Is(err, admissions.ErrNotFound):
		key = "adm.off.publish.norun"
	default:
		s.serverError(w, r, "publish offers", err)
		return
	}
	msg := text(key, tag)
	if key == "adm.off.publish.early" {
		msg += " " + s.newView(r, nil).Date(s.site(r).scheme.OfferDate)
	}
	s.renderOfficerAdmissions(w, r, http.StatusUnprocessableEntity, []fieldError{{Field: "publish", ID: "publish", Message: msg}})
}
