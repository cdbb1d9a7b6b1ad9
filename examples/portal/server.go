package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/payments/sandbox"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/postgres"
	"github.com/lgds/councilkit/sqlite"
)

// maxFormBytes bounds every request body but a file upload's
// (maxUploadBytes, planning_files.go). The portal's largest form (a
// planning description) is far below it.
const maxFormBytes = 64 << 10

// config is everything the portal needs from its surroundings. Tests build
// one directly; main fills it from flags.
type config struct {
	// Clock gives the time for every rule the packages apply. Tests fix it.
	Clock councilkit.Clock
	// Log receives one line per request and nothing personal.
	Log *slog.Logger
	// SecureCookies sets the Secure flag on every cookie even over plain
	// HTTP, for a portal behind a TLS-terminating proxy.
	SecureCookies bool
	// PostgresURL, when set, switches the stores to PostgreSQL: the portal
	// opens it with postgres.Open, brings the schema up to date with
	// Migrate, and keeps payments and admissions applications there. Seed
	// data is written idempotently, so restarting against the same
	// database adds nothing twice. Connect as an ordinary role (not a
	// superuser: postgres.Open refuses roles that bypass row-level
	// security).
	PostgresURL string
	// DataDir, when set (and PostgresURL is not), keeps everything in
	// SQLite files in that directory, created with permissions 0700:
	// councilkit.db for councilkit's stores (migrated at start) and
	// portal.db for the portal's sessions and links. Both survive a
	// restart; a file that is corrupt or cannot be written stops the
	// portal at start with an error naming it. With neither set (tests,
	// -memory) everything is in memory and gone when the process ends.
	DataDir string
	// OneLogin, when its ClientID is set, signs users in through GOV.UK One
	// Login; otherwise a local development provider is started in-process.
	OneLogin oneLoginConfig
	// Officers lists who may use the officer pages of every council the
	// portal serves: One Login subjects, email addresses and "@domain"s,
	// comma-separated (see auth.go).
	Officers string
	// CouncilOfficers lists, in the same form, each council's own
	// officers, who may use that council's officer pages only.
	CouncilOfficers map[councilkit.Council]string
	// CouncilHosts maps host names (without a port) to the council each
	// serves, for a deployment that gives each council its own address.
	// A request for another host is for the council its path prefix
	// names, or for the first council (council.go).
	CouncilHosts map[string]councilkit.Council
	// PublicURL is the portal's address as residents reach it, such as
	// https://services.example.gov.uk, for payment return addresses: https,
	// or http on a loopback host, with no path. Every absolute address the
	// portal makes starts with it, and an https PublicURL makes the
	// portal an HTTPS deployment (Secure cookies, Strict-Transport-Security)
	// as SecureCookies does. Empty is for local development only: the
	// portal then answers requests only for localhost and loopback
	// addresses (421 Misdirected Request for any other Host), and takes the
	// return address's host from the request.
	PublicURL string
	// TrustedProxies are the load balancers and reverse proxies in front
	// of the portal: for a request from one of them, the per-client limits
	// (anonymous sessions, failed council tax look-ups) count the client
	// address X-Forwarded-For gives (clientaddr.go). Empty trusts no
	// proxy: every request is counted against the address it came from.
	TrustedProxies []netip.Prefix
	// NotifyKey, when set, sends residents' receipts and notifications
	// through GOV.UK Notify with this API key, using the template IDs in
	// the JSON file NotifyTemplates (see events.go). Without it, local
	// development uses a fake Notify and lists its messages on the
	// officer page "Messages sent"; a portal with a PublicURL sends none.
	NotifyKey, NotifyTemplates string
}

// https reports whether the portal is reached over HTTPS, though it may
// not terminate TLS itself: behind -secure-cookies or an https public URL.
func (c config) https() bool {
	return c.SecureCookies || strings.HasPrefix(c.PublicURL, "https://")
}

