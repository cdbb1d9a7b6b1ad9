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
//   - tracking: a resident's timeline of payments and applications, read
//     from the events every domain records (package events).
//   - postgres: durable PostgreSQL stores for every domain; each domain also
//     has an in-memory store as its embedded default.
//   - sqlite: the same stores in one SQLite file, durable with nothing to
//     install.
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
//   - Every Create and Update records the change's domain events (package
//     events) atomically with the change: each domain's pure ChangeEvents
//     derives them from the record before and after, and the store stores
//     them with the change or not at all. Who made the change travels in
//     the context (events.WithActor). Every store implements
//     events.Recorder; the memory stores take an Events appender.
//   - Each domain's <pkg>test package (paymentstest, planningtest,
//     admissionstest, fsmtest, counciltaxtest) exports RunStoreTests(t,
//     newStore), two councils and a builder New<Record>(council, …), with
//     the same subtest names in each; every store in the module runs its
//     domain's suite.
//
// Validation:
//
//   - A request's Validate returns a *ValidationError with every problem
//     at once. The shape of the input (required, notblank, max lengths, a
//     choice of values) is in validate struct tags on the request type,
//     checked by ValidateStruct with councilkit's codes and English and
//     Welsh messages (payments.StartRequest, admissions.Application,
//     fsm.CheckRequest, planning.Proposal, counciltax.Charges). A rule from a statute or a
//     provider's API, or one with its own message, stays in code and runs
//     on the fields whose tags passed (Problems.MergeField), so a field
//     reports one problem.
//   - Domain packages use ValidateStruct, never package forms: forms
//     imports identity, payments and admissions for its identifier tags
//     (postcode, nino, urn, gbp …), which a domain's own fields do not
//     need, as they are already typed (identity.NINO, admissions.URN).
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
//
// Messages:
//
//   - Every message a package shows a resident or caseworker (validation
//     problems, labels, explanations of a decision) is in one catalogue,
//     the package's messages.go: a table of stable keys
//     ("postcode.invalid") with the English and the Welsh side by side, so
//     that a translator reads a package's whole vocabulary in one place.
//     Code asks for text("postcode.invalid") and gets a Text.
//   - A placeholder is a name in braces, {max}: names, not positions, so
//     that Welsh can order the words its own way. Values are formatted
//     before they are filled in; one that differs by language (a date, "in
//     Wales") is passed as a Text. A phrase Welsh mutates after a
//     preposition or a number ("yng Nghymru", "ddau gyfnod asesu") is a
//     message of its own, never an English word put into a Welsh sentence.
//   - Each package's TestMessages (package internal/msgtest) fails for a
//     message without English or Welsh, with other placeholders in one
//     language than the other, or with one English text translated two
//     ways (unless the context needs it, listed as a homonym); for a
//     text("key", "name", value) call whose key or placeholder names the
//     catalogue does not have; and for a key no code uses. The compiler
//     refuses a duplicate key.
//   - The catalogues are plain Go tables, not golang.org/x/text/message
//     catalogs: a Problem carries both languages at once, which through
//     x/text is two lookups by two Printers; a catalog.Builder takes each
//     language in a separate SetString call and cannot list its keys, so
//     the pairs are no longer side by side and completeness cannot be
//     checked; its placeholders are positional fmt verbs; and the messages
//     need none of its plural forms, since Welsh puts the singular noun
//     after a number in digits ("8 wythnos", "12 digid") and the few
//     English singulars ("1 day") are keys of their own. A table lookup
//     also costs a twentieth of a Printer's Sprintf, with no allocation
//     when nothing is filled in. x/text stays for the language tags.
package councilkit
