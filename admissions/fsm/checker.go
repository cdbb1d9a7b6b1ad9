package fsm

import (
	"context"
	"errors"
	"github.com/google/uuid"
	"github.com/lgds/councilkit/identity"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// CheckRequest is a check on one parent, with the fields the DfE
// eligibility checking API takes: family name, date of birth, and either a
// National Insurance number or a NASS number.
type CheckRequest struct {
	LastName    string        `json:"last_name" validate:"max=100"`
	DateOfBirth calendar.Date `json:"date_of_birth"`
	NINO        identity.NINO `json:"national_insurance_number"`
	NASS        NASSNumber    `json:"nass_number"`
}

// CheckRequest returns the check to make on p.
func (p Parent) CheckRequest() CheckRequest {
	return CheckRequest{LastName: p.Person.FamilyName, DateOfBirth: p.Person.DateOfBirth, NINO: p.NINO, NASS: p.NASS}
}

// LogValue keeps the parent's identifiers out of logs.
func (r CheckRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("nino", !r.NINO.IsZero()),
		slog.Bool("nass", !r.NASS.IsZero()),
	)
}

// Field paths of a CheckRequest's problems.
const (
	FieldCheckLastName    = "last_name"
	FieldCheckDateOfBirth = "date_of_birth"
	FieldCheckNINO        = "national_insurance_number"
)

// Validate checks the request as at date today, returning every problem as
// a *councilkit.ValidationError.
func (r CheckRequest) Validate(today calendar.Date) error {
	var ps councilkit.Problems
	r.validate(&ps, today)
	return ps.Err()
}

func (r CheckRequest) validate(ps *councilkit.Problems, today calendar.Date) {
	// The name's length is in its validate tag (identity.MaxNameLength);
	// whether it is given, with fsm's own message, is code.
	if !ps.MergeField(councilkit.ValidateStruct(r), FieldCheckLastName) {
		checkFamilyName(ps, FieldCheckLastName, r.LastName)
	}
	checkDOB(ps, FieldCheckDateOfBirth, r.DateOfBirth, today)
	switch hasNINO, hasNASS := !r.NINO.IsZero(), !r.NASS.IsZero(); {
	case !hasNINO && !hasNASS:
		ps.Add(FieldCheckNINO, CodeNINOOrNASSRequired, textNINOOrNASS)
	case hasNINO && hasNASS:
		ps.Add(FieldCheckNINO, CodeNINOAndNASS, textNINOAndNASS)
	}
}

// CheckID identifies a submitted check. The DfE service issues GUIDs.
type CheckID string

// BulkID identifies a submitted bulk check.
type BulkID string

// Check is a submitted check and its status when last seen.
type Check struct {
	ID     CheckID `json:"id"`
	Status Status  `json:"status"`
}

// BulkProgress reports how far a bulk check has got.
type BulkProgress struct {
	Total    int `json:"total"`
	Complete int `json:"complete"`
}

// Done reports whether every check in the bulk check has an answer.
func (p BulkProgress) Done() bool { return p.Complete >= p.Total }

// CheckResult is the answer to one check of a bulk check.
type CheckResult struct {
	Request CheckRequest `json:"request"`
	Status  Status       `json:"status"`
}

// LogValue implements slog.LogValuer: the status and the request in
// redacted form, never the parent's name, date of birth or numbers.
func (r CheckResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("status", r.Status.String()), slog.Any("request", r.Request))
}

// Checker checks parents' eligibility the way the DfE's eligibility
// checking API does: submit, then poll. Every call names the council making
// it; a check submitted by one council is not found by another.
// Implementations are safe for concurrent use.
type Checker interface {
	// Submit submits a check. The status returned may already be final, or
	// StatusQueued: poll Status (or use Wait) until it is Done.
	Submit(ctx context.Context, council councilkit.Council, req CheckRequest) (Check, error)
	// Status returns a check's status, or an error wrapping
	// ErrCheckNotFound.
	Status(ctx context.Context, council councilkit.Council, id CheckID) (Status, error)
	// SubmitBulk submits checks on many parents at once, such as a whole
	// school's list.
	SubmitBulk(ctx context.Context, council councilkit.Council, reqs []CheckRequest) (BulkID, error)
	// BulkProgress reports how many checks of a bulk check have answers.
	BulkProgress(ctx context.Context, council councilkit.Council, id BulkID) (BulkProgress, error)
	// BulkResults returns a finished bulk check's answers in the order the
	// requests were submitted.
	BulkResults(ctx context.Context, council councilkit.Council, id BulkID) ([]CheckResult, error)
}

