package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/lgds/councilkit"
)

// The portal serves several councils from one deployment, as councils
// that share one web presence do. Each is a site: its profile (name in
// English and Welsh, contact details), its brand colour, its charges,
// schools and planning register (its seed), the services it offers
// online, and its officers. A request is for one site, chosen by:
//
//  1. its host name, when the deployment maps host names to councils
//     (config.CouncilHosts: services.ashdownvale.example.gov.uk → E06000099);
//  2. otherwise a path prefix, the site's slug: /glanrhyd/council-tax is
//     Glanrhyd's council tax page. The prefix is for local development and
//     for deployments that serve every council from one address; the
//     portal strips it before routing and puts it back on every link,
//     form and redirect it writes;
//  3. otherwise the first site, the deployment's default.
//
// Every record is stored under the site's council, so one council's
// residents and officers never see another's: the stores refuse to return
// another council's records, and an officer of one council is not an
// officer of another.

// fictionalCouncil is the example's English council. E06 is the GSS entity
// code for English unitary authorities; instance 000099 is not allocated to
// any real authority, so the code has the real format without naming one.
var fictionalCouncil = councilkit.MustParseCouncil("E06000099")

// welshCouncil is the example's Welsh council: W06 is the GSS entity code
// for Welsh unitary authorities, and 000099 is not allocated either.
var welshCouncil = councilkit.MustParseCouncil("W06000099")

// site is one council the portal serves.
type site struct {
	*seed
	profile councilkit.Profile
	// slug is the site's path prefix without slashes ("glanrhyd").
	slug string
	// brand is the council's brand colour, "#rrggbb", set on every page
	// through GOV.UK Frontend's --govuk-brand-colour custom property.
	brand string
	// idPrefix starts the council's school application IDs ("AVC").
	idPrefix string
	// offers lists the services the council runs through the portal. The
	// free school meals and planning rules councilkit holds are England's,
	// so a Welsh council's site sends residents elsewhere for those.
	offers []string
	// officers are the council's officers (with config.Officers, who are
	// officers of every council served).
	officers officerRule
}

// The services a site may offer (site.offers).
const (
	svcCouncilTax = "council-tax"
	svcSchools    = "schools"
	svcFSM        = "free-school-meals"
	svcPlanning   = "planning"
)

// local returns path without the site's prefix: "/glanrhyd/schools" is
// "/schools" at Glanrhyd (the default site has none).
func (all *sites) local(st *site, path string) string {
	if st == all.list[0] {
		return path
	}
	return strings.TrimPrefix(path, "/"+st.slug)
}

// offer reports whether the site offers service svc.
func (st *site) offer(svc string) bool { return slices.Contains(st.offers, svc) }

// siteSpec describes a council the example serves; newSites builds sites
// from them.
type siteSpec struct {
	profile  councilkit.Profile
	slug     string
	brand    string
	idPrefix string
	offers   []string
	data     seedData
}

