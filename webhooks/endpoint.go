package webhooks

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
)

// Store errors: councilkit's, under this package's names, so errors.Is
// matches either name.
var (
	// ErrNotFound: the council has no endpoint or delivery with that ID
	// (one of another council is not found either).
	ErrNotFound = councilkit.ErrNotFound
	// ErrDuplicate: the council already has an endpoint with that ID, or a
	// delivery of that event to that endpoint.
	ErrDuplicate = councilkit.ErrDuplicate
	// ErrConflict: the record changed since the copy being saved was read.
	ErrConflict = councilkit.ErrConflict
	// ErrNoCouncil: a store was called with the zero Council.
	ErrNoCouncil = councilkit.ErrNoCouncil
)

// ErrTooManyEndpoints is returned by a store's CreateEndpoint when the
// council already has Rules.MaxEndpoints endpoints.
var ErrTooManyEndpoints = errors.New("webhooks: the council has as many endpoints as allowed")

// Codes of the problems CheckEndpoint reports, besides councilkit's shared
// ones (required, too_long, invalid_url, invalid_choice, duplicate,
// too_large).
const (
	// CodeInsecureURL: the URL is http:// and not a loopback address
	// allowed by Rules.AllowLoopbackHTTP.
	CodeInsecureURL councilkit.Code = "insecure_url"
	// CodeURLCredentials: the URL has a user name or password in it.
	CodeURLCredentials councilkit.Code = "url_credentials"
	// CodeURLFragment: the URL has a "#" part, which HTTP never sends.
	CodeURLFragment councilkit.Code = "url_fragment"
)

// Limits on an endpoint.
const (
	// MaxURLLength is the longest endpoint URL accepted, in bytes.
	MaxURLLength = 2000
	// MaxDescriptionLength is the longest description, in characters.
	MaxDescriptionLength = 500
	// MaxSecrets is how many secrets an endpoint holds at once: the
	// current one and, during a rotation, the next.
	MaxSecrets = 2
	// DefaultMaxEndpoints is Rules.MaxEndpoints's default.
	DefaultMaxEndpoints = 20
)

// Endpoint is a URL that a council has registered to receive events of
// some types: its finance ledger, revenues and benefits system or planning
// back office. Secrets never print or log; an Endpoint's JSON has no
// secrets in it.
type Endpoint struct {
	// ID identifies the endpoint within its council. A store mints one
	// (a random UUID) if it is empty at CreateEndpoint.
	ID      string             `json:"id"`
	Council councilkit.Council `json:"council"`
	// URL receives the deliveries: https://, or http:// to a loopback
	// address where Rules.AllowLoopbackHTTP allows it.
	URL string `json:"url"`
	// Types are the event types delivered to the endpoint; at least one.
	Types []events.Type `json:"types"`
	// Secrets sign each delivery: one, or two while a secret is rotated
	// (every delivery then carries a signature with each). See Rotate.
	Secrets []Secret `json:"-"`
	// Description is the officer's note: what receives the events.
	Description string `json:"description,omitempty"`
	// Disabled stops deliveries to the endpoint without forgetting it.
	Disabled bool `json:"disabled,omitempty"`
	// Created is when the endpoint was registered (the caller's clock).
	Created time.Time `json:"created"`
	// Version is the stored version, for compare-and-swap updates.
	Version int64 `json:"version"`
}

// Wants reports whether the endpoint is enabled and receives events of
// type t.
func (e *Endpoint) Wants(t events.Type) bool {
	return !e.Disabled && slices.Contains(e.Types, t)
}

// Clone returns a deep copy of e.
func (e *Endpoint) Clone() *Endpoint {
	if e == nil {
		return nil
	}
	cp := *e
	cp.Types = slices.Clone(e.Types)
	cp.Secrets = slices.Clone(e.Secrets)
	return &cp
}

// LogValue logs the endpoint without its secrets or the URL's query, which
// some receivers use for an access token.
func (e Endpoint) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", e.ID), slog.String("council", e.Council.String()),
		slog.String("url", redactURL(e.URL)), slog.Int("secrets", len(e.Secrets)),
		slog.Bool("disabled", e.Disabled))
}

// redactURL returns u without its query and user information.
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "[unparsable URL]"
	}
	p.User = nil
	if p.RawQuery != "" {
		p.RawQuery = "REDACTED"
	}
	p.Fragment = ""
	return p.String()
}

// Rotate adds next as the endpoint's second secret: deliveries are then
// signed with both, so that the receiver can switch to next at its own
// pace. Once it has, Retire removes the old one. It refuses a zero secret
// or a third secret with an error wrapping ErrInvalidSecret.
func (e *Endpoint) Rotate(next Secret) error {
	if next.IsZero() {
		return fmt.Errorf("%w: no secret to rotate to", ErrInvalidSecret)
	}
	if len(e.Secrets) >= MaxSecrets {
		return fmt.Errorf("%w: already rotating; retire a secret first", ErrInvalidSecret)
	}
	e.Secrets = append(e.Secrets, next)
	return nil
}

