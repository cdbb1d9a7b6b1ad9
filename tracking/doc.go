// Package tracking answers a signed-in resident's question "where have my
// applications and payments got to?": a timeline across every service,
// built from the events the stores record (package events). For each of the
// resident's records (payments, school applications, free school meals
// applications and planning applications) a [Tracker] reads the record's
// events, oldest first, and folds them into an [Item]: its current [Status]
// with a label in English and Welsh, when it last changed, what happens
// next and by when. The dates are the ones councilkit already computes or
// the events carry: national offer day and the day to accept a school place
// by (SI 2012/8 reg. 30 and Sch. 2 para. 1(f)), a free school meals review,
// the end of a planning consultation, the statutory day a planning
// application must be decided by, and the last day to appeal against a
// refusal (DMPO 2015 art. 37). Items come most recently changed first.
//
// Which records belong to which resident is not in the events, which carry
// no personal data: the caller, a council's portal, keeps that link when the
// resident starts a payment or an application, and passes the records as
// [Ref]s. A Tracker reads only the council it is asked for, so a record of
// another council, like one with no events yet, is reported as missing and
// never shown. Not modelled: council tax bills (their events name an
// account, not a resident's record); national offer day outside England,
// where each authority sets its own; appeal deadlines in Wales; whether a
// refused planning application was a minor commercial one, which changes the
// appeal deadline, so the resident is sent to the decision notice instead;
// and events of types this package does not know (a later version), which
// are skipped.
package tracking
