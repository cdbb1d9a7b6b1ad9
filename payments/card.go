package payments

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/lgds/councilkit"
)

// ErrInvalidCardDetails: a provider reported card details that are not in
// the published form, such as "last four digits" that are not four digits.
// They are refused rather than kept, since a longer number could be a full
// card number that must never be stored or logged.
var ErrInvalidCardDetails = errors.New("payments: invalid card details")

// CardDetails is the card a resident paid with, as GOV.UK Pay reports it in
// a payment's card_details (API reference, "Get information about a single
// payment"). It holds no full card number: only the first six and last four
// digits, which receipts and refunds quote. The zero value means the card
// is not known, as before the resident has entered it.
//
// CardholderName is personal data: String, GoString and LogValue leave it
// out, so printing or logging a CardDetails never shows it.
type CardDetails struct {
	// Brand is the card scheme as GOV.UK Pay names it: "Visa",
	// "Mastercard", "American Express".
	Brand string `json:"card_brand,omitempty"`
	// Type is "debit" or "credit", empty when the provider did not say (a
	// Google Pay payment, or a card it did not recognise).
	Type string `json:"card_type,omitempty"`
	// FirstDigits are the first six digits and LastDigits the last four.
	FirstDigits string `json:"first_digits_card_number,omitempty"`
	LastDigits  string `json:"last_digits_card_number,omitempty"`
	// ExpiryDate is the card's expiry as "MM/YY".
	ExpiryDate string `json:"expiry_date,omitempty"`
	// WalletType is "Apple Pay" or "Google Pay" when the resident paid with
	// a digital wallet.
	WalletType string `json:"wallet_type,omitempty"`
	// CardholderName is the name the resident entered. Personal data.
	CardholderName string `json:"cardholder_name,omitempty"`
}

// IsZero reports whether no card details are known.
func (c CardDetails) IsZero() bool { return c == CardDetails{} }

// String returns the brand and last four digits, "Visa ending 4242", and
// never the cardholder's name.
func (c CardDetails) String() string {
	switch {
	case c.IsZero():
		return "no card"
	case c.LastDigits == "":
		return c.Brand
	case c.Brand == "":
		return "card ending " + c.LastDigits
	}
	return c.Brand + " ending " + c.LastDigits
}

// GoString is String, so that %#v too leaves out the cardholder's name.
func (c CardDetails) GoString() string { return "payments.CardDetails{" + c.String() + "}" }

// LogValue logs the card without the cardholder's name.
func (c CardDetails) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("brand", c.Brand),
		slog.String("type", c.Type),
		slog.String("last_digits", c.LastDigits),
		slog.String("wallet", c.WalletType),
	)
}

// Label says which card was used, for a receipt or a refund letter, in
// English and Welsh: "Visa card ending 4242", "Cerdyn Visa yn gorffen 4242".
func (c CardDetails) Label() councilkit.Text {
	if c.LastDigits == "" {
		return text("card")
	}
	brand := c.Brand
	if brand == "" {
		return text("card.ending", "digits", c.LastDigits)
	}
	return text("card.brand_ending", "brand", brand, "digits", c.LastDigits)
}

// Validate checks the digits and expiry date are in GOV.UK Pay's published
// form: four last digits, six first digits, "MM/YY" with a month from 01 to
// 12. Empty fields are allowed. Text fields longer than 255 bytes are
// refused too. Every problem is reported at once in a *ResourceError per
// field, joined, each matching ErrInvalidCardDetails.
func (c CardDetails) Validate() error {
	var errs []error
	bad := func(field string) {
		errs = append(errs, &ResourceError{
			Field: "card_details." + field, Code: councilkit.CodeInvalid, Err: ErrInvalidCardDetails,
			Message: text("card.invalid"),
		})
	}
	if c.LastDigits != "" && !allDigits(c.LastDigits, 4) {
		bad("last_digits_card_number")
	}
	if c.FirstDigits != "" && !allDigits(c.FirstDigits, 6) {
		bad("first_digits_card_number")
	}
	if c.ExpiryDate != "" && !expiryForm(c.ExpiryDate) {
		bad("expiry_date")
	}
	for _, f := range [...]struct{ field, v string }{
		{"card_brand", c.Brand}, {"card_type", c.Type}, {"wallet_type", c.WalletType}, {"cardholder_name", c.CardholderName},
	} {
		if len(f.v) > 255 {
			bad(f.field)
		}
	}
	return errors.Join(errs...)
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func expiryForm(s string) bool {
	if len(s) != 5 || s[2] != '/' || !allDigits(s[:2], 2) || !allDigits(s[3:], 2) {
		return false
	}
	m := (s[0]-'0')*10 + s[1] - '0'
	return m >= 1 && m <= 12
}

// ResourceError is a field of a provider's payment resource that is not a
// valid value: a negative fee, card digits not in the published form, a
// total that is not the amount plus the surcharge. It matches its Err
// (ErrInvalidAmount, ErrInvalidCardDetails) with errors.Is. Message, in
// English and Welsh, never repeats the value, which may be card data.
type ResourceError struct {
	// Field is the JSON path of the field: "fee",
	// "card_details.last_digits_card_number".
	Field   string
	Code    councilkit.Code
	Message councilkit.Text
	Err     error
}

func (e *ResourceError) Error() string {
	return fmt.Sprintf("payments: payment resource field %s: %s", e.Field, e.Message.English)
}

// Unwrap returns Err.
func (e *ResourceError) Unwrap() error { return e.Err }

func amountFieldError(field, key string) error {
	return &ResourceError{Field: field, Code: councilkit.CodeInvalid, Err: ErrInvalidAmount,
		Message: text(key)}
}
