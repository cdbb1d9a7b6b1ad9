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
