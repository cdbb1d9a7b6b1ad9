// Package postgres keeps councilkit's records in PostgreSQL (13 or later),
// through github.com/jackc/pgx/v5. It is the durable alternative to the
// in-memory stores each domain package ships: Open a DB, call Migrate at
// start-up, and take each domain's store from it — DB.Payments
// (payments.Store), DB.Planning (planning.Store) and
// DB.Admissions (admissions.Store, plus bulk Import and
// SaveOffers), DB.AdmissionRounds (admissions.RoundStore),
// DB.FreeSchoolMeals (fsm.Store), DB.CouncilTax (counciltax.Store, issued
// council tax bills) and DB.Webhooks (webhooks.Store: back-office endpoints
// and the record of deliveries to them). Each store passes its domain's
// conformance suite, the same
// one the in-memory store passes, and follows the store conventions of the
// root package: the council second in every method, a versioned Update
// (ErrConflict when stale), ErrNoCouncil for the zero council.
//
// Councils' records live side by side in one schema, councilkit. Every
// table carries the council's GSS code, every query filters on it, and, as
// a second line of defence, row-level security policies compare each row's
// council with the transaction-local setting councilkit.council, which
// DB.InCouncil (and every store method) sets before running any statement.
// A query that forgot its filter therefore still sees only its own
// council's rows, and a connection with no council set sees none.
// Superusers and roles with BYPASSRLS are exempt from row-level security,
// so Open refuses them, and refuses a role that is a member (directly or
// through other roles) of one, since it could SET ROLE to it: connect the application as an ordinary role.
// The tables FORCE ROW LEVEL SECURITY, so the policies bind their owner
// too, but an owner may also ALTER a table to switch that off, so in
// production let a separate role own the schema and run Migrate, and
// connect the application as a role that does not own the tables: grant it
// USAGE on schema councilkit, SELECT, INSERT, UPDATE and DELETE on its
// tables, EXECUTE on function councilkit.events_since (EventLog.Since), and
// TEMP on the database (bulk loads stage rows in a temporary table). Running the application as the owner, as the example portal does
// for a single-database demonstration, relies on the application never
// issuing such a statement.
//
// Every store writes the domain events of a change (package events) into
// table councilkit.events in the same statement or transaction as the
// change: see EventLog.
//
// Migrations are embedded in the binary, numbered, and applied in order in
// one transaction under an advisory lock, so several instances may call
// Migrate at once. Money is stored as bigint pence, civil dates as date,
// instants as timestamptz, identifiers as their canonical strings, and
// payment and refund IDs (strings in Go) as uuid, so the payments store
// takes only canonical UUIDs;
// nested documents that no query filters on (a planning application's
// parties and site, an admissions application's child and home, a free
// school meals application, a council tax bill's liable people, address
// and lines) are kept
// as JSON beside the columns that are filtered on. Transactions that the
// server aborts to resolve a conflict (serialization failure, deadlock)
// are retried; other transient failures, such as a connection killed
// mid-transaction, come back as errors that satisfy
// errors.Is(err, ErrRetryable), with nothing partially written.
package postgres
