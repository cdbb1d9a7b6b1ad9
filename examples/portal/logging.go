package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// newLogger returns the portal's logger: text or JSON on w, behind a
// redacting handler.
func newLogger(w io.Writer, json bool) *slog.Logger {
	var h slog.Handler
	if json {
		h = slog.NewJSONHandler(w, nil)
	} else {
		h = slog.NewTextHandler(w, nil)
	}
	return slog.New(redactor{h})
}

// personalKeys are attribute keys whose values are personal data. The
// request log never uses them; the redactor is the second line of defence,
// for a handler written in a hurry. The councilkit types holding personal
// data (NINO, Person, Address …) redact themselves with slog.LogValuer.
var personalKeys = map[string]bool{
	"name": true, "given_names": true, "family_name": true, "email": true, "phone": true,
	"nino": true, "date_of_birth": true, "dob": true, "address": true, "postcode": true,
	"uprn": true, "nhs_number": true, "upn": true, "child": true, "parent": true,
	"card_number": true, "card": true, "account_reference": true, "csrf_token": true,
	"session": true, "cookie": true, "authorization": true, "query": true, "form": true,
}

// redacted replaces a personal value.
const redacted = "[redacted]"

// redactor is a slog.Handler that replaces the values of personal keys, at
// any depth of group, before they reach the underlying handler.
type redactor struct{ next slog.Handler }

func (h redactor) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h redactor) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactor) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return redactor{h.next.WithAttrs(red)}
}

func (h redactor) WithGroup(name string) slog.Handler { return redactor{h.next.WithGroup(name)} }

func redactAttr(a slog.Attr) slog.Attr {
	if personalKeys[strings.ToLower(a.Key)] {
		return slog.String(a.Key, redacted)
	}
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		g := v.Group()
		red := make([]any, len(g))
		for i, ga := range g {
			red[i] = redactAttr(ga)
		}
		return slog.Group(a.Key, red...)
	}
	return slog.Attr{Key: a.Key, Value: v}
}