// checkPublicURL checks config.PublicURL: an absolute https address (http
// only on a loopback host, for local development), with no user, path,
// query or fragment. It returns it without a trailing slash.
func checkPublicURL(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" ||
		(u.Path != "" && u.Path != "/") {
		return "", fmt.Errorf("portal: -public-url %q must be a site's address alone, like https://services.example.gov.uk", raw)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && localHost(u.Host):
	default:
		return "", fmt.Errorf("portal: -public-url %q must start with https:// (http:// only for localhost)", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// localHost reports whether a Host header (a name or address, with or
// without a port) names this machine: localhost, a name under .localhost
// (RFC 6761, section 6.3) or a loopback address. Without a public URL the
// portal serves only these.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789-.") == ""
	}
	ip, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return err == nil && ip.Unmap().IsLoopback()
}

// server is the portal: one http.Handler holding the council's seed data,
// the packages' services and the session store.
type server struct {
	cfg      config
	log      *slog.Logger
	sessions *sessionStore
	pages    *pages
	mux      *http.ServeMux
	handler  http.Handler
	// sites are the councils the portal serves (council.go).
	sites *sites
	// councils names the councils the portal serves ([server.profileOf]).
	councils *councilkit.Directory
	auth     *authenticator

	adm      *admissionsState
	plan     *planningState
	payments *payments.Service
	sandbox  *sandbox.Provider
	// onPaid lets a journey act when its payment succeeds (a planning
	// application is submitted once its fee is paid). It returns true when
	// it has written the response.
	onPaid map[string]func(w http.ResponseWriter, r *http.Request, p *payments.Payment, o paymentOwner) bool
	// retryPaths gives the page from which a journey's failed payment can
	// be tried again.
	retryPaths map[string]func(o paymentOwner) string
	// db is the PostgreSQL database when config.PostgresURL is set.
	db *postgres.DB
	// ev is the event wiring: notices, webhooks, tracking (events.go).
	ev *portalEvents
	// durable is true when records outlive the process (SQLite or
	// PostgreSQL).
	durable bool
	// portal is where sessions and resident↔record links are kept.
	portal portalStore
	// rounds keeps allocation results (admissions.RoundRecord), in the
	// configured store.
	rounds admissions.RoundStore
	// fsm keeps free school meals checks and their decisions.
	fsm fsm.Store
	// casePage is how many rows an officer's casework list shows.
	casePage int
	// closers release what newServer started, last first.
	closers []func()

	// ctClientLimit and ctAccountLimit limit failed council tax lookups
	// (counciltax.go, made on first use).
	ctLimitOnce                   sync.Once
	ctClientLimit, ctAccountLimit *failLimiter
}

// stores are the stores the portal keeps its records in.
type stores struct {
	payments   payments.Store
	admissions admissions.Store
	// planning is for the planning journey: seed it idempotently (treat
	// planning.ErrDuplicate as already seeded), as seedStores does.
	planning planning.Store
	rounds   admissions.RoundStore
	fsm      fsm.Store
	portal   portalStore
	durable  bool
	pg       *postgres.DB
	sqlite   *sqlite.DB
	// late forwards the durable database's deliveries to the portal's
	// subscribers, which newPortalEvents builds after the database is
	// open (nil with the memory stores).
	late *lateSubscribers
	// closers release the stores, last first.
	closers []func()

	// planningDocs keeps the files uploaded with planning applications,
	// and planningComments the comments made on them.
	planningDocs     planning.DocumentStore
	planningComments planning.CommentStore
}

// openStores returns the stores cfg names: PostgreSQL, SQLite files in
// cfg.DataDir, or memory. A database's migrations run first; several
// portals starting at once is safe (Migrate takes a lock, and the portal's
// own tables are created under one).
func openStores(ctx context.Context, cfg config) (st stores, err error) {
	defer func() {
		if err != nil {
			for i := len(st.closers) - 1; i >= 0; i-- {
				st.closers[i]()
			}
		}
	}()
	switch {
	case cfg.PostgresURL != "":
		st.late = new(lateSubscribers)
		db, err := postgres.Open(ctx, cfg.PostgresURL, postgres.Config{Subscribers: st.late.subscribers()})
		if err != nil {
			return st, fmt.Errorf("portal: open PostgreSQL: %w", err)
		}
		st.closers = append(st.closers, db.Close)
		if err := db.Migrate(ctx); err != nil {
			return st, fmt.Errorf("portal: migrate PostgreSQL: %w", err)
		}
		ps, err := openPostgresStore(ctx, db.Pool())
		if err != nil {
			return st, err
		}
		st.closers = append(st.closers, ps.close)
		st.payments, st.admissions, st.planning, st.rounds, st.fsm = db.Payments(), db.Admissions(), db.Planning(), db.AdmissionRounds(), db.FreeSchoolMeals()
		st.planningDocs, st.planningComments = db.PlanningDocuments(), db.PlanningComments()
		st.portal, st.durable, st.pg = ps, true, db
		return st, nil
	case cfg.DataDir != "":
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return st, fmt.Errorf("portal: data directory: %w", err)
		}
		path := filepath.Join(cfg.DataDir, "councilkit.db")
		st.late = new(lateSubscribers)
		db, err := sqlite.Open(ctx, path, sqlite.Config{Subscribers: st.late.subscribers()})
		if err != nil {
			return st, fmt.Errorf("portal: data file %s: %w", path, err)
		}
		st.closers = append(st.closers, db.Close)
		if err := db.Migrate(ctx); err != nil {
			return st, fmt.Errorf("portal: data file %s: migrate: %w", path, err)
		}
		ps, err := openSQLiteStore(ctx, filepath.Join(cfg.DataDir, "portal.db"))
		if err != nil {
			return st, err
		}
		st.closers = append(st.closers, ps.close)
		st.payments, st.admissions, st.planning, st.rounds, st.fsm = db.Payments(), db.Admissions(), db.Planning(), db.AdmissionRounds(), db.FreeSchoolMeals()
		st.planningDocs, st.planningComments = db.PlanningDocuments(), db.PlanningComments()
		st.portal, st.durable, st.sqlite = ps, true, db
		return st, nil
	}
	return stores{payments: payments.NewMemStore(), admissions: admissions.NewMemStore(), planning: planning.NewMemStore(),
		planningDocs: planning.NewMemDocumentStore(), planningComments: planning.NewMemCommentStore(),
		rounds: &admissions.MemRoundStore{}, fsm: &fsm.MemStore{}, portal: newMemStore()}, nil
}

