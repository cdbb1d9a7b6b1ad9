package notices

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/notify"
)

// Sender sends messages through GOV.UK Notify: *notify.Client.
type Sender interface {
	SendEmail(ctx context.Context, m notify.Email) (*notify.Sent, error)
	SendSMS(ctx context.Context, m notify.SMS) (*notify.Sent, error)
}

// Finder finds messages Notify holds by reference. A Sender that is also a
// Finder (*notify.Client is) lets the handler ask Notify, before sending
// again, whether a send whose answer was lost got through.
type Finder interface {
	Notifications(ctx context.Context, f notify.NotificationFilter) ([]notify.Notification, error)
}

// ErrConfig is wrapped by New for a configuration it cannot use.
var ErrConfig = errors.New("notices: invalid configuration")

// ErrInProgress is wrapped by Handle's error when another attempt (in this
// instance or another) holds a message the event calls for: the event is
// given again later, by when the message is recorded as sent or the other
// attempt's claim has lapsed.
var ErrInProgress = errors.New("notices: another attempt is sending the message")

// DefaultClaimTimeout is Config.ClaimTimeout's default.
const DefaultClaimTimeout = 10 * time.Minute

// Config holds a Handler's settings. The zero Config sends nothing (it has
// no templates), keeps outcomes in a new MemLedger and names the council
// by its GSS code.
type Config struct {
	// Templates are the council's Notify templates. An event whose kind
	// has none is skipped.
	Templates Templates
	// Directory names the council in the ((council)) placeholder, in the
	// resident's language, and must hold the council's profile; nil means
	// the placeholder is the council's GSS code.
	Directory *councilkit.Directory
	// Ledger records each message's outcome; nil means a new MemLedger.
	// Handlers of one council in several instances share one Ledger (a
	// database's) so that a message is sent by one of them only.
	Ledger Ledger
	// ClaimTimeout is how long an attempt to send holds its message
	// (Ledger.Claim) before another may take it over, taking the first to
	// have stopped; 0 means DefaultClaimTimeout. It must be longer than a
	// send takes, the notify client's retries included, and must not be
	// negative.
	ClaimTimeout time.Duration
	// Clock stamps outcomes; nil means the system clock.
	Clock councilkit.Clock
	// Logger logs each outcome (never personal data); nil means
	// slog.Default().
	Logger *slog.Logger
	// EmailReplyToID and SMSSenderID choose one of the service's reply-to
	// addresses and text message senders; empty means the default.
	EmailReplyToID string
	SMSSenderID    string
}

// Handler is an events.Handler that sends one council's residents GOV.UK
// Notify messages about its events. It is safe for concurrent use, for
// different events: like every Handler it relies on the events contract
// giving it one event at a time per record, so it is never given the same
// event twice at once.
type Handler struct {
	council    councilkit.Council
	sender     Sender
	recipients Recipients
	cfg        Config
}

var _ events.Handler = (*Handler)(nil)

