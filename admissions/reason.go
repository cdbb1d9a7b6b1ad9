package admissions

import (
	"strconv"

	"golang.org/x/text/language"
)

var textOther = text("criterion.other")

// criterionText describes a standing's criterion at school i.
func (r *Result) criterionText(i int32, s Standing, tag language.Tag) string {
	sc := r.schools[i]
	t := textOther
	if int(s.Criterion) < len(sc.Criteria) {
		t = sc.Criteria[s.Criterion].Describe()
	}
	// The criterion in the reader's language first: a council's own
	// criterion may have no Welsh, and then its English stands in.
	out := t.In(tag)
	if s.Late {
		out = text("reason.late", "criterion", out).In(tag)
	}
	return out
}

// distanceText gives a standing's distance for a letter. An unknown
// distance at a school that ranks by distance is said to be not known (the
// child ranked after every child whose distance was measured); at a school
// that ranks by random draw, distance is not used.
func distanceText(s Standing, byDistance bool, tag language.Tag) string {
	m := s.DistanceMetres()
	switch {
	case m < 0 && byDistance:
		return text("reason.home_location_unknown").In(tag)
	case m < 0:
		return text("reason.distance_not_used").In(tag)
	}
	km := strconv.FormatFloat(m/1000, 'f', 3, 64)
	return text("reason.distance", "km", km).In(tag)
}

// ReasonText explains one refusal to a parent, in English or Welsh (by
// tag): the school, the preference, what the last child offered a place
// had, and what this child has.
func (r *Result) ReasonText(ref Refusal, tag language.Tag) string {
	i, ok := r.schoolIx[ref.School]
	if !ok {
		return ""
	}
	name := r.schools[i].Name
	if name == "" {
		name = ref.School.String()
	}
	head := text("reason.head", "school", name, "preference", strconv.Itoa(int(ref.Preference))).In(tag) + " "
	if ref.NoRankedPlaces && r.Schools[i].EHC == 0 {
		return head + text("reason.no_places").In(tag)
	}
	if ref.NoRankedPlaces {
		return head + text("reason.all_ehc").In(tag)
	}
	last := r.criterionText(i, ref.LastOffered, tag)
	own := r.criterionText(i, ref.Own, tag)
	byDist := r.schools[i].RankBy == ByDistance
	ld, od := distanceText(ref.LastOffered, byDist, tag), distanceText(ref.Own, byDist, tag)
	random := ref.Own.DistanceCM == UnknownDistance && r.schools[i].RankBy == ByRandom
	if random {
		return head + text("reason.random", "last", last, "own", own).In(tag)
	}
	return head + text("reason.distance_compared", "last", last, "last_distance", ld, "own", own, "own_distance", od).In(tag)
}
