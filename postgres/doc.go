// Package postgres keeps councilkit's records in PostgreSQL (13 or later),
// through github.com/jackc/pgx/v5. It is the durable alternative to the
// in-memory stores each domain package ships: Open a DB, call Migrate at
// start-up, and take each domain's store from it — DB.Payments
// (payments.Store), DB.Planning (planning.Store), DB.PlanningDocuments
// (planning.DocumentStore: the files supplied with applications, content
// as bytea), DB.PlanningComments (planning.CommentStore, append-only) and
// DB.Admissions (admissions.Store, plus bulk Import and
// SaveOffers), DB.AdmissionRounds (admissions.RoundStore),
// DB.FreeSchoolMeals (fsm.Store), DB.CouncilTax (counciltax.Store, issued
// council tax bills), DB.Webhooks (webhooks.Store: back-office endpoints
// and the record of deliveries to them) and DB.NoticesLedger
// (notices.Ledger: the outcome of each message sent to a resident, so that
// no instance sends one twice), and DB.Sandbox (sandbox.Store: the sandbox
// payment provider's own payments, shared by every instance). Each store passes its domain's
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
//
// # Delivering events
//
// The events the stores record (councilkit.events, package events) are
// delivered to subscribers with River (github.com/riverqueue/river, its
// pgx v5 driver), whose tables Migrate creates in schema councilkit_river
// with River's own migrations (they are not council-scoped, so they are
// kept out of schema councilkit, whose every table is; a River job names
// only a subscriber, a council and an event's position, ID and subject). List the subscribers in Config.Subscribers in
// every process that records events: in the transaction that records an
// event, the store inserts one River job for each subscriber that wants
// its type (InsertManyTx, unique per subscriber and event ID, so a second
// insert is harmless) and a row in councilkit.deliveries saying that the
// event is owed. Then run DB.Deliver in as many processes as you like;
// each delivery is made by one of them at a time. A handler is given the
// event as read from councilkit.events under the council's row-level
// security.
//
// Order per record: a delivery whose subscriber is still owed an earlier
// event of the same council and subject is snoozed (River's JobSnooze,
// which costs no attempt), from 25ms doubling to 30s; the delivery of the
// earlier event wakes it when done (River's JobRetry). Failures (an error,
// a panic, a timeout) are retried by River with the backoff of
// Config.Delivery; after Delivery.MaxAttempts River gives up (the job is
// "discarded", with every attempt's error kept in river_job), but the
// event stays owed and keeps holding back its record's later events for
// that subscriber, until DB.Redeliver enqueues it again. Nothing is dropped
// silently. A process killed mid-delivery leaves its deliveries "running"
// until River's leader rescues them, Delivery.RescueAfter after they
// began (the rescuer runs every 30 seconds), so a handler can be given an
// event twice: handlers deduplicate by Event.ID.
//
// Deliveries of every subscriber share one River queue, so a subscriber
// whose handler is slow holds workers that others could use; keep
// Delivery.Timeout short for handlers that call out. Grants: the role
// that runs Migrate owns River's tables; an application role that does
// not own them also needs USAGE on schema councilkit_river, SELECT,
// INSERT, UPDATE and DELETE on its tables, and USAGE on its sequences.
package postgres
