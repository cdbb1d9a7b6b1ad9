package govukpay

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
)

// A Client holds the GOV.UK Pay API key, which can take and refund
// payments, so it never prints it: every fmt verb (%v, %+v, %#v, %s, %q
// and the rest) and slog show only the base URL, without any user
// information, query or fragment.

// redactedBase returns the base URL without user information, query or
// fragment.
func redactedBase(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return "(unparsable base URL)"
	}
	r := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return r.String()
}

// String describes the client without its API key.
func (c *Client) String() string {
	if c == nil {
		return "govukpay.Client(nil)"
	}
	return "govukpay.Client{" + redactedBase(c.baseURL) + "}"
}

// GoString is String, so that %#v shows no API key either.
func (c *Client) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String. It has a
// value receiver so that a Client printed by value is covered too.
func (c Client) Format(f fmt.State, verb rune) {
	s := c.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue implements slog.LogValuer: the redacted base URL.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base", redactedBase(c.baseURL)))
}
