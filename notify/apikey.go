package notify

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/google/uuid"
)

// ErrInvalidAPIKey is returned by ParseAPIKey and New for text that is not a
// GOV.UK Notify API key. The error never repeats the key.
var ErrInvalidAPIKey = errors.New("notify: invalid API key")

// APIKey is a GOV.UK Notify API key: a name the service chose, the
// service's ID and a secret, written {key_name}-{service_id}-{secret_key}
// where the last two are UUIDs. The zero APIKey is no key.
//
// An APIKey never prints or logs its secret: String, every fmt verb
// (%v, %+v, %#v, %s, %q) and slog show only the name and the service ID.
type APIKey struct {
	name      string
	serviceID string
	secret    string
}

// ParseAPIKey reads an API key as GOV.UK Notify shows it. The key name may
// itself contain hyphens, so the two UUIDs are read from the end.
func ParseAPIKey(s string) (APIKey, error) {
	s = strings.TrimSpace(s)
	// name "-" 36-character service ID "-" 36-character secret
	const uuidLen = 36
	if len(s) < 2*uuidLen+3 {
		return APIKey{}, fmt.Errorf("%w: too short (want {key_name}-{service_id}-{secret_key})", ErrInvalidAPIKey)
	}
	secret := s[len(s)-uuidLen:]
	service := s[len(s)-2*uuidLen-1 : len(s)-uuidLen-1]
	name := s[:len(s)-2*uuidLen-2]
	if s[len(s)-uuidLen-1] != '-' || s[len(s)-2*uuidLen-2] != '-' {
		return APIKey{}, fmt.Errorf("%w: want {key_name}-{service_id}-{secret_key}", ErrInvalidAPIKey)
	}
	if err := uuid.Validate(service); err != nil || len(service) != uuidLen {
		return APIKey{}, fmt.Errorf("%w: the service ID is not a UUID", ErrInvalidAPIKey)
	}
	if err := uuid.Validate(secret); err != nil || len(secret) != uuidLen {
		return APIKey{}, fmt.Errorf("%w: the secret is not a UUID", ErrInvalidAPIKey)
	}
	if name == "" {
		return APIKey{}, fmt.Errorf("%w: no key name", ErrInvalidAPIKey)
	}
	return APIKey{name: name, serviceID: strings.ToLower(service), secret: secret}, nil
}

// Name returns the name the service gave the key, such as "live" or
// "my_test_key".
func (k APIKey) Name() string { return k.name }

// ServiceID returns the Notify service's ID, the issuer of every token.
func (k APIKey) ServiceID() string { return k.serviceID }

// IsZero reports whether k is the zero APIKey.
func (k APIKey) IsZero() bool { return k.secret == "" }

// String returns the key with its secret redacted.
func (k APIKey) String() string {
	if k.IsZero() {
		return "notify.APIKey(none)"
	}
	return "notify.APIKey(" + k.name + "-" + k.serviceID + "-[REDACTED])"
}

// GoString is String, so %#v does not show the secret.
func (k APIKey) GoString() string { return k.String() }

// Format prints the redacted String for every verb.
func (k APIKey) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// LogValue logs the key's name and service ID, never its secret.
func (k APIKey) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", k.name), slog.String("service_id", k.serviceID))
}
