// Package sandbox is an in-process payment provider for development, tests
// and demonstration portals. It behaves like a GOV.UK Pay test account: no
// money moves, and GOV.UK Pay's published mock card numbers decide each
// outcome ("Test your integration", Mock card numbers,
// https://docs.payments.service.gov.uk/testing_govuk_pay/#mock-card-numbers).
//
// The resident's part of the journey, which on GOV.UK Pay happens on its own
// pages, is played by calling VisitContext, PayWithCardContext and
// CancelByUserContext (Visit, PayWithCard and CancelByUser without a
// context). Time comes from the clock passed in.
//
// # Stores
//
// What GOV.UK Pay's servers hold, the provider's own record of each
// payment and its refunds, is kept in a [Store], given in [Config].Store:
// by default a [MemStore] of the Provider's own, which lives as long as
// the process. Several instances of an application behind a load balancer
// give their Providers one Store in their shared database (package
// postgres's DB.Sandbox, package sqlite's DB.Sandbox), so that a resident
// sent to the payment page by one instance can pay on another, or after a
// restart. Every change is a read, a change and a versioned
// compare-and-swap ([Modify]): of two instances confirming one payment at
// once, one decides its outcome and the other is refused with
// ErrWrongState. Payments are kept by the council whose account the
// sandbox plays ([Config].Council); the conformance suite in package
// sandboxtest checks a Store.
//
// # Provider IDs
//
// Provider IDs are the IDPrefix ("sbx" by default) followed by 100000
// plus a number from the Store's NextSequence: sbx100001, sbx100002 and so
// on, in order and without gaps in one process (a repeated request with
// an idempotency key spends no number). The numbers are the store's, so
// instances sharing a Store never give two payments one ID. With the
// default MemStore the numbering starts again with the process, so tests
// see the same IDs every run.
package sandbox
