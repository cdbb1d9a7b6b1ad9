package notify

import (
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
)

// Template is one message's GOV.UK Notify template in each language: a
// council keeps its Welsh wording in a template of its own. The zero
// Template has no template.
type Template struct {
	English string `json:"en"`
	Welsh   string `json:"cy,omitempty"`
}

// In returns the template ID for the reader's language: the Welsh template
// for a Welsh tag when there is one, the English template otherwise.
func (t Template) In(tag language.Tag) string {
	return councilkit.Text{English: t.English, Welsh: t.Welsh}.In(tag)
}

// Personalisation fills a template's ((placeholders)). Values are text, as
// Notify shows them.
type Personalisation map[string]string

// MaxReferenceLength is the longest reference Notify accepts.
const MaxReferenceLength = 1000

// Email is an email to send by template.
type Email struct {
	// To is the recipient's email address. Required.
	To string `json:"email_address"`
	// TemplateID is the Notify template's ID (a UUID). Required.
	TemplateID string `json:"template_id"`
	// Personalisation fills the template's placeholders.
	Personalisation Personalisation `json:"personalisation,omitempty"`
	// Reference identifies the message, or a batch, in the council's own
	// terms: a payment or application reference, never personal data.
	Reference string `json:"reference,omitempty"`
	// ReplyToID picks one of the service's reply-to addresses; empty uses
	// the default.
	ReplyToID string `json:"email_reply_to_id,omitempty"`
}

// SMS is a text message to send by template.
type SMS struct {
	// To is the recipient's phone number, UK or international. Required.
	To string `json:"phone_number"`
	// TemplateID is the Notify template's ID (a UUID). Required.
	TemplateID      string          `json:"template_id"`
	Personalisation Personalisation `json:"personalisation,omitempty"`
	Reference       string          `json:"reference,omitempty"`
	// SenderID picks one of the service's text message senders; empty
	// uses the default.
	SenderID string `json:"sms_sender_id,omitempty"`
}

// Letter is a letter to post by template. Notify needs at least 3 and at
// most 7 address lines; the last must be a UK postcode or a country outside
// the UK.
type Letter struct {
	// Address is the recipient's address, one line per entry.
	Address []string `json:"-"`
	// TemplateID is the Notify template's ID (a UUID). Required.
	TemplateID      string          `json:"template_id"`
	Personalisation Personalisation `json:"-"`
	Reference       string          `json:"reference,omitempty"`
}

// Problem codes for messages refused before they are sent.
const (
	CodeInvalidTemplate  councilkit.Code = "invalid_template"
	CodeInvalidRecipient councilkit.Code = "invalid_recipient"
	CodeInvalidAddress   councilkit.Code = "invalid_address"
)

func checkCommon(ps *councilkit.Problems, templateID, reference string) {
	if err := uuid.Validate(templateID); err != nil || len(templateID) != 36 {
		ps.Add("template_id", CodeInvalidTemplate, text("template_id.invalid"))
	}
	if len(reference) > MaxReferenceLength {
		ps.Add("reference", councilkit.CodeTooLong, councilkit.TooLongText(MaxReferenceLength))
	}
}

// Validate checks the email before it is sent, reporting every problem at
// once as a *councilkit.ValidationError.
func (m Email) Validate() error {
	var ps councilkit.Problems
	if a, err := mail.ParseAddress(m.To); err != nil || a.Address != strings.TrimSpace(m.To) {
		ps.Add("email_address", CodeInvalidRecipient, text("email_address.invalid"))
	}
	checkCommon(&ps, m.TemplateID, m.Reference)
	return ps.Err()
}

// Validate checks the text message before it is sent.
func (m SMS) Validate() error {
	var ps councilkit.Problems
	digits := 0
	for i, r := range m.To {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			digits = -100
		}
	}
	if digits < 7 || digits > 15 {
		ps.Add("phone_number", CodeInvalidRecipient, text("phone_number.invalid"))
	}
	checkCommon(&ps, m.TemplateID, m.Reference)
	return ps.Err()
}

