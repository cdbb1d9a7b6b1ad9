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
//
// # Conventions
//
// Every domain package follows the same conventions.
//
// Enums and constants:
//
//   - An enum is a named integer type with a list of constants. Its zero value
//     is exported and named for what it means (planning.StateNone,
//     payments.StatusUnknown, counciltax.NoBand, onelogin.CredentialNone);
//     where zero is a natural default it is that default
//     (payments.RoundHalfUp, onelogin.P0, admissions.Reception).
//   - Every value, the zero value included, has one readable name that
//     String, MarshalText (and so JSON) and, for types stored in SQL, Value
//     write, and that UnmarshalText and Scan read back: the zero State is
//     "none", never "". A value outside the list prints as "Type(n)" and
//     cannot be marshalled. Some types also accept "" when reading, as
//     earlier versions wrote it for the zero value.
//   - A ParseX function reads the names that come from outside (a GOV.UK Pay
//     or DfE status, a resident's choice). Where the zero value is not
//     something that can come from outside, ParseX refuses its name and only
//     UnmarshalText reads it (payments.ParseStatus refuses "unknown").
//   - Lists are append-only: values are never renumbered or renamed.
//   - A value that never changes is a constant (planning.TypeHouseholder) or
//     a function returning a fresh value (onelogin.SignedIn), never an
//     exported variable a caller could reassign. The exported variables are
//     sentinel errors, the language tags English and Welsh (x/text tags
//     cannot be constants) and the fixtures of the test helper packages.
//   - One name has one meaning across the module: English and Welsh are
//     language tags; GOV.UK Pay's page languages are payments.LanguageEnglish
//     and payments.LanguageWelsh.
//   - An exported function takes at most one bare bool: several facts about
//     a case travel in a struct (planning.DeadlineCase, planning.Transition).
//   - Money in a result is a payments.Amount, not int64 pence (planning's
//     fee lines, counciltax's bills, payments). A method of Amount that cannot fail on real money returns a bare value;
//     one that takes a count, ratio, factor or weights from the caller returns
//     an error for a bad one (Amount.Split and Amount.Allocate alike).
package councilkit