// Errors of checkers.
var (
	// ErrCheckNotFound: no check with that ID for that council.
	ErrCheckNotFound = errors.New("fsm: check not found")
	// ErrParentNotFound is returned by Records that hold nothing on a
	// parent.
	ErrParentNotFound = errors.New("fsm: parent not found")
	// ErrBulkNotDone: BulkResults was asked before every check had an
	// answer.
	ErrBulkNotDone = errors.New("fsm: bulk check not finished")
)

// MaxBulk is the most checks LocalChecker takes in one bulk check.
const MaxBulk = 5000

var (
	textBulkEmpty   = text("bulk.empty")
	textBulkTooMany = text("bulk.too_many", "max", strconv.Itoa(MaxBulk))
)

func validateBulk(reqs []CheckRequest, today calendar.Date) error {
	var ps councilkit.Problems
	switch {
	case len(reqs) == 0:
		ps.Add("", councilkit.CodeTooSmall, textBulkEmpty)
	case len(reqs) > MaxBulk:
		ps.Add("", councilkit.CodeTooLarge, textBulkTooMany)
	default:
		for i, r := range reqs {
			var one councilkit.Problems
			r.validate(&one, today)
			ps.Merge(councilkit.IndexField("", i), one.Err(), councilkit.InvalidText())
		}
	}
	return ps.Err()
}

// Wait polls c every interval until the check is Done or ctx ends.
func Wait(ctx context.Context, c Checker, council councilkit.Council, id CheckID, every time.Duration) (Status, error) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s, err := c.Status(ctx, council, id)
		if err != nil || s.Done() {
			return s, err
		}
		select {
		case <-ctx.Done():
			return s, ctx.Err()
		case <-t.C:
		}
	}
}

// WaitBulk polls c every interval until the bulk check is done, then
// returns its results.
func WaitBulk(ctx context.Context, c Checker, council councilkit.Council, id BulkID, every time.Duration) ([]CheckResult, error) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		p, err := c.BulkProgress(ctx, council, id)
		if err != nil {
			return nil, err
		}
		if p.Done() {
			return c.BulkResults(ctx, council, id)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// Records is where a LocalChecker finds what a council knows of a parent's
// benefits: its own benefits system, evidence the parent sent, a DWP data
// share. Lookup matches on the identifier and the family name and date of
// birth, as the DfE service does, and returns an error wrapping
// ErrParentNotFound when nothing matches.
type Records interface {
	Lookup(ctx context.Context, council councilkit.Council, req CheckRequest) (Circumstances, error)
}

// MemoryRecords is an in-memory Records, for tests and small councils. The
// zero value is empty and ready to use; it is safe for concurrent use.
type MemoryRecords struct {
	mu sync.RWMutex
	m  map[recordKey]memoryRecord
}

type recordKey struct {
	council councilkit.Council
	nino    identity.NINO
	nass    NASSNumber
}

type memoryRecord struct {
	lastName string
	dob      calendar.Date
	c        Circumstances
}

// Put records what council knows of parent. Exactly one of the parent's
// NINO and NASS number must be set, and an NRPF claim, if any, must be
// valid; on error nothing is stored.
func (m *MemoryRecords) Put(council councilkit.Council, parent Parent, c Circumstances) error {
	req := parent.CheckRequest()
	var ps councilkit.Problems
	req.validate(&ps, calendar.Date{})
	if c.NRPF != nil {
		c.NRPF.validate(&ps)
	}
	if err := ps.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = make(map[recordKey]memoryRecord)
	}
	m.m[recordKey{council, req.NINO, req.NASS}] = memoryRecord{req.LastName, req.DateOfBirth, c.clone()}
	return nil
}

// Lookup implements Records.
func (m *MemoryRecords) Lookup(_ context.Context, council councilkit.Council, req CheckRequest) (Circumstances, error) {
	m.mu.RLock()
	rec, ok := m.m[recordKey{council, req.NINO, req.NASS}]
	m.mu.RUnlock()
	// Family names are compared ignoring case, as matching services do.
	if !ok || !strings.EqualFold(rec.lastName, req.LastName) || rec.dob != req.DateOfBirth {
		return Circumstances{}, ErrParentNotFound
	}
	return rec.c.clone(), nil
}

// LocalChecker is the in-process Checker: it answers from a council's
// Records with this package's rules, as at the clock's date. Its checks
// finish as they are submitted, so Status never reports StatusQueued; code
// written against it works unchanged with the DfE Client, whose checks
// queue. Checks are kept in memory. It is safe for concurrent use.
type LocalChecker struct {
	records Records
	clock   councilkit.Clock

	mu     sync.RWMutex
	checks map[CheckID]localCheck
	bulks  map[BulkID]localBulk
}

