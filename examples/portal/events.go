package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify"
	"github.com/lgds/councilkit/notify/notices"
	"github.com/lgds/councilkit/notify/notifyfake"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/postgres"
	"github.com/lgds/councilkit/tracking"
	"github.com/lgds/councilkit/webhooks"
)

// What happens after a change: every store records the events of its
// changes in one event log (package events), and subscribers act on them
// outside the resident's request:
//
//   - "notices" (notify/notices) sends the resident a receipt or a
//     notification through GOV.UK Notify when -notify-key is set, or, in
//     local development only, through a fake Notify started in-process
//     (notify/notifyfake) whose messages the officer page "Messages sent"
//     lists;
//   - "webhooks" (webhooks.Sender) posts the events, signed, to the
//     endpoints officers register on the "Webhook endpoints" page.
//
// With the memory stores an events.Dispatcher delivers them in-process.
// With PostgreSQL or the SQLite -data directory, the database delivers
// them with River (postgres.DB.Deliver, sqlite.DB.Deliver), so that an
// event recorded is delivered even if the process stops before sending
// it (see lateSubscribers). The resident's "Your applications and
// payments" page folds the same log into a timeline (package tracking).
//
// Events carry no personal data, so the portal keeps a link record for
// each record a resident starts (links.go), in the portal store: tracking
// asks it which records are the resident's, and notices asks it who to
// tell about an event, on whichever instance delivers the event.

// serviceOf is the tracking service whose records an event is about.
func serviceOf(t events.Type) tracking.Service {
	name := strings.TrimPrefix(string(t), events.TypePrefix)
	switch {
	case strings.HasPrefix(name, "payment."):
		return tracking.ServicePayment
	case strings.HasPrefix(name, "admissions."):
		return tracking.ServiceSchoolApplication
	case strings.HasPrefix(name, "fsm."):
		return tracking.ServiceFreeSchoolMeals
	case strings.HasPrefix(name, "planning."):
		return tracking.ServicePlanningApplication
	}
	return tracking.ServiceNone
}

// trackRecord links the resident to a record they have just started, for
// their timeline and their notifications (linkRecord, links.go). Journeys
// call it once the record is stored; it does nothing for someone not
// signed in who gave no address for a receipt. The journey has already
// done what the resident asked, so a link that cannot be stored is logged
// (without personal data) rather than shown as a failure.
func (s *server) trackRecord(r *http.Request, svc tracking.Service, id string) {
	kind := kindOf(svc)
	if kind == "" {
		return
	}
	if err := s.linkRecord(r, kind, id); err != nil {
		s.log.ErrorContext(r.Context(), "portal: link record", "kind", kind, "err", err)
	}
}

// trackPayment, trackSchoolApplication and trackPlanningApplication are
// trackRecord for each journey's records.
func (s *server) trackPayment(r *http.Request, id string) {
	s.trackRecord(r, tracking.ServicePayment, id)
}
func (s *server) trackSchoolApplication(r *http.Request, id string) {
	s.trackRecord(r, tracking.ServiceSchoolApplication, id)
}
func (s *server) trackPlanningApplication(r *http.Request, id string) {
	s.trackRecord(r, tracking.ServicePlanningApplication, id)
}
func (s *server) trackFreeSchoolMeals(r *http.Request, id string) {
	s.trackRecord(r, tracking.ServiceFreeSchoolMeals, id)
}

// portalEvents is the portal's event wiring.
type portalEvents struct {
	log events.Log
	// links are the portal store's link records (links.go): who to tell.
	links   linkStore
	tracker *tracking.Tracker
	// fake is the development Notify, nil when notices go to GOV.UK
	// Notify or nowhere.
	fake     *notifyfake.Server
	notices  *councilNotices // nil when no Notify is configured
	ledger   notices.Ledger
	webhooks webhooks.Store
	sender   *webhooks.Sender
	// dispatcher is the in-process delivery engine (nil with a
	// database, which delivers with River).
	dispatcher *events.Dispatcher
	// river says the database delivers the events.
	river bool
	stop  context.CancelFunc
	done  chan struct{}
}