// newServer builds the portal. ctx bounds start-up work such as seeding.
func newServer(ctx context.Context, cfg config) (*server, error) {
	if cfg.Clock == nil {
		cfg.Clock = councilkit.SystemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	public, err := checkPublicURL(cfg.PublicURL)
	if err != nil {
		return nil, err
	}
	cfg.PublicURL = public
	pg, err := parsePages()
	if err != nil {
		return nil, err
	}
	councils, err := newDirectory()
	if err != nil {
		return nil, fmt.Errorf("portal: councils: %w", err)
	}
	all, err := newSites(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &server{
		cfg:        cfg,
		log:        cfg.Log,
		pages:      pg,
		mux:        http.NewServeMux(),
		sites:      all,
		casePage:   defaultCasePage,
		onPaid:     make(map[string]func(http.ResponseWriter, *http.Request, *payments.Payment, paymentOwner) bool),
		retryPaths: make(map[string]func(paymentOwner) string),
	}
	s.councils = councils
	s.auth, err = newAuthenticator(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, s.auth.Close)
	st, err := openStores(ctx, cfg)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.closers = append(s.closers, st.closers...)
	s.db, s.durable, s.portal, s.rounds, s.fsm = st.pg, st.durable, st.portal, st.rounds, st.fsm
	s.sessions = newSessionStore(cfg.Clock, cfg.https(), st.portal)
	s.sessions.log = cfg.Log
	s.sessions.trusted = cfg.TrustedProxies
	// Events: before anything is stored, so the log holds every change.
	if s.ev, err = newPortalEvents(cfg, st, s.db, councils); err != nil {
		s.Close()
		return nil, err
	}
	s.closers = append(s.closers, s.ev.close)
	// The sandbox provider keeps its payments in the configured store, so
	// that a payment started on one instance, or before a restart, is paid
	// on another or after it, and numbers them from the store. With
	// -memory they live as long as the process, as the payments do.
	// One sandbox serves the deployment, as one payment provider account
	// would; its payments are kept under the first council's code.
	sbx := sandbox.Config{Council: all.list[0].council}
	switch {
	case st.pg != nil:
		sbx.Store = st.pg.Sandbox()
	case st.sqlite != nil:
		sbx.Store = st.sqlite.Sandbox()
	}
	if s.sandbox, err = sandbox.New(cfg.Clock, "/sandbox-pay/", sbx); err != nil {
		s.Close()
		return nil, err
	}
	s.payments = payments.NewService(st.payments, s.sandbox, cfg.Clock)
	s.adm = &admissionsState{store: st.admissions}
	// The round's record (offer day), in the configured store.
	s.adm.rounds = s.rounds
	if err := s.seedStores(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.plan = &planningState{store: st.planning, docs: st.planningDocs, comments: st.planningComments}
	for _, st := range all.list {
		if !st.offer(svcPlanning) {
			continue
		}
		if err := seedPlanning(ctx, st.seed, s.plan.store, s.plan.docs, cfg.Clock); err != nil {
			s.Close()
			return nil, fmt.Errorf("portal: seed planning register: %w", err)
		}
	}
	s.routes()
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.forgedForm))
	// Outermost first: log and recover, security headers, refuse hosts
	// the portal does not serve, reject cross-origin form posts, bound the
	// body, attach the session and language, check the CSRF token, route.
	// A form whose session has expired redirects to sign in, and so on to
	// One Login: form-action must allow One Login's origin for that.
	formAction := "'self'"
	if u, err := url.Parse(cfg.OneLogin.Environment.Issuer); err == nil && s.auth.oneLogin != nil && u.Scheme != "" {
		formAction += " " + u.Scheme + "://" + u.Host
	}
	s.handler = s.logRequests(securityHeaders(formAction, cfg.https(), s.checkHost(s.withSite(s.checkOffered(cop.Handler(s.withSession(s.checkCSRF(s.mux))))))))
	return s, nil
}

// scopeOf is the session scope of a site's journey values: none for the
// default site, so that a deployment of one council keeps its values
// unscoped.
func (s *server) scopeOf(st *site) string {
	if st == s.sites.list[0] {
		return ""
	}
	return st.council.String()
}

// unavailable answers 503 Service Unavailable when a store cannot be
// read or written (a database that is down, a full disk, the cap on
// anonymous sessions reached): nothing was changed, and the resident is
// asked to try again later.
func (s *server) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "store unavailable", "err", err)
	w.Header().Set("Retry-After", "30")
	s.errorPage(w, r, http.StatusServiceUnavailable, "err.server")
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Close releases what the portal holds open: the database pool and the
// local development sign-in provider. Call it once the HTTP server has
// stopped.
func (s *server) Close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
	s.closers = nil
}

