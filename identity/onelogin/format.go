package onelogin

import (
	"fmt"
	"log/slog"

	"github.com/lgds/councilkit/identity/onelogin/internal/redact"
)

// Printing. Types that hold a secret (a private key, a token, the state,
// nonce or PKCE verifier of a sign-in) or the personal data a sign-in
// returns implement fmt.Formatter and slog.LogValuer so that no fmt verb
// (%v, %+v, %#v, %s, %q, %x …) and no slog handler shows it: the secret or
// personal fields print as [redacted]. Read the fields themselves to use
// them.

func (c Config) fields() []redact.Field {
	key := "none"
	if c.PrivateKey != nil {
		key = redact.Hidden.String()
	}
	return []redact.Field{
		{Name: "Issuer", Value: c.Environment.Issuer},
		{Name: "ClientID", Value: c.ClientID},
		{Name: "RedirectURL", Value: c.RedirectURL},
		{Name: "PostLogoutRedirectURL", Value: c.PostLogoutRedirectURL},
		{Name: "PrivateKey", Value: key},
		{Name: "Scopes", Value: c.Scopes},
		{Name: "UserAgent", Value: c.UserAgent},
		{Name: "IDTokenAlgorithm", Value: c.IDTokenAlgorithm},
		{Name: "Leeway", Value: c.Leeway},
		{Name: "IDTokenMaxAge", Value: c.IDTokenMaxAge},
		{Name: "LogoutTokenMaxAge", Value: c.LogoutTokenMaxAge},
	}
}

// Format implements fmt.Formatter: every verb prints the configuration
// with the private key as [redacted] (and without the HTTP client, clock
// and replay store).
func (c Config) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.Config", c.fields()...)
}

// LogValue implements slog.LogValuer: as Format, the private key left out.
func (c Config) LogValue() slog.Value { return redact.LogValue(c.fields()...) }

// Format implements fmt.Formatter: every verb prints the issuer and client
// ID only, never the configuration's private key.
func (c Client) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.Client",
		redact.Field{Name: "Issuer", Value: c.cfg.Environment.Issuer},
		redact.Field{Name: "ClientID", Value: c.cfg.ClientID})
}

// LogValue implements slog.LogValuer: the issuer and client ID.
func (c Client) LogValue() slog.Value {
	return redact.LogValue(
		redact.Field{Name: "issuer", Value: c.cfg.Environment.Issuer},
		redact.Field{Name: "client_id", Value: c.cfg.ClientID})
}

// Format implements fmt.Formatter: every verb prints the level and
// max_age; the state, nonce and code verifier print as [redacted].
func (a AuthRequest) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.AuthRequest",
		redact.Field{Name: "State", Value: redact.Hidden},
		redact.Field{Name: "Nonce", Value: redact.Hidden},
		redact.Field{Name: "CodeVerifier", Value: redact.Hidden},
		redact.Field{Name: "Level", Value: a.Level},
		redact.Field{Name: "MaxAge", Value: a.MaxAge})
}

// Format implements fmt.Formatter. No verb reveals the resident: every
// verb prints the level, whether identity was checked, the number of
// addresses and the return codes; the subject, session, authentication
// time, email, phone, person, addresses and ID token print as [redacted].
func (r Resident) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.Resident",
		redact.Field{Name: "Subject", Value: redact.Hidden},
		redact.Field{Name: "SessionID", Value: redact.Hidden},
		redact.Field{Name: "Level", Value: r.Level},
		redact.Field{Name: "Identity", Value: !r.Person.DateOfBirth.IsZero()},
		redact.Field{Name: "Email", Value: redact.Hidden},
		redact.Field{Name: "Phone", Value: redact.Hidden},
		redact.Field{Name: "Person", Value: redact.Hidden},
		redact.Field{Name: "Addresses", Value: len(r.Addresses)},
		redact.Field{Name: "ReturnCodes", Value: r.ReturnCodes},
		redact.Field{Name: "IDTokenHint", Value: redact.Hidden})
}

// Format implements fmt.Formatter. No verb reveals the person: every verb
// prints the confidence only; the subject and person print as [redacted].
func (c CoreIdentity) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.CoreIdentity",
		redact.Field{Name: "Subject", Value: redact.Hidden},
		redact.Field{Name: "Confidence", Value: c.Confidence},
		redact.Field{Name: "Person", Value: redact.Hidden})
}

func (t IDToken) fields() []redact.Field {
	return []redact.Field{
		{Name: "Issuer", Value: t.Issuer},
		{Name: "Subject", Value: redact.Hidden},
		{Name: "Audience", Value: t.Audience},
		{Name: "AuthorizedParty", Value: t.AuthorizedParty},
		{Name: "Expiry", Value: t.Expiry},
		{Name: "IssuedAt", Value: t.IssuedAt},
	}
}

// Format implements fmt.Formatter: every verb prints the token's claims
// with the subject as [redacted].
func (t IDToken) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.IDToken", t.fields()...)
}

// LogValue implements slog.LogValuer: as Format.
func (t IDToken) LogValue() slog.Value { return redact.LogValue(t.fields()...) }

func (e LogoutEvent) fields() []redact.Field {
	return []redact.Field{
		{Name: "Subject", Value: redact.Hidden},
		{Name: "SessionID", Value: redact.Hidden},
		{Name: "TokenID", Value: e.TokenID},
	}
}

// Format implements fmt.Formatter: every verb prints the token id, with
// the subject and session as [redacted].
func (e LogoutEvent) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.LogoutEvent", e.fields()...)
}

// LogValue implements slog.LogValuer: as Format.
func (e LogoutEvent) LogValue() slog.Value { return redact.LogValue(e.fields()...) }

// Format implements fmt.Formatter: a userinfo document holds the core
// identity JWT and personal data, so every verb prints it as [redacted].
func (u userInfoResponse) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "onelogin.userInfoResponse", redact.Field{Name: "Document", Value: redact.Hidden})
}

// LogValue implements slog.LogValuer: [redacted].
func (u userInfoResponse) LogValue() slog.Value { return redact.Hidden.LogValue() }
