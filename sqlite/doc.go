// Package sqlite keeps councilkit's records in one SQLite file, through
// modernc.org/sqlite (SQLite translated to Go: no cgo, nothing to install).
// It is the durable embedded default: Open a file, call Migrate at start-up,
// and take each domain's store from it — DB.Payments (payments.Store),
// DB.Planning (planning.Store), DB.PlanningDocuments
// (planning.DocumentStore, content as BLOBs), DB.PlanningComments
// (planning.CommentStore, append-only), DB.Admissions (admissions.Store, plus
// bulk Import, LoadRound and SaveOffers), DB.AdmissionRounds
// (admissions.RoundStore), DB.FreeSchoolMeals (fsm.Store), DB.CouncilTax
// (counciltax.Store, issued bills), DB.Webhooks (webhooks.Store:
// endpoints and deliveries), DB.NoticesLedger (notices.Ledger: the outcome
// of each message sent to a resident, so that none is sent twice) and
// DB.Sandbox (sandbox.Store: the sandbox payment provider's own payments).
// Each store passes its domain's
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
// 4 have no events: the log starts when it is created.
//
// Delivery: with Config.Subscribers, DB.Deliver gives the recorded events
// to subscribers through River (github.com/riverqueue/river, its SQLite
// driver riversqlite), with the API and guarantees of package postgres's
// delivery, so events behave the same on both. In the transaction that
// records a change, the stores' hook inserts one River job per
// (subscriber, event) (InsertManyTx, unique by subscriber and event ID)
// and a row in table deliveries (migration 9) saying the event is owed:
// a change and its deliveries commit or roll back together. Delivery is
// at least once and in order per record (council and subject): a job
// whose subscriber is still owed an earlier event of its record snoozes
// until the worker that delivers that event wakes it, while other records
// carry on; a failing, panicking or timed-out handler is retried with
// backoff (Delivery.RetryBase doubling to RetryCap), and after
// Delivery.MaxAttempts River gives up (the job is "discarded", every
// attempt's error kept in river_job) but the event stays owed, holding
// back its record, until DB.Redeliver enqueues it again. Every delivery
// carries the event ID: handlers deduplicate by it, since an event whose
// handler returned just as the process died is given again once River's
// leader rescues it (Delivery.RescueAfter after it began). Stopping
// Deliver is graceful: what it had fetched is delivered first. River's
// tables (river_job and others, created by Migrate in the same file) are
// not council-scoped and hold no personal data: a job names a subscriber,
// a council and an event's position, ID and subject.
//
// River shares the DB's one writer connection rather than opening its
// own: SQLite makes one write at a time on a file, and a second writer in
// the same process would compete for the file's lock (where a transaction
// that reads before it writes can fail with SQLITE_BUSY whatever the busy
// timeout) instead of queueing. So River's writes (fetching, completing,
// retrying jobs, leader election) queue in database/sql behind the
// stores' writes and theirs behind River's, each held only for a
// statement or a short transaction, never while a handler runs. Events
// are read for delivery through the reader pool. Throughput is modest
// (each delivery is several small write transactions, each synced to
// disk, and River's SQLite driver completes jobs one row at a time): of
// the order of a hundred to a few hundred events a second to a handler
// that does nothing (TestDeliveryThroughput, BenchmarkDeliver). More than
// one process may Deliver from one file; one is enough. Stop Deliver
// before closing the DB.
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
