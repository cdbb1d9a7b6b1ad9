// Package sqlite keeps councilkit's records in one SQLite file, through
// modernc.org/sqlite (SQLite translated to Go: no cgo, nothing to install).
// It is the durable embedded default: Open a file, call Migrate at start-up,
// and take each domain's store from it — DB.Payments (payments.Store),
// DB.Planning (planning.Store), DB.Admissions (admissions.Store, plus
// bulk Import, LoadRound and SaveOffers), DB.AdmissionRounds
// (admissions.RoundStore), DB.FreeSchoolMeals (fsm.Store), DB.CouncilTax
// (counciltax.Store, issued bills) and DB.Webhooks (webhooks.Store:
// endpoints and deliveries). Each store passes its domain's
// conformance suite, the same one the in-memory and PostgreSQL stores
// pass, and follows the store conventions of the root package. Use SQLite
// for one council's service, or a few, on one machine: a pilot, a small
// district's portal, a supplier's demonstration, development that must
// survive a restart. Use package postgres when more than one machine runs
// the service, when writes are many (SQLite makes one write at a time, each
// synced to disk: a few hundred to a few thousand a second, depending on
// the disk), or when councils' records must be kept apart by the database
// itself: PostgreSQL enforces council isolation with row-level security,
// which SQLite does not have. Here isolation rests on the statements:
// every one names the council (as parameter ?1, supplied by the package,
// never by the caller) for every table it touches, a statement that does
// not is refused before it runs, and a test reads the package's source to
// find one. DB.Backup copies the open file consistently (not cp). Not
// modelled: replication.
//
// Events: every store records the domain events of each change
// (payments.ChangeEvents, planning.ChangeEvents, admissions.ChangeEvents,
// admissions.RoundEvents, fsm.ChangeEvents, counciltax.ChangeEvents,
// derived from the record as stored before the change, read in the same
// transaction, and after it) in the table events, in the same write
// transaction as the change: a transactional outbox. The webhook store
// records none, as in PostgreSQL: its records are the delivery of events. A change that fails
// records nothing, an event that cannot be recorded rolls its change back,
// and a crash between the two cannot happen, since there is one commit.
// DB.Events (and each store's EventLog) is the log as an events.Log.
// Positions come from an AUTOINCREMENT key and SQLite makes one write at a
// time on a file, so they follow commit order and a reader that continues
// from the last position it read misses nothing. EventLog.Since, which a
// dispatcher calls to read every council's events, is the package's one
// statement that does not name a council; it returns only the event
// envelopes, which hold no personal data. Records stored before migration
// 4 have no events: the log starts when it is created. Delivering the
// events to subscribers is not done here.
//
// Personal data (the names, dates of birth, National Insurance numbers and
// addresses in free school meals records, council tax bills and admissions
// applications) is kept in each row's JSON document only, never in a
// column an index or a constraint error could show, as in PostgreSQL; the
// events hold none. Webhook endpoints' signing secrets are stored as given,
// since the sender needs them: keep the file's backups as safe as the
// application's own secrets.
//
// Durability: a Create, Update or other write returns only after its
// transaction has committed and SQLite has synced the write-ahead log to
// disk (journal_mode=WAL, synchronous=FULL), so a record whose write
// returned nil survives the process being killed and the machine losing
// power; a write that returned an error stored nothing. A corrupt file, a
// file or directory that cannot be written, a full disk and a file
// migrated by a newer councilkit each give an error wrapping a sentinel
// (ErrCorrupt, ErrUnwritable, ErrDiskFull, ErrSchemaTooNew) rather than a
// silent loss; on a full disk the write is rolled back whole and what was
// committed before stays readable. Money is stored as integer pence,
// instants as UTC text to the nanosecond, civil dates as YYYY-MM-DD, and
// nested documents as JSON text (an admissions round's, which a parent's
// page reads one place of, as SQLite's binary JSON); migrations are embedded, numbered and
// applied in one transaction.
package sqlite
