package payments

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/lgds/councilkit"
	"golang.org/x/text/language"
)

// Limits of a payment request, from GOV.UK Pay's API reference, "Create a
// payment" (https://docs.payments.service.gov.uk/api_reference/create_a_payment_reference/)
// and "Add custom metadata" (https://docs.payments.service.gov.uk/custom_metadata/).
// GOV.UK Pay raised the metadata limit from 10 to 15 keys in September 2024
// (govuk-pay/pay-tech-docs pull requests 976, "Transactions can now have 15
// metadata keys", and 1019).
const (
	MinPence             = 1        // 1p
	MaxPence             = 10000000 // £100,000.00
	MaxReferenceLen      = 255
	MaxDescriptionLen    = 255
	MaxReturnURLLen      = 2000
	MaxMetadataKeys      = 15
	MaxMetadataKeyLen    = 30
	MaxMetadataStringLen = 100
	MaxFundCodeLen       = 30
	MaxIdempotencyKeyLen = 255
)

// Codes for problems specific to payments.
const (
	CodeInsecureURL    councilkit.Code = "insecure_url"   // return URL is not HTTPS
	CodeMetadataValue  councilkit.Code = "metadata_value" // metadata value of an unsupported type
	CodeIdempotencyKey councilkit.Code = "invalid_idempotency_key"
)

// Language is the language of the provider's payment pages, in GOV.UK Pay's
// wire form: "en" or "cy" (GOV.UK Pay API reference, "Create a payment",
// the language field). The zero Language means English: a request without a
// language is sent as English. It is not a language tag: use LanguageFor to
// choose one from councilkit.English or councilkit.Welsh.
type Language string

// Languages GOV.UK Pay offers.
const (
	LanguageEnglish Language = "en"
	LanguageWelsh   Language = "cy"
)

// LanguageFor returns the payment-page language for a page's language tag:
// LanguageWelsh for Welsh (any tag whose base language is cy), otherwise
// LanguageEnglish.
func LanguageFor(tag language.Tag) Language {
	if base, _ := tag.Base(); base.String() == "cy" {
		return LanguageWelsh
	}
	return LanguageEnglish
}

// IdempotencyKey makes a create request safe to retry: the same key with the
// same request returns the first payment instead of charging twice. Keys are
// 1–255 characters of A–Z, a–z, 0–9 and "-", which a UUID satisfies. Keep
// the key of a request you retry; make a new one for a new payment.
type IdempotencyKey string

// NewIdempotencyKey returns a fresh random key (a version 4 UUID).
func NewIdempotencyKey() IdempotencyKey { return IdempotencyKey(uuid.NewString()) }

// ParseIdempotencyKey checks a key received from elsewhere.
func ParseIdempotencyKey(s string) (IdempotencyKey, error) {
	if s == "" || len(s) > MaxIdempotencyKeyLen {
		return "", fmt.Errorf("%w: must be 1 to %d characters", ErrInvalidIdempotencyKey, MaxIdempotencyKeyLen)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return "", fmt.Errorf("%w: character %d is not a letter, digit or hyphen", ErrInvalidIdempotencyKey, i+1)
		}
	}
	return IdempotencyKey(s), nil
}

// MetadataValue is one value of a payment's custom metadata: a string of at
// most 100 characters, a number or a boolean, as GOV.UK Pay allows. Numbers
// are kept as their decimal text, never as a float.
type MetadataValue struct {
	kind byte // 's', 'n', 'b'
	text string
}

// MetadataString returns a string value.
func MetadataString(s string) MetadataValue { return MetadataValue{kind: 's', text: s} }

// MetadataInt returns a whole-number value.
func MetadataInt(n int64) MetadataValue {
	return MetadataValue{kind: 'n', text: strconv.FormatInt(n, 10)}
}

// MetadataBool returns a boolean value.
func MetadataBool(b bool) MetadataValue {
	return MetadataValue{kind: 'b', text: strconv.FormatBool(b)}
}

// String returns the value as text.
func (v MetadataValue) String() string { return v.text }

// IsString reports whether the value is a string.
func (v MetadataValue) IsString() bool { return v.kind == 's' }

// IsNumber reports whether the value is a number.
func (v MetadataValue) IsNumber() bool { return v.kind == 'n' }

// IsBool reports whether the value is a boolean.
func (v MetadataValue) IsBool() bool { return v.kind == 'b' }