// shareEventLog makes the memory stores record their events in one log,
// so that one dispatcher and one tracker see every change, and returns
// it. It must run before anything is stored. With PostgreSQL or SQLite
// the stores share their database's events table already.
func shareEventLog(st stores, db *postgres.DB) (events.Log, error) {
	if db != nil {
		return db.Events(), nil
	}
	if st.sqlite != nil {
		return st.sqlite.Events(), nil
	}
	shared := new(events.MemLog)
	if m, ok := st.payments.(*payments.MemStore); ok {
		m.Events = shared
	}
	if m, ok := st.admissions.(*admissions.MemStore); ok {
		m.Events = shared
	}
	if m, ok := st.planning.(*planning.MemStore); ok {
		m.Events = shared
	}
	if m, ok := st.rounds.(*admissions.MemRoundStore); ok {
		m.Events = shared
	}
	if m, ok := st.fsm.(*fsm.MemStore); ok {
		m.Events = shared
	}
	// Whatever the stores are, they must all record in the same log.
	var log events.Log
	for _, x := range []any{st.payments, st.admissions, st.planning, st.rounds, st.fsm} {
		rec, ok := x.(events.Recorder)
		if !ok {
			return nil, fmt.Errorf("portal: store %T records no events", x)
		}
		l := rec.EventLog()
		if log == nil {
			log = l
		} else if l != log {
			if _, mem := l.(*events.MemLog); mem {
				return nil, fmt.Errorf("portal: store %T records its events in a log of its own", x)
			}
		}
	}
	return log, nil
}

// newPortalEvents builds the event wiring: the shared log, the tracker,
// notices (GOV.UK Notify with cfg.NotifyKey, the fake in local
// development, none otherwise) and the webhook sender.
func newPortalEvents(cfg config, st stores, db *postgres.DB, dir *councilkit.Directory) (*portalEvents, error) {
	log, err := shareEventLog(st, db)
	if err != nil {
		return nil, err
	}
	ev := &portalEvents{log: log, links: st.portal, ledger: new(notices.MemLedger)}
	// Which notices were sent is kept in the database, so that a
	// redelivery after a restart, or on another instance, sends nothing
	// twice.
	switch {
	case db != nil:
		ev.ledger = db.NoticesLedger()
	case st.sqlite != nil:
		ev.ledger = st.sqlite.NoticesLedger()
	}
	if ev.tracker, err = tracking.New(log, tracking.Config{}); err != nil {
		return nil, err
	}
	var sender notices.Sender
	var tpl notices.Templates
	switch {
	case cfg.NotifyKey != "":
		if cfg.NotifyTemplates == "" {
			return nil, errors.New("portal: -notify-key needs -notify-templates, a JSON file of the council's Notify template IDs")
		}
		if tpl, err = readTemplates(cfg.NotifyTemplates); err != nil {
			return nil, err
		}
		c, err := notify.New(cfg.NotifyKey, notify.Config{Clock: cfg.Clock})
		if err != nil {
			return nil, fmt.Errorf("portal: -notify-key: %w", err)
		}
		sender = c
	case cfg.PublicURL == "":
		// Local development: a fake Notify, whose messages the
		// development page lists. Never outside local development,
		// where the page would show residents' addresses.
		var fc notifyfake.Config
		tpl, fc = fakeTemplates()
		fc.Clock = cfg.Clock
		ev.fake = notifyfake.NewServer(fc)
		c, err := notify.New(ev.fake.APIKey(), notify.Config{BaseURL: ev.fake.URL, Clock: cfg.Clock, RatePerMinute: -1, MaxRetries: -1})
		if err != nil {
			ev.fake.Close()
			return nil, err
		}
		sender = c
	}
	if sender != nil {
		// One handler per council, each naming its council and sending
		// its residents' messages; one Notify service (and so one set of
		// templates) serves the whole deployment here. A deployment whose
		// councils each have their own Notify service makes a sender per
		// council.
		ev.notices = &councilNotices{byCouncil: map[councilkit.Council]*notices.Handler{}}
		for _, c := range dir.Councils() {
			h, err := notices.New(c, sender, notices.RecipientsFunc(ev.recipient), notices.Config{
				Templates: tpl, Directory: dir, Ledger: ev.ledger, Clock: cfg.Clock, Logger: cfg.Log,
			})
			if err != nil {
				ev.close()
				return nil, err
			}
			ev.notices.byCouncil[c] = h
			ev.notices.types = h.Types()
		}
	}
	rules := webhooks.Rules{AllowLoopbackHTTP: cfg.PublicURL == ""}
	switch {
	case db != nil:
		ev.webhooks = db.Webhooks(rules)
	case st.sqlite != nil:
		ev.webhooks = st.sqlite.Webhooks(rules)
	default:
		ev.webhooks = webhooks.NewMemStore(rules)
	}
	if ev.sender, err = webhooks.NewSender(ev.webhooks, webhooks.Config{Clock: cfg.Clock}); err != nil {
		ev.close()
		return nil, err
	}
	var deliver func(context.Context) error
	switch {
	case st.late != nil && db != nil:
		deliver = db.Deliver
	case st.late != nil && st.sqlite != nil:
		deliver = st.sqlite.Deliver
	default:
		ev.dispatcher, err = events.NewDispatcher(log, ev.subscribers(), events.DispatcherConfig{Clock: cfg.Clock, Logger: cfg.Log})
		if err != nil {
			ev.close()
			return nil, err
		}
		deliver = ev.dispatcher.Run
	}
	if st.late != nil {
		// The database was opened with st.late's subscribers, before
		// this wiring existed: point them at it now, before delivery
		// starts.
		ev.river = true
		st.late.set(ev.notices, ev.sender)
	}
	ctx, stop := context.WithCancel(context.Background())
	ev.stop, ev.done = stop, make(chan struct{})
	go func() {
		defer close(ev.done)
		if err := deliver(ctx); err != nil && !errors.Is(err, context.Canceled) {
			cfg.Log.Error("portal: event delivery stopped", "err", err)
		}
	}()
	return ev, nil
}

