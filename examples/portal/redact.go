package main

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// Types that hold a secret (a private key, a database password, a session
// identifier, a CSRF token, an ID token, a PKCE verifier) or a list of
// officers' email addresses print and log a summary with those left out,
// however they are printed: %v, %+v, %#v, %s and %q give the same line
// through Format, and slog takes it from LogValue. A type holding a
// sync.Mutex has pointer methods only, as it is only ever passed by
// pointer. redact_test.go prints every one, and fails on a struct type it
// has not been told about.

// formatRedacted writes s for any verb, quoted for %q.
func formatRedacted(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = io.WriteString(f, s)
}

// redactedIfSet is redacted when s is not empty, and "" when it is, so
// that a summary still says whether a secret setting was given.
func redactedIfSet(s string) string {
	if s == "" {
		return `""`
	}
	return redacted
}

// String summarises the configuration without the database URL (which may
// hold a password), the officers (email addresses) or the One Login key.
func (c config) String() string {
	return fmt.Sprintf("config{PublicURL:%s SecureCookies:%t PostgresURL:%s Officers:%s OneLogin:%s}",
		strconv.Quote(c.PublicURL), c.SecureCookies, redactedIfSet(c.PostgresURL), redactedIfSet(c.Officers), c.OneLogin)
}

// Format implements fmt.Formatter: String for every verb.
func (c config) Format(f fmt.State, verb rune) { formatRedacted(f, verb, c.String()) }

// LogValue implements slog.LogValuer.
func (c config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// String summarises the One Login settings without the private key.
func (o oneLoginConfig) String() string {
	key := `""`
	if o.PrivateKey != nil {
		key = redacted
	}
	return fmt.Sprintf("oneLoginConfig{ClientID:%s Issuer:%s RedirectURL:%s PostLogoutRedirectURL:%s PrivateKey:%s}",
		strconv.Quote(o.ClientID), strconv.Quote(o.Environment.Issuer), strconv.Quote(o.RedirectURL), strconv.Quote(o.PostLogoutRedirectURL), key)
}

// Format implements fmt.Formatter: String for every verb.
func (o oneLoginConfig) Format(f fmt.State, verb rune) { formatRedacted(f, verb, o.String()) }

// LogValue implements slog.LogValuer.
func (o oneLoginConfig) LogValue() slog.Value { return slog.StringValue(o.String()) }

// String counts the officer rule's entries without naming them.
func (o officerRule) String() string {
	return fmt.Sprintf("officerRule{subjects:%d emails:%d domains:%d}", len(o.subjects), len(o.emails), len(o.domains))
}

// Format implements fmt.Formatter: String for every verb.
func (o officerRule) Format(f fmt.State, verb rune) { formatRedacted(f, verb, o.String()) }

// LogValue implements slog.LogValuer.
func (o officerRule) LogValue() slog.Value { return slog.StringValue(o.String()) }

// String says which provider signs users in.
func (a *authenticator) String() string {
	if a == nil {
		return "authenticator(nil)"
	}
	provider := "local development"
	if a.oneLogin != nil {
		provider = "GOV.UK One Login"
	}
	return fmt.Sprintf("authenticator{provider:%s officers:%s}", provider, a.officers)
}

// Format implements fmt.Formatter: String for every verb.
func (a *authenticator) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a.String()) }

// LogValue implements slog.LogValuer.
func (a *authenticator) LogValue() slog.Value { return slog.StringValue(a.String()) }

// String leaves out the portal's client key.
func (d *devProvider) String() string { return "devProvider{key:" + redacted + "}" }

// Format implements fmt.Formatter: String for every verb.
func (d *devProvider) Format(f fmt.State, verb rune) { formatRedacted(f, verb, d.String()) }

// LogValue implements slog.LogValuer.
func (d *devProvider) LogValue() slog.Value { return slog.StringValue(d.String()) }

// String leaves out the fake provider's and the client's keys.
func (d *devIdP) String() string { return "devIdP{" + redacted + "}" }

// Format implements fmt.Formatter: String for every verb.
func (d *devIdP) Format(f fmt.State, verb rune) { formatRedacted(f, verb, d.String()) }

// LogValue implements slog.LogValuer.
func (d *devIdP) LogValue() slog.Value { return slog.StringValue(d.String()) }

// String gives the level asked for, without the state, nonce, PKCE
// verifier or the page to come back to.
func (p pendingSignIn) String() string {
	return fmt.Sprintf("pendingSignIn{Level:%s Req:%s Next:%s Dev:%s}", p.Req.Level, redacted, redactedIfSet(p.Next), strconv.Quote(p.Dev))
}

