package oneloginfake

import (
	"fmt"
	"log/slog"

	"github.com/lgds/councilkit/identity/onelogin/internal/redact"
)

// Printing. A Provider holds signing keys and the codes, tokens and nonces
// it issued: no fmt verb and no slog handler shows them.

func (p *Provider) fields() []redact.Field {
	p.mu.Lock()
	defer p.mu.Unlock()
	return []redact.Field{
		{Name: "URL", Value: p.srv.URL},
		{Name: "ClientID", Value: p.cfg.ClientID},
		{Name: "IDTokenAlgorithm", Value: p.cfg.IDTokenAlgorithm},
		{Name: "Keys", Value: redact.Hidden},
		{Name: "Codes", Value: len(p.codes)},
		{Name: "Tokens", Value: len(p.tokens)},
	}
}

// Format implements fmt.Formatter: every verb prints the provider's URL,
// client ID, algorithm and how many codes and tokens it holds; the keys,
// codes and tokens themselves never print.
func (p *Provider) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "*oneloginfake.Provider", p.fields()...)
}

// LogValue implements slog.LogValuer: as Format.
func (p *Provider) LogValue() slog.Value { return redact.LogValue(p.fields()...) }

func (k signingKey) fields() []redact.Field {
	return []redact.Field{{Name: "alg", Value: string(k.alg)}, {Name: "kid", Value: k.kid}, {Name: "priv", Value: redact.Hidden}}
}

// Format implements fmt.Formatter: the algorithm and key id, never the
// private key.
func (k signingKey) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "oneloginfake.signingKey", k.fields()...)
}

// LogValue implements slog.LogValuer: as Format.
func (k signingKey) LogValue() slog.Value { return redact.LogValue(k.fields()...) }

func (g grant) fields() []redact.Field {
	return []redact.Field{
		{Name: "redirect", Value: g.redirect}, {Name: "nonce", Value: redact.Hidden},
		{Name: "challenge", Value: redact.Hidden}, {Name: "scope", Value: g.scope},
		{Name: "level", Value: g.level}, {Name: "sid", Value: redact.Hidden},
	}
}

// Format implements fmt.Formatter: never the nonce, challenge or session.
func (g grant) Format(f fmt.State, verb rune) {
	redact.Format(f, verb, "oneloginfake.grant", g.fields()...)
}

// LogValue implements slog.LogValuer: as Format.
func (g grant) LogValue() slog.Value { return redact.LogValue(g.fields()...) }
