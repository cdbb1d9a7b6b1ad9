package fsm

import (
	"fmt"
	"log/slog"
	"net/url"
)

// A Client can hold secrets: user information or a query string (an API
// key, say) in its base URL, and, in its *http.Client, a transport that
// carries OAuth 2 client credentials and tokens. So it never prints them:
// every fmt verb (%v, %+v, %#v, %s, %q and the rest) and slog show only
// the service's scheme, host and path and the council. Its *http.Client
// is never printed.

// redactedBase returns the base URL without user information, query or
// fragment.
func (c *Client) redactedBase() string {
	if c == nil || c.base == nil {
		return ""
	}
	u := url.URL{Scheme: c.base.Scheme, Host: c.base.Host, Path: c.base.Path}
	return u.String()
}

// String describes the client without its credentials.
func (c *Client) String() string {
	if c == nil {
		return "fsm.Client(nil)"
	}
	return "fsm.Client{" + c.redactedBase() + " council " + c.council.String() + "}"
}

// GoString is String, so that %#v shows no credentials either.
func (c *Client) GoString() string { return c.String() }

// Format implements fmt.Formatter: every verb prints String, so that
// neither %+v nor %#v can reach the base URL's user information or the
// HTTP client's credentials. It has a value receiver so that a Client
// printed by value is covered too.
func (c Client) Format(f fmt.State, verb rune) {
	s := c.String()
	if verb == 'q' {
		s = fmt.Sprintf("%q", s)
	}
	_, _ = f.Write([]byte(s))
}

// LogValue implements slog.LogValuer: the redacted base URL and the
// council.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base", c.redactedBase()),
		slog.String("council", c.council.String()),
	)
}