// handle registers a route and records its pattern for the request log, so
// that the log names "GET /council-tax/bill/{ref}" and never the account
// reference itself.
func (s *server) handle(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if info := logInfoFrom(r.Context()); info != nil {
			info.route = r.Pattern
		}
		h(w, r)
	})
}

func (s *server) routes() {
	s.handle("GET /static/{file...}", serveStatic)
	s.handle("GET /brand/{file}", s.serveBrand)
	s.handle("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.handle("GET /{$}", s.home)
	s.handle("GET "+signInPath, s.signIn)
	s.handle("GET "+callbackPath, s.callback)
	if s.auth.dev != nil {
		s.handle("POST "+devSignInPath, s.devSignInSubmit)
	} else {
		bcl := s.backChannelLogout()
		s.handle("POST "+backChannelPath, bcl.ServeHTTP)
	}
	s.handle("POST /sign-in/defer", s.deferIdentity) // identity.go
	s.handle("GET /sign-out", s.signOutPage)
	s.handle("POST /sign-out", s.signOut)
	s.handle("GET /accessibility", s.infoPage("accessibility"))
	s.handle("GET /privacy", s.infoPage("privacy"))
	s.handle("GET /cookies", s.infoPage("cookies"))
	s.journeyRoutes()
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusNotFound, "err.notfound")
	})
}