// councilSpecs are the councils this example deployment serves: two
// fictional councils, one in England and one in Wales, sharing it. Every
// page header, page title, bill and the footer's contact details come from
// here, looked up by the request's council, never from text in a
// template. The councils, their addresses, telephone numbers (from Ofcom's
// range for drama, 01632 960xxx) and .example addresses are made up. A
// deployment for real councils gives their own; councilkit has no list of
// councils.
func councilSpecs() []siteSpec {
	return []siteSpec{{
		profile: councilkit.Profile{
			Council: fictionalCouncil,
			Name:    councilkit.Text{English: "Ashdown Vale Council", Welsh: "Cyngor Dyffryn Ashdown"},
			Address: councilkit.Text{
				English: "Civic Centre\nHigh Street\nAshdown\nAV1 1AA",
				Welsh:   "Canolfan Ddinesig\nStryd Fawr\nAshdown\nAV1 1AA",
			},
			Phone:        "01632 960 000",
			Email:        "contact@ashdownvale.example",
			Website:      "https://ashdownvale.example",
			OpeningHours: councilkit.Text{English: "Monday to Friday, 9am to 5pm", Welsh: "Dydd Llun i ddydd Gwener, 9yb i 5yp"},
		},
		slug:     "ashdown-vale",
		brand:    "#00703c",
		idPrefix: "AVC",
		offers:   []string{svcCouncilTax, svcSchools, svcFSM, svcPlanning},
		data:     ashdownData(),
	}, {
		profile: councilkit.Profile{
			Council: welshCouncil,
			Name:    councilkit.Text{English: "Glanrhyd County Borough Council", Welsh: "Cyngor Bwrdeistref Sirol Glanrhyd"},
			Address: councilkit.Text{
				English: "Civic Offices\nRiver Road\nGlanrhyd\nGR1 1AA",
				Welsh:   "Swyddfeydd Dinesig\nFfordd yr Afon\nGlanrhyd\nGR1 1AA",
			},
			Phone:        "01632 960 100",
			Email:        "contact@glanrhyd.example",
			Website:      "https://glanrhyd.example",
			OpeningHours: councilkit.Text{English: "Monday to Friday, 8:30am to 5pm", Welsh: "Dydd Llun i ddydd Gwener, 8:30yb i 5yp"},
		},
		slug:     "glanrhyd",
		brand:    "#8f1d3a",
		idPrefix: "GCB",
		offers:   []string{svcCouncilTax, svcSchools},
		data:     glanrhydData(),
	}}
}

// newDirectory returns the directory of the councils the example serves.
func newDirectory() (*councilkit.Directory, error) {
	var ps []councilkit.Profile
	for _, sp := range councilSpecs() {
		ps = append(ps, sp.profile)
	}
	return councilkit.NewDirectory(ps...)
}

var (
	slugPattern  = regexp.MustCompile(`^[a-z][a-z0-9-]{1,40}$`)
	brandPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)
)

// sites is the portal's councils, and how requests choose one.
type sites struct {
	list   []*site
	byHost map[string]*site
	bySlug map[string]*site
}

// newSites builds the sites: each council's seed data, and its officers
// (config.Officers for every council, then its own). hosts maps host names
// (lower case, no port) to councils, from config.CouncilHosts.
func newSites(ctx context.Context, cfg config) (*sites, error) {
	all := &sites{byHost: map[string]*site{}, bySlug: map[string]*site{}}
	for _, sp := range councilSpecs() {
		if err := sp.profile.Validate(); err != nil {
			return nil, fmt.Errorf("portal: council %s: %w", sp.profile.Council, err)
		}
		if !slugPattern.MatchString(sp.slug) || all.bySlug[sp.slug] != nil || reservedSlug(sp.slug) {
			return nil, fmt.Errorf("portal: council %s: slug %q is not a free lower-case name", sp.profile.Council, sp.slug)
		}
		if !brandPattern.MatchString(sp.brand) {
			return nil, fmt.Errorf("portal: council %s: brand colour %q is not #rrggbb", sp.profile.Council, sp.brand)
		}
		sd, err := newSeed(ctx, cfg.Clock, sp.profile, sp.idPrefix, sp.data)
		if err != nil {
			return nil, err
		}
		officers, err := parseOfficers(cfg.Officers + "," + cfg.CouncilOfficers[sp.profile.Council])
		if err != nil {
			return nil, err
		}
		st := &site{seed: sd, profile: sp.profile, slug: sp.slug, brand: sp.brand, idPrefix: sp.idPrefix, offers: sp.offers, officers: officers}
		all.list = append(all.list, st)
		all.bySlug[st.slug] = st
		// In local development every council is also at its slug under
		// .localhost (RFC 6761: such names are this machine), as
		// http://glanrhyd.localhost:8080/.
		all.byHost[st.slug+".localhost"] = st
	}
	for c := range cfg.CouncilOfficers {
		if all.byCouncil(c) == nil {
			return nil, fmt.Errorf("portal: -council-officers names %s, which this deployment does not serve", c)
		}
	}
	for host, c := range cfg.CouncilHosts {
		st := all.byCouncil(c)
		if st == nil {
			return nil, fmt.Errorf("portal: -council-hosts names %s, which this deployment does not serve", c)
		}
		h := strings.TrimSuffix(strings.ToLower(host), ".")
		if h == "" || strings.ContainsAny(h, ":/ ") {
			return nil, fmt.Errorf("portal: -council-hosts: %q is not a host name", host)
		}
		all.byHost[h] = st
	}
	return all, nil
}

