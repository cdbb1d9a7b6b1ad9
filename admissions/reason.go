package admissions

import (
	"strconv"

	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
)

var (
	textOther = councilkit.Text{English: "Other children", Welsh: "Plant eraill"}
	textLateS = councilkit.Text{English: " (late application)", Welsh: " (cais hwyr)"}
)

// criterionText describes a standing's criterion at school i.
func (r *Result) criterionText(i int32, s Standing, tag language.Tag) string {
	sc := r.schools[i]
	t := textOther
	if int(s.Criterion) < len(sc.Criteria) {
		t = sc.Criteria[s.Criterion].Describe()
	}
	out := t.In(tag)
	if s.Late {
		out += textLateS.In(tag)
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
		return councilkit.Text{English: "home location not known", Welsh: "lleoliad y cartref yn anhysbys"}.In(tag)
	case m < 0:
		return councilkit.Text{English: "distance not used", Welsh: "pellter heb ei ddefnyddio"}.In(tag)
	}
	km := strconv.FormatFloat(m/1000, 'f', 3, 64)
	return councilkit.Text{English: km + " km from the school", Welsh: km + " km o'r ysgol"}.In(tag)
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
	n := strconv.Itoa(int(ref.Preference))
	head := councilkit.Text{
		English: name + " (your preference number " + n + ") could not offer a place. ",
		Welsh:   "Nid oedd " + name + " (eich dewis rhif " + n + ") yn gallu cynnig lle. ",
	}.In(tag)
	if ref.NoRankedPlaces && r.Schools[i].EHC == 0 {
		return head + councilkit.Text{
			English: "The school has no places in this year group.",
			Welsh:   "Nid oes gan yr ysgol leoedd yn y grŵp blwyddyn hwn.",
		}.In(tag)
	}
	if ref.NoRankedPlaces {
		return head + councilkit.Text{
			English: "Every place went to children whose education, health and care plan names the school.",
			Welsh:   "Aeth pob lle i blant y mae eu cynllun addysg, iechyd a gofal yn enwi'r ysgol.",
		}.In(tag)
	}
	last := r.criterionText(i, ref.LastOffered, tag)
	own := r.criterionText(i, ref.Own, tag)
	byDist := r.schools[i].RankBy == ByDistance
	ld, od := distanceText(ref.LastOffered, byDist, tag), distanceText(ref.Own, byDist, tag)
	random := ref.Own.DistanceCM == UnknownDistance && r.schools[i].RankBy == ByRandom
	if random {
		return head + councilkit.Text{
			English: "The last place went to a child in the category \u201c" + last + "\u201d. Your child is in the category \u201c" + own + "\u201d; children in the same category were ranked by random draw.",
			Welsh:   "Aeth y lle olaf i blentyn yn y categori \u201c" + last + "\u201d. Mae eich plentyn yn y categori \u201c" + own + "\u201d; cafodd plant yn yr un categori eu trefnu drwy hap-ddewis.",
		}.In(tag)
	}
	return head + councilkit.Text{
		English: "The last place went to a child in the category \u201c" + last + "\u201d, " + ld + ". Your child is in the category \u201c" + own + "\u201d, " + od + ".",
		Welsh:   "Aeth y lle olaf i blentyn yn y categori \u201c" + last + "\u201d, " + ld + ". Mae eich plentyn yn y categori \u201c" + own + "\u201d, " + od + ".",
	}.In(tag)
}
