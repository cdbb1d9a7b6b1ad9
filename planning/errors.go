package planning

import "github.com/lgds/councilkit"

// Errors returned by a Store. They are councilkit's store errors under this
// package's names: errors.Is matches either name.
var (
	// ErrNotFound: no application with that ID or reference for that
	// council (including one that belongs to another council, and one
	// whose Council field names another council).
	ErrNotFound = councilkit.ErrNotFound
	// ErrDuplicate: an application with that ID or reference already
	// exists for the council.
	ErrDuplicate = councilkit.ErrDuplicate
	// ErrConflict: the application was changed by someone else since the
	// copy being saved was read.
	ErrConflict = councilkit.ErrConflict
	// ErrNoCouncil: a store was called with the zero Council.
	ErrNoCouncil = councilkit.ErrNoCouncil
)
