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
// BoundaryAreaM2 measures it. Applications live in an ApplicationStore, each
// tied to a councilkit.Council; MemStore is the in-memory default and
// planningtest holds the conformance suite every store must pass. Package
// odp reads and writes the Digital Planning Data Schemas payloads that PlanX
// sends to back-office systems.
package planning
