// Package paymentstest is the conformance suite every payments.Store must
// pass: the in-memory store, the PostgreSQL store and any store a supplier
// writes. It checks that payments round-trip unchanged, that one council
// never sees another's payments, that duplicate IDs and idempotency keys
// are refused, that the zero council is ErrNoCouncil, that Update is a
// versioned compare-and-swap and a failed update changes nothing, that no
// change made through payments.Modify is lost to a racing one, and that
// listing, webhook de-duplication and cancelled contexts behave as the
// Store interface documents. It also checks that the store records each
// change's events (payments.ChangeEvents) with it and says where
// (events.Recorder): the events' types, council, subject, actor, time and
// schemas, that a refused change records none, and that no council's
// events appear under another's. For officers' casework it checks search
// (Filter.Reference and Query, whose LIKE wildcards are plain text), every
// Sort, keyset pages (payments.ListPage) that neither skip nor repeat a
// payment, refusal of a bad filter or cursor, and that a refund's reason
// and requester are stored, read back and never changed. The subtests have
// the same names as those of planningtest and admissionstest.
//
// A store's tests call RunStoreTests with a function that returns a new,
// empty store; NewPayment builds a valid payment to store in further,
// store-specific tests:
//
//	func TestStore(t *testing.T) {
//		paymentstest.RunStoreTests(t, func(t *testing.T) payments.Store { return payments.NewMemStore() })
//	}
package paymentstest
