// Package admissions runs an English local authority's coordinated school
// admissions round under the School Admissions Code (2021): parents name
// schools in order of preference, each school ranks its applicants by its
// published oversubscription criteria, and the authority makes every child
// one offer on national offer day. A Scheme describes the round (entry
// year, closing and offer dates, how many preferences, the published random
// tie-break seed) and its Schools (URN, PAN, location, ordered Criteria);
// Applications carry the child, the home address and the facts the criteria
// read. Scheme.Validate reports every problem with an application at once,
// in English and Welsh. Year groups follow the school year of 1 September
// to 31 August (Cohort, NormalYearGroup, YearGroupOf), with summer-born
// children allowed to start Reception a year late. Distances are straight
// lines on the OSGB36 National Grid, in metres; a home given in WGS84 is
// converted to the grid first, and a home whose location is unknown (or
// NaN, or off the grid) ranks after every measured one in its criterion,
// deterministically by the random draw.
//
// Allocate is the equal preference scheme as student-proposing deferred
// acceptance: children with an EHC plan naming a school are admitted
// first, even over the PAN; everyone else is offered the highest preference
// at which they rank within the places, and the result is the stable,
// applicant-optimal matching, reproducible from the seed. Each child's
// Refusals say, for every higher preference, the criterion and distance of
// the last child offered there and the child's own, which is what parents
// ask at appeal; each school's WaitingList is ranked by the criteria, not
// by date. After offer day a Book records acceptances and declines and
// offers freed places down the waiting lists; TermDates counts the school
// days for appeal deadlines and in-year outcomes.
//
// A RoundRecord keeps a round's outcome in a RoundStore (MemRoundStore in
// memory; the postgres package's AdmissionRoundStore), one per intake,
// from the officer's allocation run to the parents' answers. Running the
// allocation is a preview for officers only: parents see their offer from
// the start of national offer day in UK time (SI 2012/8, regulation 30),
// automatically, and an officer's Publish, refused before that day
// (ErrBeforeOfferDay), records the publication. Parents accept or decline
// until AcceptanceDeadline (ErrResponseClosed after); a decline offers the
// place down the waiting lists as Book.Decline does. Every change is
// recorded with its events (RoundEvents: offer made, accepted, declined,
// waiting list moved) in the same step. Not modelled: offers withdrawn by
// the authority (Code paragraph 2.13), late applications added to a
// published round, an officer's changes to the waiting lists after offer
// day (use a Book), and a time of day for publication other than
// midnight. Councils add their own
// criteria by implementing Criterion. Applications are kept in a
// [Store] ([MemStore] in memory, whose zero value is ready; the postgres
// package's AdmissionsStore in PostgreSQL), with the council as the second
// argument of every method and a versioned [Store.Update]; [Modify] retries
// a change on ErrConflict. The store errors are councilkit's. The package
// admissionstest holds the conformance suite every store must pass and a
// generator of synthetic rounds up to England's whole secondary transfer.
// An admissions officer's list of applications is a [Filter] (intake, ID,
// a substring of the ID, a school preferred, the days received) in a
// [Sort], a [Page] at a time from [ListPage], each page with the opaque
// [Cursor] of the next (keyset pagination, as in package payments).
package admissions
