package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
)

// sessionValueTypes gives the Go type of every journey value a session
// holds, by key, so that the values can be stored as JSON and read back as
// the types the handlers expect. A key ending in ':' is a prefix (the rest
// of the key names one payment, say). A journey that keeps something new
// in the session adds its key here; storing an unregistered key is a
// programming error that fails the request (TestSessionValueTypes checks
// every key the portal uses).
var sessionValueTypes = map[string]reflect.Type{
	sessionPendingSignIn:    reflect.TypeFor[pendingSignIn](),
	sessionCTRef:            reflect.TypeFor[string](),
	sessionCTKey:            reflect.TypeFor[payments.IdempotencyKey](),
	sessionPayments:         reflect.TypeFor[map[string]paymentOwner](),
	"nonce:":                reflect.TypeFor[string](),
	returnKey(""):           reflect.TypeFor[string](),
	sessionPlanDraft:        reflect.TypeFor[*planning.Application](),
	sessionPlanPending:      reflect.TypeFor[*planning.Application](),
	sessionDraft:            reflect.TypeFor[*admissions.Application](),
	sessionIdentityDeferred: reflect.TypeFor[bool](),
	"planning:key:":         reflect.TypeFor[payments.IdempotencyKey](),
}

// errSessionValue is wrapped by encodeSession's error for a value it
// cannot store: a programming error, not the store's.
var errSessionValue = errors.New("portal: session value cannot be stored")

// sessionValueType returns the registered type for key.
func sessionValueType(key string) (reflect.Type, bool) {
	if _, k, ok := strings.Cut(key, scopeSep); ok {
		key = k // a council's value (session.scope)
	}
	if t, ok := sessionValueTypes[key]; ok && !strings.HasSuffix(key, ":") {
		return t, true
	}
	best := ""
	for p := range sessionValueTypes {
		if strings.HasSuffix(p, ":") && strings.HasPrefix(key, p) && len(p) > len(best) {
			best = p
		}
	}
	if best == "" {
		return nil, false
	}
	return sessionValueTypes[best], true
}

// storedUser is a user as the session store keeps it.
type storedUser struct {
	Subject     string               `json:"subject"`
	Name        string               `json:"name,omitempty"`
	Email       string               `json:"email,omitempty"`
	Role        role                 `json:"role"`
	OfficerOf   []councilkit.Council `json:"officer_of,omitempty"`
	Level       onelogin.Level       `json:"level"`
	Person      *identity.Person     `json:"person,omitempty"`
	Address     *identity.Address    `json:"address,omitempty"`
	IDTokenHint string               `json:"id_token_hint,omitempty"`
}

// sessionData is a session's JSON in the store.
type sessionData struct {
	User   *storedUser                `json:"user,omitempty"`
	Values map[string]json.RawMessage `json:"values,omitempty"`
}

// encodeSession writes the user and values as sessionData's JSON.
func encodeSession(u *user, vals map[string]any) ([]byte, error) {
	var d sessionData
	if u != nil {
		d.User = &storedUser{Subject: u.Subject, Name: u.Name, Email: u.Email, Role: u.Role, OfficerOf: u.OfficerOf, Level: u.Level, Person: u.Person, Address: u.Address, IDTokenHint: u.idTokenHint}
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t, ok := sessionValueType(k)
		if !ok {
			return nil, fmt.Errorf("%w: %q has no type in sessionValueTypes", errSessionValue, k)
		}
		v := vals[k]
		if v == nil {
			continue
		}
		if reflect.TypeOf(v) != t {
			return nil, fmt.Errorf("%w: %q is a %T, registered as %v", errSessionValue, k, v, t)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %w", errSessionValue, k, err)
		}
		if d.Values == nil {
			d.Values = make(map[string]json.RawMessage, len(vals))
		}
		d.Values[k] = b
	}
	return json.Marshal(d)
}

// decodeSession reads sessionData's JSON back. A value whose key is no
// longer registered (written by an older portal) is dropped.
func decodeSession(b []byte) (*user, map[string]any, error) {
	var d sessionData
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, nil, fmt.Errorf("portal: stored session: %w", err)
	}
	var u *user
	if d.User != nil {
		u = &user{Subject: d.User.Subject, Name: d.User.Name, Email: d.User.Email, Role: d.User.Role, OfficerOf: d.User.OfficerOf, Level: d.User.Level,
			Person: d.User.Person, Address: d.User.Address, idTokenHint: d.User.IDTokenHint}
	}
	vals := make(map[string]any, len(d.Values))
	for k, raw := range d.Values {
		t, ok := sessionValueType(k)
		if !ok {
			continue
		}
		p := reflect.New(t)
		if err := json.Unmarshal(raw, p.Interface()); err != nil {
			return nil, nil, fmt.Errorf("portal: stored session value %q: %w", k, err)
		}
		vals[k] = p.Elem().Interface()
	}
	return u, vals, nil
}
