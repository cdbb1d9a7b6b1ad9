package councilkit

import "errors"

// The errors every store returns, whatever its domain. Each domain package
// re-exports them under the same names (payments.ErrNotFound is
// councilkit.ErrNotFound), so errors.Is matches either name and a portal can
// map "not found" to HTTP 404 with one test. Stores wrap them with detail;
// test for them with errors.Is, never by comparing messages.
var (
	// ErrNotFound: the council has no record with that ID or key. A record
	// of another council is not found either, and neither is a record whose
	// own Council field differs from the council the call acts for.
	ErrNotFound = errors.New("councilkit: not found")
	// ErrDuplicate: the council already has a record with that ID or with
	// the same unique key (an idempotency key, a reference).
	ErrDuplicate = errors.New("councilkit: already exists")
	// ErrConflict: the record was changed by someone else since the copy
	// being saved was read (its Version is stale). Read it again and retry,
	// or use the domain's Modify helper, which does.
	ErrConflict = errors.New("councilkit: changed since it was read")
	// ErrNoCouncil: a store was called with the zero Council. Every store
	// method of every domain returns it, before looking at anything else
	// but a cancelled context.
	ErrNoCouncil = errors.New("councilkit: no council given")
)