// String says what the wiring sends through, without the links (who
// started which record) or the Notify key.
func (ev *portalEvents) String() string {
	notices := "none"
	switch {
	case ev.fake != nil:
		notices = "fake"
	case ev.notices != nil:
		notices = "GOV.UK Notify"
	}
	return fmt.Sprintf("portalEvents{notices:%s dispatcher:%t river:%t}", notices, ev.dispatcher != nil, ev.river)
}

// Format implements fmt.Formatter: String for every verb.
func (ev *portalEvents) Format(f fmt.State, verb rune) { formatRedacted(f, verb, ev.String()) }

// LogValue implements slog.LogValuer.
func (ev *portalEvents) LogValue() slog.Value { return slog.StringValue(ev.String()) }

// subscribers are the event subscribers: notices when Notify is
// configured, and webhooks.
func (ev *portalEvents) subscribers() []events.Subscriber {
	var subs []events.Subscriber
	if ev.notices != nil {
		subs = append(subs, events.Subscriber{Name: "notices", Types: ev.notices.types, Handler: ev.notices})
	}
	return append(subs, ev.sender.Subscriber())
}

// lateSubscribers are the subscribers a durable database is opened with
// (postgres.Config.Subscribers, sqlite.Config.Subscribers): "notices" and
// "webhooks", whose handlers forward to the portal's notices handler and
// webhook sender. Those need the database's webhook store and so are made
// after it is open; set gives them to the forwarders before delivery
// starts. A subscriber whose handler is not set (notices without Notify)
// takes its events and does nothing with them.
type lateSubscribers struct {
	mu       sync.RWMutex
	notices  events.Handler
	webhooks events.Handler
}

// subscribers returns the subscribers to open the database with.
func (l *lateSubscribers) subscribers() []events.Subscriber {
	var types []events.Type
	for k := notices.PaymentReceipt; k <= notices.PlanningDecided; k++ {
		types = append(types, k.EventType())
	}
	return []events.Subscriber{
		{Name: "notices", Types: types, Handler: events.HandlerFunc(func(ctx context.Context, r events.Record) error {
			return l.handle(ctx, r, func() events.Handler { return l.notices })
		})},
		{Name: webhooks.SubscriberName, Handler: events.HandlerFunc(func(ctx context.Context, r events.Record) error {
			return l.handle(ctx, r, func() events.Handler { return l.webhooks })
		})},
	}
}

func (l *lateSubscribers) handle(ctx context.Context, r events.Record, which func() events.Handler) error {
	l.mu.RLock()
	h := which()
	l.mu.RUnlock()
	if h == nil {
		return nil
	}
	return h.Handle(ctx, r)
}

// set points the subscribers at the portal's handlers; n may be nil.
func (l *lateSubscribers) set(n *councilNotices, w *webhooks.Sender) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n != nil {
		l.notices = n
	}
	l.webhooks = w
}

// councilNotices sends each council's residents their messages: it gives
// each event to its council's notices.Handler, and takes an event of a
// council the deployment does not serve without sending anything.
type councilNotices struct {
	byCouncil map[councilkit.Council]*notices.Handler
	types     []events.Type
}

// Handle implements events.Handler.
func (n *councilNotices) Handle(ctx context.Context, r events.Record) error {
	h, ok := n.byCouncil[r.Event.Council]
	if !ok {
		return nil
	}
	return h.Handle(ctx, r)
}

// recipient implements notices.Recipients over the portal store's link
// records: the resident who started the event's record, at the address
// and in the language they had then. A record no one is linked to, or
// whose resident gave no address, has no one to tell; a store that cannot
// be read is an error, so that the event is given again later.
func (ev *portalEvents) recipient(ctx context.Context, e events.Event) (notices.Recipient, error) {
	kind := kindOf(serviceOf(e.Type))
	if kind == "" {
		return notices.Recipient{}, notices.ErrNoRecipient
	}
	l, err := ev.links.linkOf(ctx, e.Council.String(), kind, e.Subject)
	switch {
	case errors.Is(err, errNoLink):
		return notices.Recipient{}, notices.ErrNoRecipient
	case err != nil:
		return notices.Recipient{}, fmt.Errorf("portal: reading the record's link: %w", err)
	case l.To.Email == "":
		return notices.Recipient{}, notices.ErrNoRecipient
	}
	return notices.Recipient{Email: l.To.Email, Language: l.To.Language}, nil
}

