package notices

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"golang.org/x/text/language"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/internal/enum"
	"github.com/lgds/councilkit/notify"
)

// Kind is a kind of message a resident is sent. The zero Kind is KindNone,
// "none": no message.
type Kind uint8

// Kinds. Append only.
const (
	KindNone                Kind = iota
	PaymentReceipt               // payment.succeeded
	ApplicationReceived          // admissions.application.submitted
	OfferMade                    // admissions.offer.made
	FreeSchoolMealsDecision      // fsm.decision.made
	PlanningReceived             // planning.application.submitted
	PlanningDecided              // planning.application.determined
)

var kindNames = [...]string{"none", "payment_receipt", "application_received", "offer_made",
	"fsm_decision", "planning_received", "planning_decided"}

var kindTypes = [...]events.Type{"", events.PaymentSucceeded, events.SchoolApplicationSubmitted,
	events.SchoolOfferMade, events.FreeSchoolMealsDecided, events.PlanningApplicationSubmitted,
	events.PlanningApplicationDetermined}

// String returns the kind's name, such as "payment_receipt".
func (k Kind) String() string { return enum.Name(kindNames[:], k, "Kind") }

// MarshalText returns the kind's name; an undefined kind is an error.
func (k Kind) MarshalText() ([]byte, error) { return enum.Marshal(kindNames[:], k, "notices", "Kind") }

// UnmarshalText parses a kind's name, "none" included.
func (k *Kind) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Kind](kindNames[:], string(b))
	if !ok {
		return enum.Unknown("notices", "kind", string(b))
	}
	*k = v
	return nil
}

// KindOf returns the kind of message an event of type t sends, or KindNone.
func KindOf(t events.Type) Kind {
	for k, kt := range kindTypes {
		if k > 0 && kt == t {
			return Kind(k)
		}
	}
	return KindNone
}

// EventType returns the event type that sends messages of kind k, or "".
func (k Kind) EventType() events.Type {
	if int(k) < len(kindTypes) {
		return kindTypes[k]
	}
	return ""
}

// Channel is how a message reaches the resident. The zero Channel is
// ChannelNone, "none".
type Channel uint8

// Channels. Append only.
const (
	ChannelNone Channel = iota
	Email
	SMS
)

var channelNames = [...]string{"none", "email", "sms"}

// String returns the channel's name: "email", "sms" or "none".
func (c Channel) String() string { return enum.Name(channelNames[:], c, "Channel") }

// MarshalText returns the channel's name; an undefined channel is an error.
func (c Channel) MarshalText() ([]byte, error) {
	return enum.Marshal(channelNames[:], c, "notices", "Channel")
}

// UnmarshalText parses a channel's name, "none" included.
func (c *Channel) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Channel](channelNames[:], string(b))
	if !ok {
		return enum.Unknown("notices", "channel", string(b))
	}
	*c = v
	return nil
}

// Message is the GOV.UK Notify templates of one kind of message, by
// channel, each in English and Welsh. A channel with no template is not
// used; a Message with none is not sent at all.
type Message struct {
	Email notify.Template `json:"email"`
	SMS   notify.Template `json:"sms"`
}

// IsZero reports whether m has no template.
func (m Message) IsZero() bool { return m == Message{} }

// template returns the templates of channel ch.
func (m Message) template(ch Channel) notify.Template {
	switch ch {
	case Email:
		return m.Email
	case SMS:
		return m.SMS
	}
	return notify.Template{}
}

// Templates are a council's Notify templates for each kind of message.
// The placeholders each kind fills are listed in the package doc.
type Templates struct {
	PaymentReceipt          Message `json:"payment_receipt"`
	ApplicationReceived     Message `json:"application_received"`
	OfferMade               Message `json:"offer_made"`
	FreeSchoolMealsDecision Message `json:"fsm_decision"`
	PlanningReceived        Message `json:"planning_received"`
	PlanningDecided         Message `json:"planning_decided"`
}

// For returns the templates of kind k.
func (t Templates) For(k Kind) Message {
	switch k {
	case PaymentReceipt:
		return t.PaymentReceipt
	case ApplicationReceived:
		return t.ApplicationReceived
	case OfferMade:
		return t.OfferMade
	case FreeSchoolMealsDecision:
		return t.FreeSchoolMealsDecision
	case PlanningReceived:
		return t.PlanningReceived
	case PlanningDecided:
		return t.PlanningDecided
	}
	return Message{}
}

// Recipient is who is told about an event, as the service's own records
// say: personal data, which never travels in an event. Its String, fmt
// verbs and slog show only which channels it has.
type Recipient struct {
	// Email and Phone are where to send; either may be empty. A message
	// goes to each that is given and has a template.
	Email string
	Phone string
	// Language is the resident's language (councilkit.English or
	// councilkit.Welsh); the zero tag means English.
	Language language.Tag
	// Name fills the ((name)) placeholder; it may be empty.
	Name string
	// Personalisation holds further placeholders the service fills from
	// its records, such as a school's name for an offer, in the
	// recipient's language. The handler's own placeholders take
	// precedence over these (names compared as Notify compares them,
	// ignoring case, spaces, hyphens and underscores).
	Personalisation notify.Personalisation
}

// String describes the recipient without personal data.
func (r Recipient) String() string {
	return fmt.Sprintf("notices.Recipient(email:%t sms:%t lang:%s)", r.Email != "", r.Phone != "", r.Language)
}

// GoString is String, so %#v shows no personal data.
func (r Recipient) GoString() string { return r.String() }

// Format prints String for every verb.
func (r Recipient) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(r.String())) }

// LogValue logs which channels the recipient has and the language.
func (r Recipient) LogValue() slog.Value {
	return slog.GroupValue(slog.Bool("email", r.Email != ""), slog.Bool("sms", r.Phone != ""),
		slog.String("lang", r.Language.String()))
}

// ErrNoRecipient is returned by a Recipients lookup when no one is to be
// told about the event (the resident asked not to be contacted, or gave no
// contact details). The handler records the event as skipped.
var ErrNoRecipient = errors.New("notices: no one to tell")

// Recipients finds who to tell about an event: the service implements it
// over its own records, reading by e.Council and e.Subject (a payment ID,
// an application ID) and never returning another council's resident. An
// error other than ErrNoRecipient is taken to be passing (a database
// unavailable), and the event is given again later; it must not hold
// personal data.
type Recipients interface {
	Recipient(ctx context.Context, e events.Event) (Recipient, error)
}

// RecipientsFunc adapts a function to Recipients.
type RecipientsFunc func(ctx context.Context, e events.Event) (Recipient, error)

// Recipient calls f.
func (f RecipientsFunc) Recipient(ctx context.Context, e events.Event) (Recipient, error) {
	return f(ctx, e)
}
