package main

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Client addresses. Two limits count requests per client: anonymous
// sessions (session.go) and failed council tax look-ups (counciltax.go).
// Both need the address of the resident's machine, which behind a load
// balancer or reverse proxy is not the address the request came from (the
// proxy's) but the one the proxy wrote into X-Forwarded-For.
//
// X-Forwarded-For is a list each proxy appends its peer's address to, and
// a client may send one of its own with any addresses in it: only the
// entries written by proxies the portal trusts can be believed. So the
// portal reads it only when the request came from a trusted proxy
// (config.TrustedProxies, the -trusted-proxies flag; none by default), and
// then takes the right-most address that is not itself a trusted proxy:
// the last hop the trusted chain vouches for. Whatever a client writes to
// the left of that is ignored. This is the "trusted proxy list" method of
// MDN's X-Forwarded-For page (developer.mozilla.org, "Selecting an IP
// address": search from the right-most, skipping trusted proxies) and what
// nginx's real_ip module does with real_ip_recursive on.

// parseTrustedProxies reads -trusted-proxies: addresses and CIDR prefixes
// (10.0.0.0/8, 2001:db8::/32, 192.0.2.10), comma-separated. An address
// alone is a prefix of its full length.
func parseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var bad []string
	for _, e := range strings.Split(list, ",") {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		if p, err := netip.ParsePrefix(e); err == nil && p.Addr().Zone() == "" {
			out = append(out, p.Masked())
			continue
		}
		if a, err := netip.ParseAddr(e); err == nil && a.Zone() == "" {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		bad = append(bad, fmt.Sprintf("%q", e))
	}
	if bad != nil {
		return nil, fmt.Errorf("-trusted-proxies: %s: not an IP address or CIDR prefix (like 10.0.0.0/8 or 192.0.2.10)", strings.Join(bad, ", "))
	}
	return out, nil
}

// trustedAddr reports whether a is in one of the trusted prefixes. An
// IPv4 address mapped into IPv6 (::ffff:10.0.0.1) counts as the IPv4 one.
func trustedAddr(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedAddr reads one X-Forwarded-For entry: an address, which some
// proxies write with a port (192.0.2.1:4711, [2001:db8::1]:4711) or in
// brackets.
func forwardedAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil {
		return a.WithZone("").Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().WithZone("").Unmap(), true
	}
	return netip.Addr{}, false
}

// clientKey names the client a request came from, for the per-client
// limits: its IP address. When the request came from a trusted proxy it is
// the right-most address in X-Forwarded-For (all its header lines, in
// order) that is not a trusted proxy; if every address there is trusted,
// the left-most; an entry that is not an address stops the walk at the
// trusted hop after it, since a trusted proxy would not have written it.
// A request from any other peer is named by the peer's address, whatever
// its X-Forwarded-For says.
func clientKey(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	client := peer.WithZone("").Unmap()
	if !trustedAddr(client, trusted) {
		return client.String()
	}
	var hops []string
	for _, line := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(line, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := forwardedAddr(hops[i])
		if !ok {
			break
		}
		client = a
		if !trustedAddr(a, trusted) {
			break
		}
	}
	return client.String()
}