// byCouncil returns the site of council c, or nil.
func (all *sites) byCouncil(c councilkit.Council) *site {
	for _, st := range all.list {
		if st.council == c {
			return st
		}
	}
	return nil
}

// reservedSlug reports whether a slug would hide one of the portal's own
// paths.
func reservedSlug(slug string) bool {
	switch slug {
	case "static", "healthz", "auth", "sign-in", "sign-out", "officer", "dev", "payments", "sandbox-pay",
		"council-tax", "schools", "free-school-meals", "planning", "your-applications", "accessibility", "privacy", "cookies", "brand":
		return true
	}
	return false
}

// siteKey is the context key of the request's site.
type siteKey struct{}

// siteRef is the request's site and the path prefix it was reached by
// ("" when chosen by host name or by default).
type siteRef struct {
	site *site
	base string
}

// withSite chooses the request's site (see the top of this file) and
// strips its path prefix. It runs before everything that reads the path.
func (s *server) withSite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ref := siteRef{site: s.sites.list[0]}
		if st, ok := s.sites.byHost[requestHost(r)]; ok {
			ref.site = st
		} else if first, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/"); s.sites.bySlug[first] != nil {
			if rest == "" && !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			ref = siteRef{site: s.sites.bySlug[first], base: "/" + first}
			r2 := r.Clone(context.WithValue(r.Context(), siteKey{}, ref))
			r2.URL.Path = "/" + rest
			r2.URL.RawPath = ""
			next.ServeHTTP(&prefixWriter{ResponseWriter: w, base: ref.base}, r2)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), siteKey{}, ref)))
	})
}

// requestHost is the request's host name, lower case, without port or
// trailing dot.
func requestHost(r *http.Request) string {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(host), ".")
}

// site returns the request's site: the default one for a request that
// has not been through withSite (tests calling handlers directly).
func (s *server) site(r *http.Request) *site {
	if ref, ok := r.Context().Value(siteKey{}).(siteRef); ok && ref.site != nil {
		return ref.site
	}
	return s.sites.list[0]
}

// basePath returns the path prefix the request came by, "" for none.
func basePath(r *http.Request) string {
	ref, _ := r.Context().Value(siteKey{}).(siteRef)
	return ref.base
}

// councilOf returns the council a request is for.
func (s *server) councilOf(r *http.Request) councilkit.Council { return s.site(r).council }

// profileOf returns the profile of the request's council from the
// directory. A council the directory does not hold gets a profile with
// only its code, so pages name it by its GSS code rather than by another
// council's name.
func (s *server) profileOf(r *http.Request) councilkit.Profile {
	c := s.councilOf(r)
	p, err := s.councils.Profile(c)
	if err != nil {
		return councilkit.Profile{Council: c}
	}
	return p
}

// prefixWriter puts a site's path prefix back on the redirects a handler
// writes (every redirect the portal makes is to one of its own paths,
// starting with one slash), so that a resident who came by /glanrhyd/
// stays there. Pages are rendered with the prefix on their links
// (render).
type prefixWriter struct {
	http.ResponseWriter
	base    string
	written bool
}