// MarshalJSON encodes the value as a JSON string, number or boolean.
func (v MetadataValue) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case 'n', 'b':
		return []byte(v.text), nil
	case 's':
		return json.Marshal(v.text)
	}
	return []byte(`""`), nil
}

// UnmarshalJSON accepts a JSON string, number or boolean; anything else
// (null, object, array) is an error.
func (v *MetadataValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return fmt.Errorf("payments: empty metadata value")
	}
	switch {
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = MetadataString(s)
	case string(b) == "true" || string(b) == "false":
		*v = MetadataValue{kind: 'b', text: string(b)}
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*v = MetadataValue{kind: 'n', text: n.String()}
	default:
		return fmt.Errorf("payments: metadata values must be a string, number or boolean")
	}
	return nil
}

// Metadata is custom data attached to a payment for reconciliation, such as
// a ledger code. It is fixed once the payment is created.
type Metadata map[string]MetadataValue

// StartRequest is what a council's service asks for when a resident is to
// pay.
type StartRequest struct {
	// Amount to pay, 1p to £100,000.00.
	Amount Amount `json:"amount"`
	// Reference is the council's own reference (an account or penalty
	// number), at most 255 characters and no web addresses. It is not
	// unique: several payments may share one.
	Reference string `json:"reference" validate:"notblank,max=255"`
	// Description is shown to the resident on the payment pages: at most 255
	// characters, no web addresses.
	Description string `json:"description" validate:"notblank,max=255"`
	// ReturnURL is where the provider sends the resident afterwards: HTTPS
	// (HTTP only for localhost while developing), at most 2,000 characters.
	// The resident's return carries no outcome; the outcome is always read
	// from the provider.
	ReturnURL string `json:"return_url" validate:"required,max=2000"`
	// Language of the payment pages, "en" (default) or "cy".
	Language Language `json:"language,omitempty" validate:"omitempty,oneof=en cy"`
	// Metadata for reconciliation: none, or 1–15 keys of 1–30 characters,
	// each value a string of at most 100 characters, a number or a boolean.
	Metadata Metadata `json:"metadata,omitempty"`
	// FundCode is the council's ledger or fund code the money belongs to,
	// used by the settlement report: up to 30 letters, digits, "-", "_",
	// "/" or ".". Required.
	FundCode string `json:"fund_code" validate:"required,max=30"`
	// DelayedCapture asks the provider to authorise only; the service then
	// captures or cancels the payment.
	DelayedCapture bool `json:"delayed_capture,omitempty"`
	// IdempotencyKey makes the request safe to retry. Required.
	IdempotencyKey IdempotencyKey `json:"-"`
}

// Validate reports every problem with the request at once as a
// *councilkit.ValidationError.
//
// The shape of the text fields (required, lengths from MaxReferenceLen and
// its neighbours, the two languages) is in the fields' validate tags; what
// needs code (the amount's limits, web addresses in text, the return URL's
// scheme, metadata and the fund code's characters, the idempotency key,
// which has no JSON name) is checked here, on the fields whose tags passed.
func (r StartRequest) Validate() error {
	var ps councilkit.Problems
	switch {
	case r.Amount.Pence() < MinPence:
		ps.Add("amount", councilkit.CodeTooSmall, councilkit.TooSmallText(Pence(MinPence).String()))
	case r.Amount.Pence() > MaxPence:
		ps.Add("amount", councilkit.CodeTooLarge, councilkit.TooLargeText(Pence(MaxPence).String()))
	}
	tagged := councilkit.ValidateStruct(r)
	if !ps.MergeField(tagged, "reference") {
		checkText(&ps, "reference", r.Reference)
	}
	if !ps.MergeField(tagged, "description") {
		checkText(&ps, "description", r.Description)
	}
	if !ps.MergeField(tagged, "return_url") {
		checkReturnURL(&ps, r.ReturnURL)
	}
	ps.MergeField(tagged, "language")
	checkMetadata(&ps, r.Metadata)
	if !ps.MergeField(tagged, "fund_code") {
		checkFundCode(&ps, r.FundCode)
	}
	if r.IdempotencyKey == "" {
		ps.Add("idempotency_key", councilkit.CodeRequired, councilkit.RequiredText())
	} else if _, err := ParseIdempotencyKey(string(r.IdempotencyKey)); err != nil {
		ps.Add("idempotency_key", CodeIdempotencyKey, councilkit.InvalidText())
	}
	return ps.Err()
}

