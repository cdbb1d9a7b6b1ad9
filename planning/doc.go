// Package planning holds the rules every local planning authority in
// England applies the same way to planning applications: the types of
// application (named by their codes in the Digital Planning Data Schemas),
// the national information requirements that make an application valid,
// the fees set by the Town and Country Planning (Fees for Applications,
// Deemed Applications, Requests and Site Visits) (England) Regulations 2012,
// the statutory dates of the Development Management Procedure Order 2015
// and the General Permitted Development Order 2015, and the lifecycle from
// submission through determination to appeal.
//
// Fees are data: each Schedule holds the amounts in force from a date (22
// November 2012, 17 January 2018, 6 December 2023, 1 April 2025, 1 April
// 2026), and Calculate works out a fee "as at" the day an application is
// made, as a Breakdown whose every line cites its legal basis, without
// allocating. For a day before 22 November 2012 (the 1989 Fees Regulations)
// it answers with a *NoScheduleError; prior approval fees before 6 December
// 2023 are not modelled. Dates are calendar.Date values
// and every rule takes the dates it needs as arguments; public holidays come
// from the calendar package. A site's red line boundary is GeoJSON, and
// BoundaryAreaM2 measures it. Applications live in a [Store], each tied
// to a councilkit.Council that is the second argument of every method;
// [MemStore] is the in-memory default (its zero value is ready),
// [Store.Update] is a versioned compare-and-swap and [Modify] retries a
// change on ErrConflict, the store errors are councilkit's, and
// planningtest holds the conformance suite every store must pass. Package
// odp reads and writes the Digital Planning Data Schemas payloads that PlanX
// sends to back-office systems.
//
// # Documents and comments
//
// A file supplied with an application is a [DocumentFile], kept with its
// content in a [DocumentStore] ([MemDocumentStore] in memory; packages
// postgres and sqlite keep them durably), and listed without its content.
// [NewDocumentFile] takes a file as it arrives and judges it by its
// content, never by its name or the Content-Type the browser sent: PDF,
// JPEG and PNG only, the formats the BOPS back office accepts, found by
// their signatures ([SniffMediaType]); at most [DocumentLimits].MaxBytes,
// 10MB unless a council sets another, the Planning Portal's limit per
// file; and never a PDF with JavaScript, launch actions, attached files,
// rich media, XFA forms or actions that submit form data
// ([CheckDocumentContent]). Each refusal is a [DocumentError] matching one
// of ErrDocumentEmpty, ErrDocumentTooLarge, ErrDocumentType and
// ErrDocumentActiveContent, with a Code and an English and Welsh message
// in the GOV.UK Design System's words. The file's name is sanitised
// ([SanitiseFileName]) and treated as personal data. A portal serves a
// file only as a download (attachment, nosniff, a sandboxing content
// security policy), never inline, so nothing in it runs in the council's
// site. [Document.FileID] links an application's list of documents to the
// stored files.
//
// A representation about an application is a [Comment]: a consultee's
// response, a neighbour's letter or anyone else's comment, with its
// [Stance], kept in a [CommentStore] ([MemCommentStore] in memory).
// [Comment.InPeriod] says whether it reached the authority by the end of
// the period that counted: [ConsultationEnd] for publicity and neighbour
// notices (DMPO 2015 art. 33(1)), [ConsulteeResponseEnd] for a consultee
// (art. 22(2)). A late comment is recorded and marked, not refused: the
// authority may still take it into account. The commenter and the text
// are personal data; Comment and Commenter log and print without them.
//
// Neither a document nor a comment records an event: package events has
// no type for them, and a comment's event could carry no more than
// identifiers and its stance. The suites are
// planningtest.RunDocumentStoreTests and planningtest.RunCommentStoreTests.
//
// # Dates
//
// Modelled, for England:
//
//   - the determination period of each type and its deadline (DMPO 2015
//     art. 34), and the planning guarantee (Fees Regulations reg. 9A);
//   - the publicity and neighbour consultation periods (DMPO 2015 art. 33,
//     GPDO 2015 Sch. 2 prior approval paragraphs), with every public
//     holiday disregarded as S.I. 2018/119 requires: Christmas Day, Good
//     Friday and every bank holiday, on any day of the week, so Christmas
//     Day on a Sunday and Boxing Day on a Saturday extend the period
//     (ConsultationEnd, Holidays, calendar.Calendar.IsPublicHoliday);
//   - the prior approval determination period (56 or 42 days, holidays
//     counted);
//   - the time limit for the applicant's appeal, by ground of appeal
//     (refusal, conditions, non-determination): 12 weeks for a refused
//     householder or minor commercial application, 6 months for other
//     planning appeals, conditions and non-determination included, 28
//     days where an enforcement notice covers the same development (DMPO
//     2015 art. 37(2)), and the limits for listed building consent,
//     advertisement consent and tree preservation order consent
//     (AppealTimeLimit).
//
// Not modelled: Wales (the Development Management Procedure (Wales) Order
// 2012 has its own periods, appeal limits and definitions of householder
// and minor commercial applications; a Welsh council gets the English
// answers); Scotland and Northern Ireland; whether an application is a
// minor commercial application, which the caller decides from the
// building's use and the works; appeals against enforcement notices
// themselves, listed building and advertisement enforcement, and longer
// periods the Secretary of State allows; consultee periods (art. 18 to 22)
// and the further-information notice of art. 37(2)(d)(iii); the exclusion
// of EIA applications from the public-holiday rule in some orders
// (ConsultationEnd disregards holidays for them too, which can only give a
// later day).
package planning
