package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

func TestParseTrustedProxies(t *testing.T) {
	got, err := parseTrustedProxies(" 10.0.0.0/8, 192.0.2.10 ,2001:db8::/32,, 172.16.5.9/12,::1")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("192.0.2.10/32"),
		netip.MustParsePrefix("2001:db8::/32"),
		netip.MustParsePrefix("172.16.0.0/12"), // masked
		netip.MustParsePrefix("::1/128"),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, err := parseTrustedProxies(""); err != nil || len(got) != 0 {
		t.Errorf("empty: %v, %v", got, err)
	}
	// Every bad entry is named at once.
	_, err = parseTrustedProxies("10.0.0.0/33, proxy.example, 10.0.0.1, fe80::1%eth0")
	if err == nil {
		t.Fatal("accepted")
	}
	for _, bad := range []string{`"10.0.0.0/33"`, `"proxy.example"`, `"fe80::1%eth0"`} {
		if !strings.Contains(err.Error(), bad) {
			t.Errorf("%v does not name %s", err, bad)
		}
	}
	if strings.Contains(err.Error(), `"10.0.0.1"`) {
		t.Errorf("%v names a good entry", err)
	}
}

// TestClientKey: X-Forwarded-For is read only on a request from a trusted
// proxy, and then only as far as the trusted chain vouches for it: the
// right-most address that is not a trusted proxy.
func TestClientKey(t *testing.T) {
	trusted, err := parseTrustedProxies("10.0.0.0/8, 2001:db8:1::/48")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer string
		xff        []string // header lines
		trusted    []netip.Prefix
		want       string
	}{
		{"no proxy trusted: the peer", "10.0.0.1:4000", []string{"198.51.100.7"}, nil, "10.0.0.1"},
		{"untrusted peer: its own header ignored", "203.0.113.5:4000", []string{"198.51.100.7"}, trusted, "203.0.113.5"},
		{"untrusted peer, no header", "203.0.113.5:4000", nil, trusted, "203.0.113.5"},
		{"trusted peer: the address it added", "10.0.0.1:4000", []string{"198.51.100.7"}, trusted, "198.51.100.7"},
		{"client-written addresses on the left ignored", "10.0.0.1:4000", []string{"203.0.113.9, 192.0.2.1, 198.51.100.7"}, trusted, "198.51.100.7"},
		{"a chain of trusted proxies", "10.0.0.1:4000", []string{"203.0.113.9, 198.51.100.7, 10.1.2.3, 10.9.9.9"}, trusted, "198.51.100.7"},
		{"several header lines, in order", "10.0.0.1:4000", []string{"203.0.113.9", "198.51.100.7, 10.1.2.3"}, trusted, "198.51.100.7"},
		{"every hop trusted: the left-most", "10.0.0.1:4000", []string{"10.3.3.3, 10.2.2.2"}, trusted, "10.3.3.3"},
		{"trusted peer, no header", "10.0.0.1:4000", nil, trusted, "10.0.0.1"},
		{"garbage after a trusted hop: that hop", "10.0.0.1:4000", []string{"198.51.100.7, unknown, 10.2.2.2"}, trusted, "10.2.2.2"},
		{"garbage as the last entry: the peer", "10.0.0.1:4000", []string{"198.51.100.7, <script>"}, trusted, "10.0.0.1"},
		{"an address with a port", "10.0.0.1:4000", []string{"198.51.100.7:61234"}, trusted, "198.51.100.7"},
		{"IPv6 in brackets with a port", "10.0.0.1:4000", []string{"[2001:db8:2::7]:443"}, trusted, "2001:db8:2::7"},
		{"IPv6 peer and hops", "[2001:db8:1::1]:4000", []string{"2001:db8:2::7, 2001:db8:1::2"}, trusted, "2001:db8:2::7"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.1]:4000", []string{"::ffff:198.51.100.7"}, trusted, "198.51.100.7"},
		{"peer without a port", "10.0.0.1", []string{"198.51.100.7"}, trusted, "198.51.100.7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/council-tax", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientKey(r, tc.trusted); got != tc.want {
				t.Errorf("clientKey = %q, want %q", got, tc.want)
			}
		})
	}
}

// lockOut fails council tax look-ups from the client b with header set on
// every request, until the client is locked (references that do not
// exist, a different one each time, so that no account is locked).
func lockOut(t *testing.T, b *browser, xff string) {
	t.Helper()
	b.header.Set("X-Forwarded-For", xff)
	for i := range ctClientFailures {
		ref := fmt.Sprintf("2%07d", i)
		mustStatus(t, b.submit("/council-tax", url.Values{"account_reference": {ref}, "postcode": {"AV1 1AA"}}), http.StatusUnprocessableEntity)
	}
}

// lookUpAs looks up a real bill with the right postcode, as a new browser
// whose requests carry X-Forwarded-For xff, and returns the status.
func lookUpAs(p *portal, xff string) int {
	b := p.browser()
	b.header.Set("X-Forwarded-For", xff)
	return b.submit("/council-tax", url.Values{"account_reference": {"10000001"}, "postcode": {"AV1 1AA"}}).Status
}