type localCheck struct {
	council councilkit.Council
	status  Status
}

type localBulk struct {
	council councilkit.Council
	results []CheckResult
}

// NewLocalChecker returns a LocalChecker reading records and deciding as at
// the date of clock.
func NewLocalChecker(records Records, clock councilkit.Clock) *LocalChecker {
	return &LocalChecker{
		records: records, clock: clock,
		checks: make(map[CheckID]localCheck),
		bulks:  make(map[BulkID]localBulk),
	}
}

// Submit implements Checker.
func (l *LocalChecker) Submit(ctx context.Context, council councilkit.Council, req CheckRequest) (Check, error) {
	today := calendar.Today(l.clock)
	if err := req.Validate(today); err != nil {
		return Check{}, err
	}
	st := l.check(ctx, council, req, today)
	id := CheckID(newID())
	l.mu.Lock()
	l.checks[id] = localCheck{council, st}
	l.mu.Unlock()
	return Check{ID: id, Status: st}, nil
}

// check answers one request: eligible if the parent's circumstances meet a
// benefit basis of the rules in force today.
func (l *LocalChecker) check(ctx context.Context, council councilkit.Council, req CheckRequest, today calendar.Date) Status {
	c, err := l.records.Lookup(ctx, council, req)
	switch {
	case errors.Is(err, ErrParentNotFound):
		return StatusParentNotFound
	case err != nil:
		return StatusError
	}
	ok, err := benefitEligible(&c, today)
	switch {
	case err != nil:
		return StatusError
	case ok:
		return StatusEligible
	}
	return StatusNotEligible
}

// benefitEligible reports whether c meets any benefit basis of the rules in
// force on day (not an earlier eligibility check: that is what is being
// made).
func benefitEligible(c *Circumstances, day calendar.Date) (bool, error) {
	rs, err := rulesAt(day)
	if err != nil {
		return false, err
	}
	var ps councilkit.Problems
	c.requireFacts(&ps, rs)
	if err := ps.Err(); err != nil {
		return false, err
	}
	ev := evaluation{app: &Application{Circumstances: *c}, rs: rs, asAt: day}
	for _, rule := range rs.Rules {
		if !rule.Basis.IsBenefit() || rule.Basis == BasisEligibilityCheck {
			continue
		}
		if r, _ := ev.apply(rule); r.Met {
			return true, nil
		}
	}
	return false, nil
}

// Status implements Checker.
func (l *LocalChecker) Status(_ context.Context, council councilkit.Council, id CheckID) (Status, error) {
	l.mu.RLock()
	c, ok := l.checks[id]
	l.mu.RUnlock()
	if !ok || c.council != council {
		return StatusNone, ErrCheckNotFound
	}
	return c.status, nil
}

// SubmitBulk implements Checker.
func (l *LocalChecker) SubmitBulk(ctx context.Context, council councilkit.Council, reqs []CheckRequest) (BulkID, error) {
	today := calendar.Today(l.clock)
	if err := validateBulk(reqs, today); err != nil {
		return "", err
	}
	results := make([]CheckResult, len(reqs))
	for i, r := range reqs {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		results[i] = CheckResult{Request: r, Status: l.check(ctx, council, r, today)}
	}
	id := BulkID(newID())
	l.mu.Lock()
	l.bulks[id] = localBulk{council, results}
	l.mu.Unlock()
	return id, nil
}

// BulkProgress implements Checker.
func (l *LocalChecker) BulkProgress(_ context.Context, council councilkit.Council, id BulkID) (BulkProgress, error) {
	l.mu.RLock()
	b, ok := l.bulks[id]
	l.mu.RUnlock()
	if !ok || b.council != council {
		return BulkProgress{}, ErrCheckNotFound
	}
	return BulkProgress{Total: len(b.results), Complete: len(b.results)}, nil
}

// BulkResults implements Checker.
func (l *LocalChecker) BulkResults(_ context.Context, council councilkit.Council, id BulkID) ([]CheckResult, error) {
	l.mu.RLock()
	b, ok := l.bulks[id]
	l.mu.RUnlock()
	if !ok || b.council != council {
		return nil, ErrCheckNotFound
	}
	return append([]CheckResult(nil), b.results...), nil
}

// newID returns a random (version 4) UUID, the form of the DfE service's
// check IDs.
func newID() string { return uuid.NewString() }