// checkText checks text whose presence and length the tags checked.
func checkText(ps *councilkit.Problems, field, s string) {
	switch {
	case !utf8.ValidString(s):
		ps.Add(field, councilkit.CodeInvalid, councilkit.InvalidText())
	case containsURL(s):
		ps.Add(field, councilkit.CodeContainsURL, text("description.contains_url"))
	}
}

// containsURL spots text that GOV.UK Pay would refuse as holding a URL: a
// scheme ("https://"), "www." or a bare domain ending in a common suffix.
func containsURL(s string) bool {
	l := strings.ToLower(s)
	if strings.Contains(l, "://") || strings.Contains(l, "www.") {
		return true
	}
	for _, suffix := range []string{".com", ".uk", ".org", ".net", ".io", ".gov", ".cymru", ".wales"} {
		i := strings.Index(l, suffix)
		for i > 0 {
			end := i + len(suffix)
			prev := l[i-1]
			if (end == len(l) || !isAlnum(l[end])) && isAlnum(prev) {
				return true
			}
			j := strings.Index(l[end:], suffix)
			if j < 0 {
				break
			}
			i = end + j
		}
	}
	return false
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// checkReturnURL checks a return URL whose presence and length the tags
// checked.
func checkReturnURL(ps *councilkit.Problems, s string) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || !u.IsAbs() || u.User != nil {
		ps.Add("return_url", councilkit.CodeInvalidURL, text("return_url.invalid"))
		return
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLocalhost(u.Hostname()) {
			ps.Add("return_url", CodeInsecureURL, text("return_url.insecure"))
		}
	default:
		ps.Add("return_url", councilkit.CodeInvalidURL, text("return_url.insecure"))
	}
}

func isLocalhost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func checkMetadata(ps *councilkit.Problems, m Metadata) {
	if m == nil {
		return
	}
	if len(m) == 0 {
		ps.Add("metadata", councilkit.CodeTooSmall, text("metadata.empty"))
		return
	}
	if len(m) > MaxMetadataKeys {
		ps.Add("metadata", councilkit.CodeTooLarge, text("metadata.too_many", "max", strconv.Itoa(MaxMetadataKeys)))
	}
	seen := make(map[string]bool, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		field := "metadata." + k
		n := utf8.RuneCountInString(k)
		switch {
		case n == 0:
			ps.Add("metadata", councilkit.CodeInvalid, text("metadata.key_empty"))
			continue
		case n > MaxMetadataKeyLen:
			field = "metadata"
			ps.Add(field, councilkit.CodeTooLong, councilkit.TooLongText(MaxMetadataKeyLen))
			continue
		}
		// GOV.UK Pay treats keys case-insensitively and silently drops
		// all but one of a clash; refuse the clash instead of losing data.
		if lk := strings.ToLower(k); seen[lk] {
			ps.Add(field, councilkit.CodeDuplicate, text("metadata.key_case"))
		} else {
			seen[lk] = true
		}
		v := m[k]
		switch {
		case v.kind == 's' && utf8.RuneCountInString(v.text) > MaxMetadataStringLen:
			ps.Add(field, councilkit.CodeTooLong, councilkit.TooLongText(MaxMetadataStringLen))
		case v.kind == 0:
			ps.Add(field, CodeMetadataValue, text("metadata.value_type"))
		}
	}
}

// checkFundCode checks the characters of a fund code whose presence and
// length the tags checked.
func checkFundCode(ps *councilkit.Problems, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '/' || c == '.') {
			ps.Add("fund_code", councilkit.CodeInvalid, councilkit.InvalidText())
			return
		}
	}
}

// fingerprint identifies the content of a request, so that a retry with the
// same idempotency key can be told apart from a different request reusing
// it.
func (r StartRequest) fingerprint() string {
	h := sha256.New()
	lang := r.Language
	if lang == "" {
		lang = LanguageEnglish
	}
	fmt.Fprintf(h, "%d\x00%s\x00%s\x00%s\x00%s\x00%s\x00%t\x00", r.Amount.Pence(), r.Reference, r.Description, r.ReturnURL, lang, r.FundCode, r.DelayedCapture)
	for _, k := range slices.Sorted(maps.Keys(r.Metadata)) {
		v := r.Metadata[k]
		fmt.Fprintf(h, "%s\x00%c%s\x00", k, v.kind, v.text)
	}
	return hex.EncodeToString(h.Sum(nil))
}