// Behind a trusted proxy, the limit on failed council tax look-ups counts
// the client the proxy names: one client locked out does not lock out the
// others behind the same proxy, and cannot get out by writing addresses
// of its own into the header (the proxy appends the real one after them).
func TestCouncilTaxLimitBehindTrustedProxy(t *testing.T) {
	p := newPortalWith(t, func(c *config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	lockOut(t, p.browser(), "198.51.100.7")
	if got := lookUpAs(p, "198.51.100.7"); got != http.StatusTooManyRequests {
		t.Errorf("the locked client: status %d, want 429", got)
	}
	if got := lookUpAs(p, "198.51.100.8"); got != http.StatusSeeOther {
		t.Errorf("another client behind the proxy: status %d, want 303", got)
	}
	for i := range 5 {
		if got := lookUpAs(p, fmt.Sprintf("203.0.113.%d, 198.51.100.7", i)); got != http.StatusTooManyRequests {
			t.Errorf("the locked client, spoofing 203.0.113.%d: status %d, want 429", i, got)
		}
	}
}

// A request that did not come from a trusted proxy is counted against the
// address it came from, whatever X-Forwarded-For it sends: without
// -trusted-proxies, or from a peer outside them, a client cannot escape
// the limit by naming a new address on each try.
func TestCouncilTaxLimitIgnoresUntrustedForwardedFor(t *testing.T) {
	for name, trusted := range map[string][]netip.Prefix{
		"no trusted proxies":   nil,
		"peer not in the list": {netip.MustParsePrefix("10.0.0.0/8")},
	} {
		t.Run(name, func(t *testing.T) {
			p := newPortalWith(t, func(c *config) { c.TrustedProxies = trusted })
			b := p.browser()
			for i := range ctClientFailures {
				b.header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
				ref := fmt.Sprintf("2%07d", i)
				mustStatus(t, b.submit("/council-tax", url.Values{"account_reference": {ref}, "postcode": {"AV1 1AA"}}), http.StatusUnprocessableEntity)
			}
			if got := lookUpAs(p, "198.51.100.200"); got != http.StatusTooManyRequests {
				t.Errorf("a new X-Forwarded-For from the same peer: status %d, want 429", got)
			}
		})
	}
}

// Anonymous sessions are capped per client address: behind a trusted
// proxy, per client the proxy names; from any other peer, per peer.
func TestAnonymousSessionsPerForwardedClient(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		// want is the status of a look-up from a second client once the
		// first has used its cap.
		want int
	}{
		{"trusted proxy", []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, http.StatusSeeOther},
		{"untrusted peer", nil, http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPortalWith(t, func(c *config) { c.TrustedProxies = tc.trusted })
			p.srv.sessions.limits = sessionLimits{Anonymous: 1000, PerClient: 3}
			for i := range 3 {
				if got := lookUpAs(p, "198.51.100.7"); got != http.StatusSeeOther {
					t.Fatalf("session %d: status %d", i+1, got)
				}
			}
			if got := lookUpAs(p, "198.51.100.7"); got != http.StatusServiceUnavailable {
				t.Errorf("a fourth session for one client: status %d, want 503", got)
			}
			if got := lookUpAs(p, "198.51.100.8"); got != tc.want {
				t.Errorf("another client: status %d, want %d", got, tc.want)
			}
		})
	}
}

// FuzzParseTrustedProxies: any input is either refused or read into valid,
// masked prefixes that read back the same.
func FuzzParseTrustedProxies(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "192.0.2.10, 2001:db8::/32", "", ",,", "10.0.0.0/33", "fe80::1%eth0", "::ffff:10.0.0.1/104"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, list string) {
		got, err := parseTrustedProxies(list)
		if err != nil {
			return
		}
		var parts []string
		for _, p := range got {
			if !p.IsValid() || p != p.Masked() || p.Addr().Zone() != "" {
				t.Fatalf("%q gave %v", list, p)
			}
			parts = append(parts, p.String())
		}
		again, err := parseTrustedProxies(strings.Join(parts, ","))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(got) {
			t.Fatalf("%q gave %v, which reads back as %v, %v", list, got, again, err)
		}
	})
}

// FuzzClientKey: whatever X-Forwarded-For says, the client is the peer or
// an address in the header, and the header is read only when the peer is
// trusted.
func FuzzClientKey(f *testing.F) {
	f.Add("10.0.0.1:4000", "198.51.100.7")
	f.Add("10.0.0.1:4000", "203.0.113.9, 10.2.2.2")
	f.Add("203.0.113.5:4000", "198.51.100.7")
	f.Add("[2001:db8:1::1]:4000", "[2001:db8:2::7]:443, unknown")
	f.Add("10.0.0.1", "::ffff:198.51.100.7,,")
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	f.Fuzz(func(t *testing.T, peer, xff string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = peer
		r.Header.Set("X-Forwarded-For", xff)
		got := clientKey(r, trusted)
		bare := &http.Request{RemoteAddr: peer, Header: http.Header{}}
		direct := clientKey(bare, trusted)
		if clientKey(r, nil) != direct {
			t.Fatalf("with no trusted proxy the header changed the client: %q vs %q", clientKey(r, nil), direct)
		}
		if got == direct {
			return
		}
		a, err := netip.ParseAddr(direct)
		if err != nil || !trustedAddr(a, trusted) {
			t.Fatalf("peer %q is not trusted, yet the header gave %q", peer, got)
		}
		found := false
		for _, hop := range strings.Split(xff, ",") {
			if h, ok := forwardedAddr(hop); ok && h.String() == got {
				found = true
			}
		}
		if !found {
			t.Fatalf("client %q is neither the peer %q nor in %q", got, peer, xff)
		}
	})
}