// close stops the dispatcher and the fake Notify.
func (ev *portalEvents) close() {
	if ev.stop != nil {
		ev.stop()
		<-ev.done
		ev.stop = nil
	}
	if ev.fake != nil {
		ev.fake.Close()
	}
}

// readTemplates reads a council's Notify template IDs: notices.Templates
// as JSON, {"payment_receipt": {"email": {"en": "…", "cy": "…"}}, …}.
func readTemplates(path string) (notices.Templates, error) {
	var t notices.Templates
	b, err := os.ReadFile(path)
	if err != nil {
		return t, fmt.Errorf("portal: -notify-templates: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return t, fmt.Errorf("portal: -notify-templates %s: %w", path, err)
	}
	return t, nil
}

// fakeTemplate is one kind's development email, in English and Welsh.
type fakeTemplate struct {
	kind                 notices.Kind
	subjectEn, subjectCy string
	bodyEn, bodyCy       string
}

// fakeWording is what the development Notify's templates say, using only
// the placeholders package notices fills for each kind.
var fakeWording = []fakeTemplate{
	{notices.PaymentReceipt, "Payment received: ((reference))", "Taliad wedi dod i law: ((reference))",
		"((council)) has received your payment of ((amount)) on ((paid_on)). Reference: ((reference)).",
		"Mae ((council)) wedi cael eich taliad o ((amount)) ar ((paid_on)). Cyfeirnod: ((reference))."},
	{notices.ApplicationReceived, "School application received", "Cais am le mewn ysgol wedi dod i law",
		"((council)) received your application for a ((year_group)) place in ((school_year)) on ((received_on)). Reference: ((reference)).",
		"Cafodd ((council)) eich cais am le ((year_group)) yn ((school_year)) ar ((received_on)). Cyfeirnod: ((reference))."},
	{notices.OfferMade, "School place offered", "Cynnig lle mewn ysgol",
		"((council)) has offered your child a school place. Accept or decline it by ((respond_by)). Reference: ((reference)).",
		"Mae ((council)) wedi cynnig lle mewn ysgol i’ch plentyn. Derbyniwch neu wrthodwch erbyn ((respond_by)). Cyfeirnod: ((reference))."},
	{notices.FreeSchoolMealsDecision, "Free school meals decision", "Penderfyniad prydau ysgol am ddim",
		"((council)) decided on ((decided_on)): ((decision)). Reference: ((reference)).",
		"Penderfynodd ((council)) ar ((decided_on)): ((decision)). Cyfeirnod: ((reference))."},
	{notices.PlanningReceived, "Planning application received", "Cais cynllunio wedi dod i law",
		"((council)) received your planning application on ((received_on)). Reference: ((reference)).",
		"Cafodd ((council)) eich cais cynllunio ar ((received_on)). Cyfeirnod: ((reference))."},
	{notices.PlanningDecided, "Planning decision", "Penderfyniad cynllunio",
		"((council)) decided your planning application on ((decided_on)): ((decision)). Reference: ((reference)).",
		"Penderfynodd ((council)) ar eich cais cynllunio ar ((decided_on)): ((decision)). Cyfeirnod: ((reference))."},
}

// fakeTemplates makes an email template in English and Welsh for every
// kind of notice, and the fake Notify configuration that holds them.
func fakeTemplates() (notices.Templates, notifyfake.Config) {
	fc := notifyfake.Config{Templates: map[string]string{}, Content: map[string]string{}}
	byKind := map[notices.Kind]notices.Message{}
	for _, w := range fakeWording {
		en, cy := uuid.NewString(), uuid.NewString()
		fc.Templates[en], fc.Content[en] = w.subjectEn, w.bodyEn
		fc.Templates[cy], fc.Content[cy] = w.subjectCy, w.bodyCy
		byKind[w.kind] = notices.Message{Email: notify.Template{English: en, Welsh: cy}}
	}
	return notices.Templates{
		PaymentReceipt:          byKind[notices.PaymentReceipt],
		ApplicationReceived:     byKind[notices.ApplicationReceived],
		OfferMade:               byKind[notices.OfferMade],
		FreeSchoolMealsDecision: byKind[notices.FreeSchoolMealsDecision],
		PlanningReceived:        byKind[notices.PlanningReceived],
		PlanningDecided:         byKind[notices.PlanningDecided],
	}, fc
}