// New returns a Handler for council c's events, sending through sender
// (the council's own Notify service) to the residents recipients finds.
// Its error wraps ErrConfig.
func New(c councilkit.Council, sender Sender, recipients Recipients, cfg Config) (*Handler, error) {
	switch {
	case c.IsZero():
		return nil, fmt.Errorf("%w: a council is required", ErrConfig)
	case sender == nil:
		return nil, fmt.Errorf("%w: a Sender is required", ErrConfig)
	case recipients == nil:
		return nil, fmt.Errorf("%w: Recipients are required", ErrConfig)
	case cfg.ClaimTimeout < 0:
		return nil, fmt.Errorf("%w: ClaimTimeout must not be negative", ErrConfig)
	}
	if cfg.ClaimTimeout == 0 {
		cfg.ClaimTimeout = DefaultClaimTimeout
	}
	for k := PaymentReceipt; k <= PlanningDecided; k++ {
		m := cfg.Templates.For(k)
		for _, t := range []notify.Template{m.Email, m.SMS} {
			if t.English == "" && t.Welsh != "" {
				return nil, fmt.Errorf("%w: the %s template has Welsh but no English", ErrConfig, k)
			}
			for _, id := range []string{t.English, t.Welsh} {
				if id != "" && (len(id) != 36 || uuid.Validate(id) != nil) {
					return nil, fmt.Errorf("%w: the %s template ID is not a UUID", ErrConfig, k)
				}
			}
		}
	}
	if cfg.Directory != nil {
		if _, err := cfg.Directory.Profile(c); err != nil {
			return nil, fmt.Errorf("%w: the Directory has no profile of %s", ErrConfig, c)
		}
	}
	if cfg.Ledger == nil {
		cfg.Ledger = new(MemLedger)
	}
	if cfg.Clock == nil {
		cfg.Clock = councilkit.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Handler{council: c, sender: sender, recipients: recipients, cfg: cfg}, nil
}

// Types returns the event types the handler sends messages for: those
// whose kind has a template.
func (h *Handler) Types() []events.Type {
	var out []events.Type
	for k := PaymentReceipt; k <= PlanningDecided; k++ {
		if !h.cfg.Templates.For(k).IsZero() {
			out = append(out, k.EventType())
		}
	}
	return out
}

// Subscriber returns the handler as an events.Subscriber named name, given
// only the types it sends messages for.
func (h *Handler) Subscriber(name string) events.Subscriber {
	return events.Subscriber{Name: name, Types: h.Types(), Handler: h}
}

// Handle implements events.Handler: it sends the resident the message the
// event calls for, by email and by text as the recipient and templates
// allow, at most once each. It returns nil when the message is sent,
// was sent before, failed for good (recorded as StateFailed and logged),
// or is not called for (another council's event, no template, no
// recipient). It returns an error, so that the event is given again later,
// when sending may work then: Notify unavailable or unreachable, a rate or
// daily limit, a refused API key, a Recipients or Ledger error.
func (h *Handler) Handle(ctx context.Context, r events.Record) error {
	return h.handle(ctx, r, false)
}

// Resend is Handle, except that a message that failed for good is tried
// again: for an officer's "send again" once a template is put right.
func (h *Handler) Resend(ctx context.Context, r events.Record) error {
	return h.handle(ctx, r, true)
}

func (h *Handler) handle(ctx context.Context, r events.Record, retryFailed bool) error {
	e := r.Event
	kind := KindOf(e.Type)
	msg := h.cfg.Templates.For(kind)
	if e.Council != h.council || kind == KindNone || msg.IsZero() {
		return nil
	}
	// Which channels still need a message? A redelivery whose messages
	// are all done with stops here, before reading personal data.
	todo := map[Channel]Outcome{}
	for _, ch := range []Channel{Email, SMS} {
		if msg.template(ch).English == "" {
			continue
		}
		o, ok, err := h.cfg.Ledger.Get(ctx, Key{h.council, e.ID, ch})
		if err != nil {
			return fmt.Errorf("notices: reading the ledger for event %s: %w", e.ID, err)
		}
		if ok && o.State.Final() && !(retryFailed && o.State == StateFailed) {
			continue
		}
		todo[ch] = o
	}
	if len(todo) == 0 {
		return nil
	}
	rcpt, err := h.recipients.Recipient(ctx, e)
	if errors.Is(err, ErrNoRecipient) {
		return h.record(ctx, e, kind, todo, StateSkipped, "no_recipient", "")
	}
	if err != nil {
		return fmt.Errorf("notices: finding who to tell about event %s: %w", e.ID, err)
	}
	// The words and dates follow the template chosen: a Welsh speaker
	// whose council has no Welsh template of a channel gets the English
	// template in English, never English text with Welsh dates.
	filled := map[bool]notify.Personalisation{}
	fill := func(welsh bool) (notify.Personalisation, error) {
		if p, ok := filled[welsh]; ok {
			return p, nil
		}
		tag := councilkit.English
		if welsh {
			tag = councilkit.Welsh
		}
		p, err := personalise(kind, e, tag, h.cfg.Directory.Name(h.council, tag), rcpt.Name)
		if err != nil {
			return nil, err
		}
		ours := make(map[string]bool, len(p))
		for k := range p {
			ours[placeholderKey(k)] = true
		}
		for k, v := range rcpt.Personalisation {
			if !ours[placeholderKey(k)] {
				p[k] = v
			}
		}
		filled[welsh] = p
		return p, nil
	}
	if _, err := fill(false); err != nil {
		return h.record(ctx, e, kind, todo, StateFailed, "bad_event", err.Error())
	}
	var errs []error
	for _, ch := range []Channel{Email, SMS} {
		prev, ok := todo[ch]
		if !ok {
			continue
		}
		to := rcpt.Email
		if ch == SMS {
			to = rcpt.Phone
		}
		if to == "" {
			if prev.State == StatePending {
				// The address is gone since an attempt whose result is
				// unknown: record it as sent if Notify has it.
				found, err := h.find(ctx, e, ch, msg.template(ch))
				if err != nil {
					errs = append(errs, h.pending(ctx, Key{h.council, e.ID, ch}, kind, err))
					delete(todo, ch)
				} else if found != "" {
					if err := h.put(ctx, Outcome{Key: Key{h.council, e.ID, ch}, Kind: kind, State: StateSent,
						NotificationID: found, Reason: "found_by_reference"}); err != nil {
						errs = append(errs, err)
					}
					delete(todo, ch)
				}
			}
			continue
		}
		welsh := isWelsh(rcpt.Language) && msg.template(ch).Welsh != ""
		p, err := fill(welsh)
		if err != nil {
			return h.record(ctx, e, kind, todo, StateFailed, "bad_event", err.Error())
		}
		template := msg.template(ch).English
		if welsh {
			template = msg.template(ch).Welsh
		}
		if err := h.send(ctx, e, kind, ch, msg.template(ch), template, to, p, retryFailed); err != nil {
			errs = append(errs, err)
		}
		delete(todo, ch)
	}
	// Channels with a template the recipient has no address for.
	if err := h.record(ctx, e, kind, todo, StateSkipped, "no_address", ""); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// record puts the same outcome for every channel in todo.
func (h *Handler) record(ctx context.Context, e events.Event, kind Kind, todo map[Channel]Outcome, s State, reason, detail string) error {
	for _, ch := range []Channel{Email, SMS} {
		if _, ok := todo[ch]; !ok {
			continue
		}
		if err := h.put(ctx, Outcome{Key: Key{h.council, e.ID, ch}, Kind: kind, State: s, Reason: reason, Detail: detail}); err != nil {
			return err
		}
	}
	return nil
}

func (h *Handler) put(ctx context.Context, o Outcome) error {
	o.At = h.cfg.Clock.Now().UTC()
	h.log(ctx, o)
	// The outcome is recorded even if ctx has just ended: a message sent
	// and not recorded would be looked for, but one recorded is not.
	if err := h.cfg.Ledger.Put(context.WithoutCancel(ctx), o); err != nil {
		return fmt.Errorf("notices: recording the %s message of event %s: %w", o.Channel, o.EventID, err)
	}
	return nil
}

// log logs outcome o, never personal data.
func (h *Handler) log(ctx context.Context, o Outcome) {
	level := slog.LevelInfo
	switch o.State {
	case StateFailed:
		level = slog.LevelError
	case StatePending:
		level = slog.LevelDebug // about to send
		if o.Reason != "" {
			level = slog.LevelWarn // will be tried again
		}
	}
	h.cfg.Logger.LogAttrs(context.WithoutCancel(ctx), level, "notices: message "+o.State.String(),
		slog.String("council", o.Council.String()), slog.String("event_id", o.EventID),
		slog.String("kind", o.Kind.String()), slog.String("channel", o.Channel.String()),
		slog.String("notification_id", o.NotificationID), slog.String("reason", o.Reason),
		slog.String("detail", o.Detail))
}

// find asks Notify, if the Sender is a Finder, for the ID of a message of
// channel ch with event e's reference, made from either language's
// template (the resident may have changed language since); "" if there is
// none.
func (h *Handler) find(ctx context.Context, e events.Event, ch Channel, templates notify.Template) (string, error) {
	f, ok := h.sender.(Finder)
	if !ok {
		return "", nil
	}
	ns, err := f.Notifications(ctx, notify.NotificationFilter{Type: ch.String(), Reference: e.ID})
	if err != nil {
		return "", err
	}
	for _, n := range ns {
		if id := n.Template.ID; id != "" && (id == templates.English || id == templates.Welsh) {
			return n.ID, nil
		}
	}
	return "", nil
}

// send sends one message from template (one of templates) unless Notify
// already has it, and records the outcome. It returns an error only for a
// failure that passes.
func (h *Handler) send(ctx context.Context, e events.Event, kind Kind, ch Channel, templates notify.Template, template, to string,
	p notify.Personalisation, retryFailed bool) error {
	key := Key{h.council, e.ID, ch}
	// The reference is the event's ID: not personal data, the same on
	// every attempt, and what Notify's dashboard and Finder search by.
	ref := e.ID
	// Claim the message, recording the attempt before making it, so that
	// another instance given the same event does not send it too, and a
	// crash between the send and the record is looked for, not sent
	// blind, next time.
	now := h.cfg.Clock.Now().UTC()
	claim := Outcome{Key: key, Kind: kind, State: StatePending, At: now}
	prev, claimed, err := h.cfg.Ledger.Claim(ctx, claim, now.Add(-h.cfg.ClaimTimeout), retryFailed)
	if err != nil {
		return fmt.Errorf("notices: claiming the %s message of event %s: %w", ch, e.ID, err)
	}
	if !claimed {
		if prev.State.Final() {
			return nil // done with meanwhile
		}
		return fmt.Errorf("%w: the %s message of event %s", ErrInProgress, ch, e.ID)
	}
	h.log(ctx, claim)
	if prev.State == StatePending {
		// An earlier attempt may have reached Notify: ask it first.
		found, err := h.find(ctx, e, ch, templates)
		if err != nil {
			return h.pending(ctx, key, kind, err)
		}
		if found != "" {
			return h.put(ctx, Outcome{Key: key, Kind: kind, State: StateSent, NotificationID: found, Reason: "found_by_reference"})
		}
	}
	var sent *notify.Sent
	switch ch {
	case Email:
		sent, err = h.sender.SendEmail(ctx, notify.Email{To: to, TemplateID: template, Personalisation: p,
			Reference: ref, ReplyToID: h.cfg.EmailReplyToID})
	case SMS:
		sent, err = h.sender.SendSMS(ctx, notify.SMS{To: to, TemplateID: template, Personalisation: p,
			Reference: ref, SenderID: h.cfg.SMSSenderID})
	}
	if err == nil {
		id := ""
		if sent != nil {
			id = sent.ID
		}
		return h.put(ctx, Outcome{Key: key, Kind: kind, State: StateSent, NotificationID: id})
	}
	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		// Refused before sending: the address on record is not one Notify
		// could use. The problem codes and messages hold no input.
		reason := ""
		if len(ve.Problems) > 0 {
			reason = string(ve.Problems[0].Code)
		}
		return h.put(ctx, Outcome{Key: key, Kind: kind, State: StateFailed, Reason: reason, Detail: ve.Error()})
	}
	if errors.Is(err, notify.ErrBadRequest) {
		reason, detail := "BadRequestError", ""
		var ae *notify.APIError
		if errors.As(err, &ae) && len(ae.Errors) > 0 {
			reason, detail = ae.Errors[0].Error, ae.Errors[0].Message
		}
		return h.put(ctx, Outcome{Key: key, Kind: kind, State: StateFailed, Reason: reason, Detail: detail})
	}
	return h.pending(ctx, key, kind, err)
}

// pending records a failure that passes and returns it, for the event to be
// given again.
func (h *Handler) pending(ctx context.Context, key Key, kind Kind, err error) error {
	reason := "unavailable"
	var ae *notify.APIError
	switch {
	case errors.As(err, &ae) && len(ae.Errors) > 0:
		reason = ae.Errors[0].Error
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		reason = "cancelled"
	}
	if perr := h.put(ctx, Outcome{Key: key, Kind: kind, State: StatePending, Reason: reason}); perr != nil {
		return errors.Join(err, perr)
	}
	return fmt.Errorf("notices: the %s message of event %s will be tried again: %w", key.Channel, key.EventID, err)
}

// isWelsh reports whether tag's base language is Welsh (cy, cy-GB), as
// councilkit.Text.In decides.
func isWelsh(tag language.Tag) bool {
	base, _ := tag.Base()
	return base.String() == "cy"
}

// placeholderKey normalises a placeholder's name as Notify does, ignoring
// case, spaces, hyphens and underscores: "Paid on" and "paid_on" are one
// placeholder.
func placeholderKey(name string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, name)
}
