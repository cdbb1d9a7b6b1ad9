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
package events
