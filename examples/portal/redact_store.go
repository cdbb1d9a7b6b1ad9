package main

import (
	"fmt"
	"log/slog"
)

// The stored forms of sessions print redacted too: a session record holds
// the CSRF token and the session's JSON (the user's ID token and personal
// details), and the key it is stored under.

// String leaves out the key, the CSRF token, the subject and the data.
func (r *sessionRecord) String() string {
	if r == nil {
		return "sessionRecord(nil)"
	}
	return fmt.Sprintf("sessionRecord{signedIn:%t version:%d data:%s}", r.Subject != "", r.Version, redacted)
}

// Format implements fmt.Formatter: String for every verb.
func (r *sessionRecord) Format(f fmt.State, verb rune) { formatRedacted(f, verb, r.String()) }

// LogValue implements slog.LogValuer.
func (r *sessionRecord) LogValue() slog.Value { return slog.StringValue(r.String()) }

// String gives the role and level only, as user's does.
func (u storedUser) String() string {
	return fmt.Sprintf("storedUser{level:%s officer:%t %s}", u.Level, u.Role == roleOfficer, redacted)
}

// Format implements fmt.Formatter: String for every verb.
func (u storedUser) Format(f fmt.State, verb rune) { formatRedacted(f, verb, u.String()) }

// LogValue implements slog.LogValuer.
func (u storedUser) LogValue() slog.Value { return slog.StringValue(u.String()) }

// String says how many values there are, not what they are.
func (d sessionData) String() string {
	return fmt.Sprintf("sessionData{user:%t values:%d %s}", d.User != nil, len(d.Values), redacted)
}

// Format implements fmt.Formatter: String for every verb.
func (d sessionData) Format(f fmt.State, verb rune) { formatRedacted(f, verb, d.String()) }

// LogValue implements slog.LogValuer.
func (d sessionData) LogValue() slog.Value { return slog.StringValue(d.String()) }

// String leaves out the sessions. It takes no lock.
func (m *memStore) String() string {
	if m == nil {
		return "memStore(nil)"
	}
	return "memStore{sessions:" + redacted + "}"
}

// Format implements fmt.Formatter: String for every verb.
func (m *memStore) Format(f fmt.State, verb rune) { formatRedacted(f, verb, m.String()) }

// LogValue implements slog.LogValuer.
func (m *memStore) LogValue() slog.Value { return slog.StringValue(m.String()) }

// String gives the record's kind and whether it has a resident and an
// address: not the subject, the address or the record's ID.
func (l recordLink) String() string {
	return fmt.Sprintf("recordLink{Kind:%s signedIn:%t %s}", l.Kind, l.Subject != "", l.To)
}

// Format implements fmt.Formatter: String for every verb.
func (l recordLink) Format(f fmt.State, verb rune) { formatRedacted(f, verb, l.String()) }

// LogValue implements slog.LogValuer.
func (l recordLink) LogValue() slog.Value { return slog.StringValue(l.String()) }

// String says whether a receipt address was given, not what it is.
func (rt receiptTo) String() string { return "receiptTo{" + redactedIfSet(rt.email) + "}" }

// Format implements fmt.Formatter: String for every verb.
func (rt receiptTo) Format(f fmt.State, verb rune) { formatRedacted(f, verb, rt.String()) }

// LogValue implements slog.LogValuer.
func (rt receiptTo) LogValue() slog.Value { return slog.StringValue(rt.String()) }
