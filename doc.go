// Package councilkit is the shared kernel of a Go module that UK councils and
// their suppliers import to build resident-facing services: paying council
// tax, applying for a school place or free school meals, submitting a
// planning application, signing in. There are more than 400 councils and each
// buys or builds its own portal for the same transactions; councilkit holds
// the rules once, typed, tested and fast, and each council compiles them into
// its own portal.
//
// This root package holds only what every domain needs. A Council names the
// local authority a record belongs to by its ONS GSS code, and every store in
// the module keeps one council's records apart from another's. A
// ValidationError carries every problem found in a value at once, each with a
// field path, a stable Code and a message in English and Welsh, so that a
// form can show an error summary in either language. A Clock is passed to
// anything that needs the time, so that no rule reads the wall clock itself
// and every decision can be replayed.
//
// A Council is only a code: a deployment names each council it serves once,
// with its English and Welsh name and its contact details, as a Profile in a
// Directory, and passes the profile to whatever prints the council (a
// council tax bill takes it with its charges), so every bill, notice and
// page names the council in the reader's language. The module keeps no list
// of councils; they are reorganised too often for one to stay right.
//
// The domains live in their own packages:
//
//   - calendar: civil dates, UK bank holidays by nation and working-day
//     arithmetic, on which every statutory deadline is built.
//   - identity: residents and places (National Insurance number, postcode,
//     UPRN, NHS number, unique pupil number, names, addresses) and GOV.UK One
//     Login sign-in.
//   - payments: money exact to the penny, the payment lifecycle, GOV.UK Pay
//     and a sandbox provider; payments/counciltax computes council tax bills.
//   - admissions: school applications and coordinated allocation with the
//     reasons for every offer, and free school meals eligibility.
//   - planning: application types, statutory fees, lifecycle and dates, and
//     exchange with the Digital Planning Data Schemas.
//   - postgres: durable PostgreSQL stores for every domain; each domain also
//     has an in-memory store as its embedded default.
//
// Personal data never appears unredacted in errors or logs: the identity
// types implement slog.LogValuer, and validation messages never repeat the
// value that was entered.
package councilkit
