// Package postgres keeps councilkit's records in PostgreSQL (13 or later),
// through github.com/jackc/pgx/v5. It is the durable alternative to the
// in-memory stores each domain package ships: Open a DB, call Migrate once
// at start-up, and take each domain's store from the DB (DB.Payments, ...).
// Every store passes the same conformance suite as the in-memory one.
//
// Councils' records live side by side in one schema, councilkit. Every
// table carries the council's GSS code, every query filters on it, and, as
// a second line of defence, row-level security policies compare each row's
// council with the transaction-local setting councilkit.council, which
// DB.InCouncil sets before running any statement. A query that forgot its
// filter therefore still sees only its own council's rows, and a
// transaction that never set a council sees none. Superusers and roles
// with BYPASSRLS are exempt from row-level security, so Open refuses them:
// connect the application as an ordinary role, ideally the one that ran
// Migrate and so owns the tables (FORCE ROW LEVEL SECURITY applies the
// policies to the owner too). If another role migrates, grant the
// application role USAGE on schema councilkit and SELECT, INSERT, UPDATE,
// DELETE on its tables.
//
// Money is stored as bigint pence, civil dates as date, instants as
// timestamptz and identifiers as their canonical strings. Transactions
// that the server aborts to resolve a conflict (serialization failure,
// deadlock) are retried; other transient failures, such as a connection
// killed mid-transaction, come back as errors that satisfy
// errors.Is(err, ErrRetryable), with nothing partially written.
package postgres
