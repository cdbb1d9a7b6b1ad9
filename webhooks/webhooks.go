package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names of the Standard Webhooks specification.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is how far a delivery's timestamp may be from the
// receiver's clock, either way: five minutes, as the specification advises.
const DefaultTolerance = 5 * time.Minute

// Secret lengths, in bytes, that ParseSecret accepts (the specification's
// recommendation).
const (
	MinSecretBytes = 24
	MaxSecretBytes = 64
)

const secretPrefix = "whsec_"

// Errors. Every error Verify returns matches ErrVerification and one of the
// others with errors.Is.
var (
	ErrInvalidSecret = errors.New("webhooks: invalid secret")
	ErrVerification  = errors.New("webhooks: delivery not verified")
	ErrMissingHeader = errors.New("webhooks: missing header")
	ErrTimestamp     = errors.New("webhooks: timestamp outside tolerance")
	ErrSignature     = errors.New("webhooks: no signature matches")
)

// verifyError matches ErrVerification and its reason.
type verifyError struct {
	reason error
	detail string
}

func (e *verifyError) Error() string {
	if e.detail == "" {
		return e.reason.Error()
	}
	return e.reason.Error() + ": " + e.detail
}
func (e *verifyError) Unwrap() []error { return []error{ErrVerification, e.reason} }

// Secret is an endpoint's signing secret. The zero Secret is no secret.
// It never prints or logs its key: every fmt verb and slog show
// "whsec_[REDACTED]"; Encode gives the text to store or to give the
// receiver.
type Secret struct{ key []byte }

// ParseSecret reads a secret written "whsec_" + base64 (the prefix may be
// left out), of MinSecretBytes to MaxSecretBytes bytes. Its error wraps
// ErrInvalidSecret and never repeats the text.
func ParseSecret(s string) (Secret, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), secretPrefix)
	key, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return Secret{}, fmt.Errorf("%w: not base64 after %q", ErrInvalidSecret, secretPrefix)
	}
	if len(key) < MinSecretBytes || len(key) > MaxSecretBytes {
		return Secret{}, fmt.Errorf("%w: %d bytes; want %d to %d", ErrInvalidSecret, len(key), MinSecretBytes, MaxSecretBytes)
	}
	return Secret{key: key}, nil
}

// NewSecret returns a new random secret of 32 bytes.
func NewSecret() (Secret, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return Secret{}, err
	}
	return Secret{key: key}, nil
}

// Encode returns the secret as "whsec_" + base64, to store or to hand to
// the receiver.
func (s Secret) Encode() string { return secretPrefix + base64.StdEncoding.EncodeToString(s.key) }

// IsZero reports whether s is the zero Secret.
func (s Secret) IsZero() bool { return len(s.key) == 0 }

// String returns "whsec_[REDACTED]".
func (s Secret) String() string { return secretPrefix + "[REDACTED]" }

// GoString is String, so %#v does not show the key.
func (s Secret) GoString() string { return s.String() }

// Format prints String for every verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue logs the redacted String.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// signature computes "v1," + base64(HMAC-SHA256(key, id.timestamp.body)).
func (s Secret) signature(id string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(id))
	mac.Write([]byte{'.'})
	mac.Write(strconv.AppendInt(nil, ts, 10))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Sign sets the three headers of a delivery of body with ID id at time at,
// signed with every secret given (two during a rotation). It returns an
// error wrapping ErrInvalidSecret when no secret is usable, and refuses an
// ID with a space, a dot or a control character, which receivers could
// read wrongly.
func Sign(h http.Header, id string, at time.Time, body []byte, secrets ...Secret) error {
	if id == "" || strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r == '.' || r == 0x7f }) {
		return fmt.Errorf("webhooks: the ID must be non-empty, without spaces, dots or control characters")
	}
	var sigs []string
	for _, s := range secrets {
		if !s.IsZero() {
			sigs = append(sigs, s.signature(id, at.Unix(), body))
		}
	}
	if len(sigs) == 0 {
		return fmt.Errorf("%w: no secret to sign with", ErrInvalidSecret)
	}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
	h.Set(HeaderSignature, strings.Join(sigs, " "))
	return nil
}

// Verify checks a delivery as the package's contract says: the three
// headers are present, the timestamp is within DefaultTolerance of now, and
// one v1 signature matches one of secrets (the receiver's current secret,
// and the previous one during a rotation). body must be the raw bytes
// received, before any JSON parsing. It returns the delivery's ID (the
// event's, for deduplication), or an error matching ErrVerification and one
// of ErrMissingHeader, ErrTimestamp, ErrSignature or ErrInvalidSecret.
func Verify(h http.Header, body []byte, now time.Time, secrets ...Secret) (id string, err error) {
	return VerifyWithin(h, body, now, DefaultTolerance, secrets...)
}

// VerifyWithin is Verify with a tolerance of the caller's choosing.
func VerifyWithin(h http.Header, body []byte, now time.Time, tolerance time.Duration, secrets ...Secret) (string, error) {
	id, ts, sig := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	for i, v := range []string{id, ts, sig} {
		if v == "" {
			return "", &verifyError{ErrMissingHeader, []string{HeaderID, HeaderTimestamp, HeaderSignature}[i]}
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", &verifyError{ErrTimestamp, "not whole seconds"}
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return "", &verifyError{ErrTimestamp, "more than " + tolerance.String() + " from now"}
	}
	usable := false
	for _, s := range secrets {
		if s.IsZero() {
			continue
		}
		usable = true
		want := s.signature(id, sec, body)
		for _, got := range strings.Fields(sig) {
			if strings.HasPrefix(got, "v1,") && hmac.Equal([]byte(got), []byte(want)) {
				return id, nil
			}
		}
	}
	if !usable {
		return "", &verifyError{ErrInvalidSecret, "no secret to verify with"}
	}
	return "", &verifyError{ErrSignature, ""}
}