// Validate checks the letter before it is sent: 3 to 7 address lines with
// text in the first two.
func (m Letter) Validate() error {
	var ps councilkit.Problems
	lines := 0
	for _, l := range m.Address {
		if strings.TrimSpace(l) != "" {
			lines++
		}
	}
	if lines < 3 || lines > 7 || len(m.Address) > 7 || strings.TrimSpace(first(m.Address, 0)) == "" || strings.TrimSpace(first(m.Address, 1)) == "" {
		ps.Add("address", CodeInvalidAddress, text("address.invalid"))
	}
	checkCommon(&ps, m.TemplateID, m.Reference)
	return ps.Err()
}

func first(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// LogValue logs the email without its recipient or personalisation.
func (m Email) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", "email"), slog.String("template_id", m.TemplateID),
		slog.String("reference", m.Reference), slog.Int("personalisation", len(m.Personalisation)))
}

// LogValue logs the text message without its recipient or personalisation.
func (m SMS) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", "sms"), slog.String("template_id", m.TemplateID),
		slog.String("reference", m.Reference), slog.Int("personalisation", len(m.Personalisation)))
}

// LogValue logs the letter without its address or personalisation.
func (m Letter) LogValue() slog.Value {
	return slog.GroupValue(slog.String("type", "letter"), slog.String("template_id", m.TemplateID),
		slog.String("reference", m.Reference), slog.Int("personalisation", len(m.Personalisation)))
}

// Sent is Notify's answer to a message it accepted.
type Sent struct {
	// ID is Notify's notification ID, for Client.Notification.
	ID        string `json:"id"`
	Reference string `json:"reference"`
	Content   struct {
		Subject    string `json:"subject"`
		Body       string `json:"body"`
		FromEmail  string `json:"from_email"`
		FromNumber string `json:"from_number"`
	} `json:"content"`
	URI      string      `json:"uri"`
	Template TemplateRef `json:"template"`
}

// TemplateRef names the template and version a message was made from.
type TemplateRef struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	URI     string `json:"uri"`
}

// Status is a message's state in Notify, as its API spells it.
type Status string

// Statuses. Created, sending, pending and accepted are on the way; the rest
// are final. Letters are accepted and then received (printed and posted).
const (
	StatusCreated           Status = "created"
	StatusSending           Status = "sending"
	StatusPending           Status = "pending"
	StatusSent              Status = "sent" // to an international number: no more news will come
	StatusDelivered         Status = "delivered"
	StatusPermanentFailure  Status = "permanent-failure"
	StatusTemporaryFailure  Status = "temporary-failure"
	StatusTechnicalFailure  Status = "technical-failure"
	StatusAccepted          Status = "accepted"
	StatusReceived          Status = "received"
	StatusPendingVirusCheck Status = "pending-virus-check"
	StatusVirusScanFailed   Status = "virus-scan-failed"
	StatusValidationFailed  Status = "validation-failed"
	StatusCancelled         Status = "cancelled"
)

// Final reports whether Notify will not change the status again.
func (s Status) Final() bool {
	switch s {
	case StatusCreated, StatusSending, StatusPending, StatusAccepted, StatusPendingVirusCheck, "":
		return false
	}
	return true
}

// Failed reports whether the message was not delivered.
func (s Status) Failed() bool {
	switch s {
	case StatusPermanentFailure, StatusTemporaryFailure, StatusTechnicalFailure,
		StatusVirusScanFailed, StatusValidationFailed, StatusCancelled:
		return true
	}
	return false
}

// Notification is a message as Notify reports it (GET
// /v2/notifications/{id}). Recipient fields are personal data: LogValue
// leaves them out.
type Notification struct {
	ID           string      `json:"id"`
	Reference    string      `json:"reference"`
	Type         string      `json:"type"` // email, sms or letter
	Status       Status      `json:"status"`
	EmailAddress string      `json:"email_address,omitempty"`
	PhoneNumber  string      `json:"phone_number,omitempty"`
	Template     TemplateRef `json:"template"`
	Subject      string      `json:"subject,omitempty"`
	Body         string      `json:"body"`
	CreatedAt    time.Time   `json:"created_at"`
	SentAt       *time.Time  `json:"sent_at"`
	CompletedAt  *time.Time  `json:"completed_at"`
}

// LogValue logs the notification without recipient or content.
func (n Notification) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", n.ID), slog.String("type", n.Type),
		slog.String("status", string(n.Status)), slog.String("reference", n.Reference))
}