// Format implements fmt.Formatter: String for every verb.
func (p pendingSignIn) Format(f fmt.State, verb rune) { formatRedacted(f, verb, p.String()) }

// LogValue implements slog.LogValuer.
func (p pendingSignIn) LogValue() slog.Value { return slog.StringValue(p.String()) }

// String gives the role and level only: not the subject, name, identity
// or ID token.
func (u user) String() string {
	r := "resident"
	if u.Role == roleOfficer {
		r = "officer"
	}
	return fmt.Sprintf("user{Role:%s Level:%s %s}", r, u.Level, redacted)
}

// Format implements fmt.Formatter: String for every verb.
func (u user) Format(f fmt.State, verb rune) { formatRedacted(f, verb, u.String()) }

// String leaves out everything: the identifier and CSRF token are secrets
// and the values personal. It takes no lock, so it is safe to call from
// anywhere.
func (s *session) String() string { return "session{" + redacted + "}" }

// Format implements fmt.Formatter: String for every verb.
func (s *session) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s.String()) }

// LogValue implements slog.LogValuer.
func (s *session) LogValue() slog.Value { return slog.StringValue(s.String()) }

// String leaves out the sessions. It takes no lock.
func (st *sessionStore) String() string {
	if st == nil {
		return "sessionStore(nil)"
	}
	return fmt.Sprintf("sessionStore{secure:%t limits:%+v sessions:%s}", st.secure, st.limits, redacted)
}

// Format implements fmt.Formatter: String for every verb.
func (st *sessionStore) Format(f fmt.State, verb rune) { formatRedacted(f, verb, st.String()) }

// LogValue implements slog.LogValuer.
func (st *sessionStore) LogValue() slog.Value { return slog.StringValue(st.String()) }

// String summarises the portal by its configuration.
func (s *server) String() string {
	if s == nil {
		return "server(nil)"
	}
	return "server{" + s.cfg.String() + " " + s.auth.String() + "}"
}

// Format implements fmt.Formatter: String for every verb.
func (s *server) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s.String()) }

// LogValue implements slog.LogValuer.
func (s *server) LogValue() slog.Value { return slog.StringValue(s.String()) }

// String names the page without the CSRF token, the user or the page's
// data.
func (v *view) String() string {
	if v == nil {
		return "view(nil)"
	}
	return fmt.Sprintf("view{Page:%s Lang:%s Path:%s CSRF:%s}", strconv.Quote(v.Page), v.LangCode, redactedIfSet(v.Path), redactedIfSet(strings.TrimSpace(v.CSRF)))
}

// Format implements fmt.Formatter: String for every verb.
func (v *view) Format(f fmt.State, verb rune) { formatRedacted(f, verb, v.String()) }

// LogValue implements slog.LogValuer.
func (v *view) LogValue() slog.Value { return slog.StringValue(v.String()) }

// String names the site by its council and slug; its officers are not
// listed.
func (st *site) String() string {
	if st == nil {
		return "site(nil)"
	}
	return fmt.Sprintf("site{%s /%s/}", st.council, st.slug)
}

// Format implements fmt.Formatter: String for every verb.
func (st *site) Format(f fmt.State, verb rune) { formatRedacted(f, verb, st.String()) }

// LogValue implements slog.LogValuer.
func (st *site) LogValue() slog.Value { return slog.StringValue(st.String()) }

// String lists the councils served.
func (all *sites) String() string {
	if all == nil {
		return "sites(nil)"
	}
	names := make([]string, len(all.list))
	for i, st := range all.list {
		names[i] = st.String()
	}
	return "sites[" + strings.Join(names, " ") + "]"
}

// Format implements fmt.Formatter: String for every verb.
func (all *sites) Format(f fmt.State, verb rune) { formatRedacted(f, verb, all.String()) }

// LogValue implements slog.LogValuer.
func (all *sites) LogValue() slog.Value { return slog.StringValue(all.String()) }

// String names the site and the prefix.
func (ref siteRef) String() string { return fmt.Sprintf("siteRef{%s base:%q}", ref.site, ref.base) }

// Format implements fmt.Formatter: String for every verb.
func (ref siteRef) Format(f fmt.State, verb rune) { formatRedacted(f, verb, ref.String()) }

// LogValue implements slog.LogValuer.
func (ref siteRef) LogValue() slog.Value { return slog.StringValue(ref.String()) }
