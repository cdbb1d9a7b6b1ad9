package payments

import (
	"log/slog"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lgds/councilkit"
)

// MaxRefundReasonLen is the longest refund reason, in characters: room
// for a few sentences, and a bound on what is stored with every refund.
const MaxRefundReasonLen = 500

// RefundReason is why a refund was made, in the words of the officer who
// made it ("Paid twice: see payment of 3 March"). It is stored with the
// refund (Refund.Reason) for the council's audit trail, and it is free
// text that may name a resident or their circumstances, so it is treated
// as personal data: it is never put in an event, an error or a log line.
// String, GoString and LogValue give only its length; Text gives the
// words, to show to an officer.
type RefundReason string

// ParseRefundReason checks a reason an officer wrote and returns it without
// the white space around it: it must not be blank, must be at most
// MaxRefundReasonLen characters of UTF-8, and may hold line breaks and tabs
// but no other control characters. A reason that is not is a
// *councilkit.ValidationError for the field "reason", whose messages never
// repeat it.
func ParseRefundReason(s string) (RefundReason, error) {
	var ps councilkit.Problems
	r := checkRefundReason(&ps, "reason", s)
	if err := ps.Err(); err != nil {
		return "", err
	}
	return r, nil
}

// checkRefundReason adds field's problems with s to ps and returns s
// trimmed.
func checkRefundReason(ps *councilkit.Problems, field, s string) RefundReason {
	t := strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(t):
		ps.Add(field, councilkit.CodeInvalid, councilkit.InvalidText())
	case t == "":
		ps.Add(field, councilkit.CodeRequired, text("refund.reason_required"))
	case utf8.RuneCountInString(t) > MaxRefundReasonLen:
		ps.Add(field, councilkit.CodeTooLong, councilkit.TooLongText(MaxRefundReasonLen))
	case strings.ContainsFunc(t, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		ps.Add(field, councilkit.CodeInvalid, text("refund.reason_characters"))
	}
	return RefundReason(t)
}

// Text returns the reason as the officer wrote it, to show on an
// officer's page. Never log it.
func (r RefundReason) Text() string { return string(r) }

// IsZero reports whether no reason is recorded (a refund made before
// reasons were, or reported by the provider).
func (r RefundReason) IsZero() bool { return r == "" }

// String returns "reason (n characters)", never the words, so that a
// RefundReason printed with %v, or inside a Refund, shows nothing an
// officer wrote. Use Text to show it.
func (r RefundReason) String() string {
	if r == "" {
		return "no reason"
	}
	return "reason (" + strconv.Itoa(utf8.RuneCountInString(string(r))) + " characters)"
}

// GoString is String, so that %#v too leaves the words out.
func (r RefundReason) GoString() string {
	return "payments.RefundReason(" + strconv.Quote(r.String()) + ")"
}

// LogValue logs String, never the words.
func (r RefundReason) LogValue() slog.Value { return slog.StringValue(r.String()) }

// LogValue logs the refund without its reason.
func (r Refund) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", r.ID),
		slog.String("provider_id", r.ProviderID),
		slog.String("amount", r.Amount.Plain()),
		slog.String("status", r.Status.String()),
		slog.String("requested_by", string(r.RequestedBy.Kind)+":"+r.RequestedBy.ID),
	)
}

// RefundRequest is what an officer asks Service.Refund for.
type RefundRequest struct {
	// Amount to refund: at least 1p, and no more than is still available
	// (Payment.RefundSummary), which Refund checks against the payment.
	Amount Amount `json:"amount"`
	// Reason says why, in the officer's words (see RefundReason):
	// required, at most MaxRefundReasonLen characters. It is stored with
	// the refund, trimmed of the white space around it.
	Reason RefundReason `json:"reason"`
	// Key makes the call safe to retry (see Service.Refund). Empty means a
	// new refund every time; otherwise it must be a valid IdempotencyKey.
	Key IdempotencyKey `json:"-"`
}

// Validate reports every problem with the request at once as a
// *councilkit.ValidationError: an amount under 1p ("amount"), a missing,
// overlong or unprintable reason ("reason", CodeRequired with the message
// "Enter the reason for the refund" when it is blank) and a key that is
// not an IdempotencyKey ("idempotency_key"). Whether the amount is still
// available depends on the payment: Service.Refund checks it.
func (r RefundRequest) Validate() error {
	var ps councilkit.Problems
	if r.Amount.Pence() < MinPence {
		ps.Add("amount", councilkit.CodeTooSmall, councilkit.TooSmallText(Pence(MinPence).String()))
	}
	checkRefundReason(&ps, "reason", string(r.Reason))
	if r.Key != "" {
		if _, err := ParseIdempotencyKey(string(r.Key)); err != nil {
			ps.Add("idempotency_key", CodeIdempotencyKey, councilkit.InvalidText())
		}
	}
	return ps.Err()
}
