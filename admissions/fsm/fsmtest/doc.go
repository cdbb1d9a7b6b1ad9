// Package fsmtest holds the conformance suites of package fsm: for
// fsm.Store implementations, RunStoreTests (with NewRecord and DecidedAt),
// which checks the store conventions of the root package, council
// isolation in every method, the versioned compare-and-swap, concurrent
// writers, the decision events a store records (against the published
// schemas) and that no error, log line or event holds the application's
// personal data; and for fsm.Checker implementations, RunCheckerTests.
//
// Every Checker, in-process or remote, must pass RunCheckerTests: it submits
// single and bulk free school meals eligibility checks for the parents in
// Records (one on asylum support, others on Universal Credit above and
// below the earnings limit or on no qualifying benefit) and checks each
// outcome, that unknown parents are reported as not found, that invalid
// requests fail validation, and that one council cannot read another's
// checks.
//
// A Checker's tests call RunCheckerTests with a function that builds the
// Checker under test from the suite's records and clock:
//
//	func TestChecker(t *testing.T) {
//		fsmtest.RunCheckerTests(t, func(t *testing.T, records fsm.Records, clock councilkit.Clock) fsm.Checker {
//			return fsm.NewLocalChecker(records, clock)
//		})
//	}
package fsmtest