// Retire removes every secret but the newest (the last in Secrets), ending
// a rotation.
func (e *Endpoint) Retire() {
	if len(e.Secrets) > 1 {
		e.Secrets = []Secret{e.Secrets[len(e.Secrets)-1]}
	}
}

// Rules are what a store checks an endpoint against at CreateEndpoint and
// UpdateEndpoint. The zero Rules are the production rules.
type Rules struct {
	// AllowLoopbackHTTP accepts http:// URLs whose host is "localhost" or a
	// loopback IP address, for development and tests. Other http:// URLs
	// are always refused: an event travels in the clear over http.
	AllowLoopbackHTTP bool
	// MaxEndpoints is how many endpoints one council may have; 0 means
	// DefaultMaxEndpoints.
	MaxEndpoints int
}

// Max returns the number of endpoints a council may have under r.
func (r Rules) Max() int {
	if r.MaxEndpoints <= 0 {
		return DefaultMaxEndpoints
	}
	return r.MaxEndpoints
}

// Check returns the error a store must return before storing e for council
// c: ErrNoCouncil for the zero c, a *councilkit.ValidationError listing
// every problem with e (each with a stable code and English and Welsh
// messages that never repeat the URL), and ErrNotFound when e.Council is
// set and is not c.
func (r Rules) Check(c councilkit.Council, e *Endpoint) error {
	if c.IsZero() {
		return ErrNoCouncil
	}
	var ps councilkit.Problems
	if e == nil {
		ps.Add("", councilkit.CodeRequired, councilkit.RequiredText())
		return ps.Err()
	}
	r.checkURL(&ps, e.URL)
	if len(e.Types) == 0 {
		ps.Add("types", councilkit.CodeRequired, text("types.required"))
	}
	for i, t := range e.Types {
		switch {
		case !t.Known():
			ps.Add(councilkit.IndexField("types", i), councilkit.CodeInvalidChoice, councilkit.InvalidChoiceText())
		case slices.Index(e.Types, t) < i:
			ps.Add(councilkit.IndexField("types", i), councilkit.CodeDuplicate, text("types.duplicate"))
		}
	}
	switch {
	case len(e.Secrets) == 0:
		ps.Add("secrets", councilkit.CodeRequired, text("secrets.required"))
	case len(e.Secrets) > MaxSecrets:
		ps.Add("secrets", councilkit.CodeTooLarge, text("secrets.too_many"))
	}
	for i, s := range e.Secrets {
		switch {
		case s.IsZero():
			ps.Add(councilkit.IndexField("secrets", i), councilkit.CodeInvalid, text("secret.invalid"))
		case slices.IndexFunc(e.Secrets[:i], func(o Secret) bool { return o.Encode() == s.Encode() }) >= 0:
			ps.Add(councilkit.IndexField("secrets", i), councilkit.CodeDuplicate, text("secret.duplicate"))
		}
	}
	if n := len([]rune(e.Description)); n > MaxDescriptionLength {
		ps.Add("description", councilkit.CodeTooLong, councilkit.TooLongText(MaxDescriptionLength))
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if !e.Council.IsZero() && e.Council != c {
		return fmt.Errorf("%w: the endpoint belongs to another council", ErrNotFound)
	}
	return nil
}

func (r Rules) checkURL(ps *councilkit.Problems, raw string) {
	const f = "url"
	full := text("url.invalid")
	switch {
	case strings.TrimSpace(raw) == "":
		ps.Add(f, councilkit.CodeRequired, councilkit.RequiredText())
		return
	case len(raw) > MaxURLLength:
		ps.Add(f, councilkit.CodeTooLong, councilkit.TooLongText(MaxURLLength))
		return
	case strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		ps.Add(f, councilkit.CodeInvalidURL, full)
		return
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Opaque != "" || u.Host == "" || u.Hostname() == "" {
		ps.Add(f, councilkit.CodeInvalidURL, full)
		return
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			ps.Add(f, councilkit.CodeInvalidURL, full)
			return
		}
	}
	if u.User != nil {
		ps.Add(f, CodeURLCredentials, text("url.credentials"))
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		ps.Add(f, CodeURLFragment, text("url.fragment"))
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !r.AllowLoopbackHTTP || !isLoopback(u.Hostname()) {
			ps.Add(f, CodeInsecureURL, text("url.insecure"))
		}
	default:
		ps.Add(f, CodeInsecureURL, text("url.insecure"))
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