// securityHeaders sets the headers every page carries. The content
// security policy allows the portal's own scripts and stylesheet (GOV.UK
// Frontend's and two small files, served from /static) and nothing inline
// or from elsewhere, and pages hold personal data, so nothing is cached. Strict-Transport-Security goes
// on every response of an HTTPS deployment (https says the portal is one,
// though a proxy terminates TLS) and on every response over TLS.
func securityHeaders(formAction string, https bool, next http.Handler) http.Handler {
	csp := "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if https || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// checkHost refuses, with 421 Misdirected Request, a request for a host
// the portal does not serve. With a public URL the portal takes nothing
// from the Host header, so every host is served; without one (local
// development) only localhost and loopback addresses are, so that a forged
// Host can never become a payment's return address. The health check is
// answered whatever the host, for load balancers that probe by address.
func (s *server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.PublicURL == "" && !localHost(r.Host) && r.URL.Path != "/healthz" {
			if info := logInfoFrom(r.Context()); info != nil {
				info.hostRefused = true
			}
			s.errorPage(w, r, http.StatusMisdirectedRequest, "err.host")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withSession attaches the browser's session to the request, starting one
// when there is none, and remembers a language chosen with ?lang=.
func (s *server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == backChannelPath {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.sessions.begin(w, r)
		if err != nil {
			s.unavailable(w, r, err)
			return
		}
		sess.scope = s.scopeOf(s.site(r))
		if tag, fromQuery := languageOf(r); fromQuery {
			http.SetCookie(w, &http.Cookie{
				Name: langCookie, Value: langCode(tag), Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.sessions.secureFor(r), SameSite: http.SameSiteLaxMode,
			})
		}
		next.ServeHTTP(w, r.WithContext(withSession(r.Context(), sess)))
	})
}

// checkCSRF refuses any unsafe request whose form does not carry the
// session's token. It reads the (bounded) form itself, so handlers see a
// parsed form.
func (s *server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == backChannelPath && s.auth.oneLogin != nil {
			// Server to server from One Login, authenticated by the signed
			// logout token itself; the handler bounds the body.
			next.ServeHTTP(w, r)
			return
		}
		// A file may be uploaded to the upload routes only; every other
		// form is small.
		upload := uploadRoute(r.URL.Path)
		limit, parse := int64(maxFormBytes), r.ParseForm
		if upload {
			limit, parse = maxUploadBytes, func() error { return parseUpload(r) }
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := parse(); err != nil {
			var tooBig *http.MaxBytesError
			switch {
			case errors.As(err, &tooBig) && upload:
				// Nothing of the form is used: the upload's page says
				// the file is too large, and changes nothing.
				next.ServeHTTP(w, withUploadTooLarge(r))
			case errors.As(err, &tooBig):
				s.errorPage(w, r, http.StatusRequestEntityTooLarge, "err.toolarge")
			default:
				s.forgedForm(w, r)
			}
			return
		}
		if !validCSRF(sessionFrom(r), r.PostForm.Get(csrfField)) {
			s.forgedForm(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// forgedForm answers a form that failed the CSRF checks. Nothing has been
// read from it, so nothing has changed.
func (s *server) forgedForm(w http.ResponseWriter, r *http.Request) {
	if info := logInfoFrom(r.Context()); info != nil {
		info.csrfRejected = true
	}
	s.errorPage(w, r, http.StatusForbidden, "err.csrf")
}

// requireUser runs h for a user signed in at One Login's default level
// (Cl.Cm) with at least the given role. Anyone else is sent to sign in, or
// refused when signed in without the role.
func (s *server) requireUser(want role, h http.HandlerFunc) http.HandlerFunc {
	return s.requireLevel(want, onelogin.SignedIn(), h)
}

// requireLevel runs h for a user signed in at level need or higher, with
// at least the given role. Anyone not signed in, or signed in lower (say
// without the identity check a journey needs), is sent to sign in again
// at need; a user signed in without the role is refused.
func (s *server) requireLevel(want role, need onelogin.Level, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := sessionFrom(r).User()
		if u == nil || !u.Level.Satisfies(need) {
			next := r.URL.Path
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, signInURL(next, need), http.StatusSeeOther)
			return
		}
		if u.Role < want || (want >= roleOfficer && !slices.Contains(u.OfficerOf, s.councilOf(r))) {
			s.errorPage(w, r, http.StatusForbidden, "err.forbidden")
			return
		}
		h(w, r)
	}
}

// localPath reports whether p is a path on this site, safe to redirect to
// after sign-in: it must start with one slash, and "//evil.example" or
// "/\evil.example" (which browsers treat as another host) are refused.
func localPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	if len(p) > 1 && (p[1] == '/' || p[1] == '\\') {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && !strings.ContainsAny(p, "\r\n")
}

// logInfo collects what the request log may say about a request.
type logInfo struct {
	route        string
	csrfRejected bool
	hostRefused  bool
}

type logInfoKey struct{}

func logInfoFrom(ctx context.Context) *logInfo {
	i, _ := ctx.Value(logInfoKey{}).(*logInfo)
	return i
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// panicFrames names the functions and lines a deferred recover was
// reached from, innermost first, without the runtime's own frames and
// without the argument values debug.Stack would show.
func panicFrames() []string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var out []string
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && f.Function != "" {
			out = append(out, fmt.Sprintf("%s %s:%d", f.Function, filepath.Base(f.File), f.Line))
		}
		if !more || len(out) == 16 {
			return out
		}
	}
}

// logRequests writes one log line per request: method, route pattern,
// status, size and duration. It never logs the path (which may hold an
// account or application reference), the query string, form values,
// cookies or who is signed in. It also turns a panic into an error page,
// logging the panic's type and where it happened but not its value.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &logInfo{}
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), logInfoKey{}, info))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				if su, ok := v.(storeUnavailable); ok {
					if sw.status == 0 {
						s.unavailable(sw, r, su.err)
					} else {
						s.log.Error("store unavailable", "route", info.route, "err", su.err)
					}
				} else {
					// The panic's value may hold personal data (a panic(err)
					// whose message quotes input, a panic(fmt.Sprint(p))), so
					// only its type and where it happened are logged.
					s.log.Error("panic", "route", info.route, "panic_type", fmt.Sprintf("%T", v), "at", panicFrames())
					if sw.status == 0 {
						s.errorPage(sw, r, http.StatusInternalServerError, "err.server")
					}
				}
			}
			route := info.route
			if route == "" {
				route = "unmatched"
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("route", route),
				slog.Int("status", sw.status),
				slog.Int("bytes", sw.bytes),
				slog.Duration("duration", time.Since(start)),
			}
			if info.csrfRejected {
				attrs = append(attrs, slog.Bool("csrf_rejected", true))
			}
			if info.hostRefused {
				attrs = append(attrs, slog.Bool("host_refused", true))
			}
			s.log.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(sw, r)
	})
}