func (p *prefixWriter) WriteHeader(code int) {
	if !p.written {
		p.written = true
		h := p.ResponseWriter.Header()
		if loc := h.Get("Location"); loc != "" {
			h.Set("Location", withBase(p.base, loc))
		}
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	if !p.written {
		p.WriteHeader(http.StatusOK)
	}
	return p.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (p *prefixWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// withBase puts base in front of a local path: "/council-tax" becomes
// "/glanrhyd/council-tax". Absolute URLs, paths already under base and the
// shared static files are left alone.
func withBase(base, loc string) string {
	if base == "" || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") ||
		loc == base || strings.HasPrefix(loc, base+"/") || strings.HasPrefix(loc, base+"?") ||
		strings.HasPrefix(loc, "/static/") {
		return loc
	}
	return base + loc
}

// prefixLinks puts base on every local link and form action of a page the
// portal rendered: href="/…", action="/…" and formaction="/…" attributes,
// which the templates always write with a double quote. Text a resident
// typed cannot take this form, as html/template escapes its quotes.
func prefixLinks(page []byte, base string) []byte {
	if base == "" {
		return page
	}
	out := make([]byte, 0, len(page)+len(page)/16)
	for {
		i, n := indexAttr(page)
		if i < 0 {
			return append(out, page...)
		}
		out = append(out, page[:i+n]...) // up to and including the opening quote
		page = page[i+n:]
		end := bytes.IndexByte(page, '"')
		if end < 0 {
			end = len(page)
		}
		out = append(out, withBase(base, string(page[:end]))...)
		page = page[end:]
	}
}

// linkAttrs are the attributes prefixLinks rewrites, each with the space
// before it and up to its opening quote.
var linkAttrs = [...][]byte{[]byte(` href="`), []byte(` action="`), []byte(` formaction="`)}

// indexAttr returns the index in page of the next link attribute whose
// value starts with a slash, and the attribute's length up to its opening
// quote; -1 when there is none. It scans forward once, for `="/`, and
// looks at the name before it.
func indexAttr(page []byte) (int, int) {
	from := 0
	for {
		i := bytes.Index(page[from:], []byte(`="/`))
		if i < 0 {
			return -1, 0
		}
		end := from + i + 2 // past the opening quote
		for _, a := range linkAttrs {
			if start := end - len(a); start >= 0 && bytes.Equal(page[start:end], a) {
				return start, len(a)
			}
		}
		from = end
	}
}

// serveBrand serves a site's brand: its colour as a style sheet, linked
// from every page after GOV.UK Frontend's (the content security policy
// allows style sheets from the portal only, not inline styles), and its
// logo, an SVG image beside its name in the header. The example's logos are
// made from the council's initials; a real council's logo file would be
// served here instead.
func (s *server) serveBrand(w http.ResponseWriter, r *http.Request) {
	name, ext, _ := strings.Cut(r.PathValue("file"), ".")
	st := s.sites.bySlug[name]
	if st == nil || (ext != "css" && ext != "svg") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if ext == "css" {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		// With the colour, the portal's two rules of its own: the logo's
		// place, and wide tables that scroll within the page at 320
		// pixels (WCAG 2.2 reflow allows it for data tables).
		fmt.Fprintf(w, ":root{--govuk-brand-colour:%s}\n.portal-logo{vertical-align:middle;margin-right:10px}\n.portal-table-wrap{overflow-x:auto;margin-bottom:20px}\n", st.brand)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">`+
		`<rect width="32" height="32" rx="6" fill="%s"/><rect x="3" y="3" width="26" height="26" rx="4" fill="none" stroke="#fff" stroke-width="2"/>`+
		`<text x="16" y="21" font-family="Arial,sans-serif" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">%s</text></svg>`,
		st.brand, initials(st.profile.Name.English))
}

// initials returns up to two capital initials of a council's name, for its
// example logo: "Ashdown Vale Council" gives "AV".
func initials(name string) string {
	var out []byte
	for _, w := range strings.Fields(name) {
		if c := w[0]; c >= 'A' && c <= 'Z' && w != "Council" && w != "County" && w != "Borough" && len(out) < 2 {
			out = append(out, c)
		}
	}
	return string(out)
}
