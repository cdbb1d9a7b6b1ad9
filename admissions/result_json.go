package admissions

import (
	"encoding/json"

	"github.com/lgds/councilkit"
)

// standingJSON is a Standing as published: the criterion by its code and
// the distance in metres (null when unknown).
type standingJSON struct {
	Criterion string   `json:"criterion"`
	Late      bool     `json:"late,omitempty"`
	Distance  *float64 `json:"distance_m"`
}

func (r *Result) standingJSON(u URN, s Standing) standingJSON {
	out := standingJSON{Criterion: r.CriterionCode(u, s), Late: s.Late}
	if m := s.DistanceMetres(); m >= 0 {
		out.Distance = &m
	}
	return out
}

type refusalJSON struct {
	School         URN           `json:"school"`
	Preference     uint8         `json:"preference"`
	Own            standingJSON  `json:"own"`
	LastOffered    *standingJSON `json:"last_offered,omitempty"`
	NoRankedPlaces bool          `json:"no_ranked_places,omitempty"`
}

type outcomeJSON struct {
	ApplicationID string        `json:"application_id"`
	Offer         URN           `json:"offer,omitempty"`
	Preference    uint8         `json:"preference,omitempty"`
	Basis         Basis         `json:"basis"`
	Standing      *standingJSON `json:"standing,omitempty"`
	Refusals      []refusalJSON `json:"refusals,omitempty"`
}

type schoolJSON struct {
	URN            URN           `json:"urn"`
	PAN            int           `json:"pan"`
	EHC            int           `json:"ehc"`
	Ranked         int           `json:"ranked"`
	Nearest        int           `json:"nearest"`
	Oversubscribed bool          `json:"oversubscribed"`
	LastOffered    *standingJSON `json:"last_offered,omitempty"`
	WaitingList    []string      `json:"waiting_list,omitempty"`
}

type resultJSON struct {
	Council    councilkit.Council `json:"council"`
	EntryYear  YearGroup          `json:"entry_year"`
	SchoolYear SchoolYear         `json:"school_year"`
	TieBreak   TieBreak           `json:"tie_break"`
	Schools    []schoolJSON       `json:"schools"`
	Outcomes   []outcomeJSON      `json:"outcomes"`
}

// MarshalJSON writes the whole result as it would be published or
// archived: the tie-break seed and mode, each school's summary and waiting
// list, and every child's outcome with its reasons, criteria by code and
// distances in metres.
func (r *Result) MarshalJSON() ([]byte, error) {
	out := resultJSON{
		Council: r.Council, EntryYear: r.EntryYear, SchoolYear: r.SchoolYear, TieBreak: r.TieBreak,
		Schools:  make([]schoolJSON, len(r.Schools)),
		Outcomes: make([]outcomeJSON, len(r.Outcomes)),
	}
	for i, s := range r.Schools {
		sj := schoolJSON{URN: s.URN, PAN: s.PAN, EHC: s.EHC, Ranked: s.Ranked, Nearest: s.Nearest, Oversubscribed: s.Oversubscribed}
		if s.Ranked > 0 {
			st := r.standingJSON(s.URN, s.LastOffered)
			sj.LastOffered = &st
		}
		for _, h := range r.wl[r.wlStart[i]:r.wlStart[i+1]] {
			sj.WaitingList = append(sj.WaitingList, r.keys.apps[h.app].ID)
		}
		out.Schools[i] = sj
	}
	for i, o := range r.Outcomes {
		oj := outcomeJSON{ApplicationID: r.ApplicationID(i), Offer: o.Offer, Preference: o.Preference, Basis: o.Basis}
		if o.Basis == Ranked || o.Basis == NearestWithPlace {
			st := r.standingJSON(o.Offer, o.Standing)
			oj.Standing = &st
		}
		for _, ref := range r.Refusals(i) {
			rj := refusalJSON{School: ref.School, Preference: ref.Preference, Own: r.standingJSON(ref.School, ref.Own), NoRankedPlaces: ref.NoRankedPlaces}
			if !ref.NoRankedPlaces {
				st := r.standingJSON(ref.School, ref.LastOffered)
				rj.LastOffered = &st
			}
			oj.Refusals = append(oj.Refusals, rj)
		}
		out.Outcomes[i] = oj
	}
	return json.Marshal(out)
}
