// Package events defines councilkit's domain events: what every state
// change in every domain tells the resident, the council's back-office
// systems and the deployment's other instances. An [Event] is a CloudEvents
// 1.0 event in structured JSON mode (https://cloudevents.io), with two
// extension attributes: council, the GSS code of the council the record
// belongs to, and actor, what caused the change.
//
// Each event [Type] is versioned in its name ("….payment.succeeded.v1"); a
// change to its data that could break a subscriber is a new type with a new
// version, published beside the old. Its data is one of this package's
// payload structs, and its JSON Schema is published in the schemas
// directory (embedded as [Schemas]), which the tests check every payload
// against.
//
// # Personal data
//
// Events carry identifiers, states, amounts and dates: never a name, an
// address, a date of birth, a National Insurance number, an email address
// or a phone number. A subscriber that needs one (a receipt needs the
// resident's email address) reads it from the store by the record's ID,
// under its own access rules. The actor names an officer or a system, and
// says only "resident" for a resident.
//
// # Recording
//
// Every store records the events of its changes itself, so that no caller
// can change a record without them. Each domain has a pure function that
// derives a change's events from the record before and after it (nil before
// for a Create), the council and the actor: payments.ChangeEvents,
// planning.ChangeEvents and admissions.ChangeEvents, whose documentation
// lists the events each change records and when. The event's time is the
// time of the change as the record holds it (a payment history entry, a
// planning transition, an application's received day), never the clock;
// the actor comes from the context the store was called with ([WithActor],
// [ActorFrom]). A change that has no event type records none.
//
// The events are stored with the change or not at all (a transactional
// outbox):
//
//   - The memory stores (payments.MemStore and the others) append them to
//     their Events [Appender], or to their own [MemLog], while holding their
//     lock and before making the change, and make no change if Append fails.
//     EventLog returns the log ([Recorder]).
//   - The PostgreSQL stores (package postgres) insert them into the table
//     councilkit.events in the same statement or transaction as the change.
//     postgres.EventLog is that table as a [Log]; its positions follow the
//     writing transactions, and Since returns only events of transactions
//     older than every one still in flight, so a reader that continues from
//     the last position it read never misses one that commits late.
//   - The SQLite stores (package sqlite) insert them into the table events
//     in the same write transaction as the change; sqlite.EventLog is that
//     table as a [Log], its positions in commit order (SQLite makes one
//     write at a time).
//
// Offers and waiting-list moves (SchoolOfferMade and the rest), council tax
// bills and free school meals decisions have event types but no store that
// records them yet.
//
// # Delivery
//
// Stores record each change's events in an event [Log] in the same
// transaction as the change. Subscribers ([Subscriber]: a name, the types
// wanted, a [Handler]) are given them by a delivery engine with the same
// guarantees everywhere: every wanted event at least once, carrying its ID
// so that receivers deduplicate; in order per record (council and
// Subject), a failing event holding back the subscriber's later events
// about the same record while other records carry on; retries with
// exponential backoff up to a cap. Two engines give them:
//
//   - [Dispatcher], here, in-process over any Log (the memory stores'
//     [MemLog]), for tests and local development. Its progress is in
//     memory only and it never gives up on an event.
//   - postgres.DB.Deliver, durable, on River (github.com/riverqueue/river)
//     over PostgreSQL: deliveries are enqueued in the recording
//     transaction, run by any number of worker processes, and survive a
//     process that dies mid-delivery.
//
// Not modelled here: the webhook sender (signing, endpoints, answers that
// are garbage or redirects), which is a subscriber like any other, and a
// SQLite engine.
package events
