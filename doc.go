// Package councilkit is the shared kernel of a Go module that UK councils and
// their suppliers import to build resident-facing services: paying council
// tax, applying for a school place or free school meals, submitting a
// planning application, signing in. There are more than 400 councils and each
// buys or builds its own portal for the same transactions; councilkit holds
// the rules once, typed, tested and fast, and each council compiles them into
// its own portal.
//
// This root package holds only what every domain needs. A Council names the
// local authority a record belongs to by its ONS GSS code, and every store in
// the module keeps one council's records apart from another's. A
// ValidationError carries every problem found in a value at once, each with a
// field path, a stable Code and a message in English and Welsh, so that a
// form can show an error summary in either language. A Clock is passed to
// anything that needs the time, so that no rule reads the wall clock itself
// and every decision can be replayed.
//
// A Council is only a code: a deployment names each council it serves once,
// with its English and Welsh name and its contact details, as a Profile in a
// Directory, and passes the profile to whatever prints the council (a
// council tax bill takes it with its charges), so every bill, notice and
// page names the council in the reader's language. The module keeps no list
// of councils; they are reorganised too often for one to stay right.
//
// The domains live in their own packages:
//
//   - calendar: civil dates, UK bank holidays by nation and working-day
//     arithmetic, on which every statutory deadline is built.
//   - identity: residents and places (National Insurance number, postcode,
//     UPRN, NHS number, unique pupil number, names, addresses) and GOV.UK One
//     Login sign-in.
//   - payments: money exact to the penny, the payment lifecycle, GOV.UK Pay
//     and a sandbox provider; payments/counciltax computes council tax bills.
//   - admissions: school applications and coordinated allocation with the
//     reasons for every offer, and free school meals eligibility.
//   - planning: application types, statutory fees, lifecycle and dates, and
//     exchange with the Digital Planning Data Schemas.
//   - postgres: durable PostgreSQL stores for every domain; each domain also
//     has an in-memory store as its embedded default.
//
// Personal data never appears unredacted in errors or logs: the identity
// types implement slog.LogValuer, and validation messages never repeat the
// value that was entered.
//
// # Conventions
//
// Every domain follows the same conventions, so that what is learnt in one
// applies in the others.
//
// Stores (payments, planning, admissions, free school meals records
// (admissions/fsm), issued council tax bills (payments/counciltax), and
// their PostgreSQL stores in package postgres):
//
//   - The interface is named Store in every domain (payments.Store,
//     planning.Store, admissions.Store). The in-memory store is MemStore;
//     its zero value is an empty store ready to use, and NewMemStore
//     returns one too.
//   - Methods are Create, Get, GetBy<Key> (planning.GetByReference,
//     payments.GetByIdempotencyKey), Update, List and, where the domain
//     allows it, Delete; a domain keeps the few special methods it needs
//     (planning's NextSequence, payments' MarkWebhookSeen).
//   - The council the caller acts for is the second argument of every
//     method, Create and Update included: Create(ctx, c, record). A store
//     never returns, changes or lists one council's record for another. A
//     record whose own Council field names another council is refused with
//     ErrNotFound and nothing is stored; a zero Council field is taken to
//     be the council of the call.
//   - Record IDs are strings. Payments mints them with uuid.NewString;
//     planning and admissions IDs are the caller's.
//   - Update is a versioned compare-and-swap: it stores the record only if
//     the record's Version is the stored one, increments Version, and
//     otherwise returns ErrConflict and changes nothing. Each domain's
//     Modify(ctx, store, c, id, fn), written once over its Store, reads the
//     record, applies fn and updates, retrying on ErrConflict until ctx
//     ends; fn may run more than once.
//   - List takes a Filter whose zero value selects every record of the
//     council and whose Limit, if positive, caps the number returned.
//     Records come oldest first, by their creation time (payments'
//     CreatedAt, planning's SubmittedAt, admissions' and fsm's Received,
//     counciltax's IssuedAt; a record without one first), ties broken by
//     ID.
//   - Store errors are ErrNotFound, ErrDuplicate, ErrConflict and
//     ErrNoCouncil, declared once here; each domain re-exports them under
//     the same names (payments.ErrNotFound is ErrNotFound), so errors.Is
//     matches either name. The zero Council is ErrNoCouncil in every method
//     of every store; a cancelled context returns the context's error.
//     Input that is wrong is a *ValidationError.
//   - Each domain's <pkg>test package (paymentstest, planningtest,
//     admissionstest, fsmtest, counciltaxtest) exports RunStoreTests(t,
//     newStore), two councils and a builder New<Record>(council, …), with
//     the same subtest names in each; every store in the module runs its
//     domain's suite.
//
// Constructors:
//
//   - Required dependencies are positional: at most three, each of a
//     different type, so they cannot be passed in the wrong order.
//     payments.NewService(store, provider, clock),
//     fsm.NewClient(baseURL, httpClient, council) (the *http.Client carries
//     the council's OAuth credentials) and fsm.NewLocalChecker(records,
//     clock) take only these.
//   - Everything else is in one Config struct, passed by value as the last
//     argument: govukpay.New(apiKey, govukpay.Config{BaseURL: …}),
//     sandbox.New(clock, nextURLBase, sandbox.Config{IDPrefix: …}),
//     postgres.Open(ctx, url, postgres.Config{MaxAttempts: 5}),
//     notify.New(apiKey, notify.Config{…}) and
//     Service.WebhookHandler(council, secret, payments.WebhookConfig{…}).
//     Each field's zero value means the default its comment gives, so
//     Config{} is always usable. A constructor with nothing required takes
//     the Config alone (oneloginfake.NewServer, notifyfake.NewServer), and
//     so does onelogin.New(ctx, onelogin.Config{…}), whose four required
//     settings would otherwise be positional strings and keys.
//   - The constructor checks the whole Config and refuses one it cannot
//     use with an error wrapping its package's ErrConfig, for errors.Is.
//   - Per-call settings are a struct too, whose zero value asks for
//     nothing special: Client.AuthURL(level, onelogin.AuthOptions{…}).
//   - There are no option functions anywhere in the module.
//   - Arguments that are data rather than settings stay positional or
//     variadic: calendar.New(region, closures...),
//     admissions.NewTermDates(terms, holidays, closures...) and
//     NewDirectory(profiles...). onelogin.NewMemoryReplayStore(max) takes
//     its single setting positionally; max < 1 means the default.
//
// Enums and constants:
//
//   - An enum is a named integer type with a list of constants. Its zero value
//     is exported and named for what it means (planning.StateNone,
//     payments.StatusUnknown, counciltax.NoBand, onelogin.CredentialNone);
//     where zero is a natural default it is that default
//     (payments.RoundHalfUp, onelogin.P0, admissions.Reception).
//   - Every value, the zero value included, has one readable name that
//     String, MarshalText (and so JSON) and, for types stored in SQL, Value
//     write, and that UnmarshalText and Scan read back: the zero State is
//     "none", never "". A value outside the list prints as "Type(n)" and
//     cannot be marshalled. Some types also accept "" when reading, as
//     earlier versions wrote it for the zero value.
//   - A ParseX function reads the names that come from outside (a GOV.UK Pay
//     or DfE status, a resident's choice). Where the zero value is not
//     something that can come from outside, ParseX refuses its name and only
//     UnmarshalText reads it (payments.ParseStatus refuses "unknown").
//   - Lists are append-only: values are never renumbered or renamed.
//   - A value that never changes is a constant (planning.TypeHouseholder) or
//     a function returning a fresh value (onelogin.SignedIn), never an
//     exported variable a caller could reassign. The exported variables are
//     sentinel errors, the language tags English and Welsh (x/text tags
//     cannot be constants) and the fixtures of the test helper packages.
//   - One name has one meaning across the module: English and Welsh are
//     language tags; GOV.UK Pay's page languages are payments.LanguageEnglish
//     and payments.LanguageWelsh.
//   - An exported function takes at most one bare bool: several facts about
//     a case travel in a struct (planning.DeadlineCase, planning.Transition).
//   - Money in a result is a payments.Amount, not int64 pence (planning's
//     fee lines, counciltax's bills, payments). A method of Amount that cannot fail on real money returns a bare value;
//     one that takes a count, ratio, factor or weights from the caller returns
//     an error for a bad one (Amount.Split and Amount.Allocate alike).
package councilkit
