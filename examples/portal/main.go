// Command portal is an example council portal built on councilkit: a small,
// readable net/http application a council could start from. It keeps its
// records in SQLite files in a data directory (pure Go, so nothing else
// needs installing), with a sandbox payment provider and a local
// development sign-in provider (a fake GOV.UK One Login started
// in-process, labelled as such):
//
//	go run ./examples/portal                      # http://localhost:8080
//	go run ./examples/portal -data ./portal-data  # somewhere else than the default
//	go run ./examples/portal -memory              # nothing kept after it stops
//	go run ./examples/portal -addr :9000
//	go run ./examples/portal -secure-cookies -public-url https://services.example.gov.uk  # behind a TLS-terminating proxy
//	go run ./examples/portal -postgres postgres://...
//	go run ./examples/portal -onelogin-client-id ID -onelogin-key key.pem \
//	    -public-url https://services.example.gov.uk -officers @example.gov.uk \
//	    -trusted-proxies 10.0.0.0/8   # the load balancers' addresses
//	go run ./examples/portal -pprof 127.0.0.1:6060  # profiles, for load tests
//
// Without -public-url the portal is for local development: it answers only
// requests for localhost and loopback addresses. Behind a load balancer or
// proxy, -trusted-proxies names it, so that the per-client limits count
// residents by the address it forwards (clientaddr.go).
//
// Two flags are for tests and scripts: -addr-file writes the address the
// portal listens on to a file (with -addr 127.0.0.1:0), and
// -onelogin-issuer points the portal at a One Login stand-in
// (oneloginfake) on the same machine, so that several portal processes can
// share one, as instances share GOV.UK One Login
// (processes_test.go).
//
// Sessions, which resident made which record, and allocation results are
// kept in the same store as the records, never only in the process: a
// restart signs nobody out and loses nothing committed, and several
// instances can serve the same residents (with -postgres, or sharing one
// -data directory on one machine).
//
// Most flags can also be set by an environment variable: COUNCILKIT_POSTGRES,
// COUNCILKIT_DATA,
// COUNCILKIT_PUBLIC_URL, COUNCILKIT_ONELOGIN_CLIENT_ID,
// COUNCILKIT_ONELOGIN_KEY_FILE, COUNCILKIT_ONELOGIN_ENVIRONMENT
// ("integration", the default, or "production"),
// COUNCILKIT_ONELOGIN_REDIRECT_URL, COUNCILKIT_ONELOGIN_POST_LOGOUT_URL,
// COUNCILKIT_OFFICERS, COUNCILKIT_TRUSTED_PROXIES, COUNCILKIT_NOTIFY_KEY
// and COUNCILKIT_NOTIFY_TEMPLATES.
// Receipts, notifications, webhooks and the resident's timeline are
// described in events.go. How sign-in,
// levels of trust and officers work is described in auth.go.
//
// Every page is in English and Welsh and follows the GOV.UK Design System's
// patterns. Handlers are thin: every rule comes from the councilkit
// packages. Seed data for a fictional council (GSS code E06000099, which
// belongs to no real authority) is generated at start.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity/onelogin"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// run parses flags, builds the portal and serves it until ctx is done.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:8080", "address to listen on")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure even over plain HTTP (set this behind a TLS-terminating proxy)")
	pgURL := fs.String("postgres", os.Getenv("COUNCILKIT_POSTGRES"), "PostgreSQL URL (env COUNCILKIT_POSTGRES) to keep everything in, migrated at start: for production")
	dataDir := fs.String("data", envOr("COUNCILKIT_DATA", defaultDataDir()), "directory of the SQLite data files (env COUNCILKIT_DATA), created if need be; ignored with -postgres or -memory")
	memory := fs.Bool("memory", false, "keep everything in memory, lost when the portal stops (demonstrations and tests)")
	publicURL := fs.String("public-url", os.Getenv("COUNCILKIT_PUBLIC_URL"), "the portal's address as residents reach it (https://...), for payment return addresses; required outside local development: without it only localhost is served")
	logJSON := fs.Bool("log-json", false, "write logs as JSON")
	olClient := fs.String("onelogin-client-id", os.Getenv("COUNCILKIT_ONELOGIN_CLIENT_ID"), "GOV.UK One Login client ID; empty starts the local development sign-in provider instead")
	olKey := fs.String("onelogin-key", os.Getenv("COUNCILKIT_ONELOGIN_KEY_FILE"), "PEM file of the private key registered with One Login (EC P-256 or RSA)")
	olEnv := fs.String("onelogin-environment", envOr("COUNCILKIT_ONELOGIN_ENVIRONMENT", "integration"), `One Login environment: "integration" or "production"`)
	olRedirect := fs.String("onelogin-redirect-url", os.Getenv("COUNCILKIT_ONELOGIN_REDIRECT_URL"), "redirect URI registered with One Login; default -public-url + /auth/callback")
	olLogout := fs.String("onelogin-post-logout-url", os.Getenv("COUNCILKIT_ONELOGIN_POST_LOGOUT_URL"), "post-logout redirect URI registered with One Login; default the redirect URI's site + /")
	officers := fs.String("officers", os.Getenv("COUNCILKIT_OFFICERS"), `who may use the officer pages: One Login subjects, email addresses and "@domain"s, comma-separated`)
	councilHosts := fs.String("council-hosts", os.Getenv("COUNCILKIT_COUNCIL_HOSTS"), `host names that choose a council, as "host=GSS code,…" (services.ashdownvale.example=E06000099); other hosts choose by path prefix (/glanrhyd/) or the first council`)
	councilOfficers := fs.String("council-officers", os.Getenv("COUNCILKIT_COUNCIL_OFFICERS"), `each council's own officers, as "GSS code=officers;…" with officers as for -officers (W06000099=@glanrhyd.example.gov.uk)`)
	notifyKey := fs.String("notify-key", "", "GOV.UK Notify API key for receipts and notifications (or env COUNCILKIT_NOTIFY_KEY, which is not shown here); empty uses a fake Notify in local development")
	notifyTemplates := fs.String("notify-templates", os.Getenv("COUNCILKIT_NOTIFY_TEMPLATES"), "JSON file of the council's Notify template IDs, needed with -notify-key")
	addrFile := fs.String("addr-file", "", "once listening, write the address listened on (host:port) to this file: for scripts and tests that listen on port 0")
	olIssuer := fs.String("onelogin-issuer", "", "development and tests only: the issuer URL of a One Login stand-in (oneloginfake) on this machine (http(s)://localhost or a loopback address), used with -onelogin-client-id and -onelogin-key in place of -onelogin-environment")
	trustedProxies := fs.String("trusted-proxies", os.Getenv("COUNCILKIT_TRUSTED_PROXIES"), "the load balancers or proxies in front of the portal: IP addresses and CIDR prefixes, comma-separated; only on requests from these is the client's address read from X-Forwarded-For, for the per-client limits (default none)")
	pprofAddr := fs.String("pprof", "", "serve Go's profiles (net/http/pprof, at /debug/pprof/) on this loopback address, such as 127.0.0.1:6060, apart from the portal's own listener")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *notifyKey == "" {
		*notifyKey = os.Getenv("COUNCILKIT_NOTIFY_KEY")
	}
	log := newLogger(stderr, *logJSON)
	if *memory && *pgURL != "" {
		return errors.New("-memory and -postgres cannot both be set")
	}
	if !*memory && *pgURL == "" && *dataDir == "" {
		return errors.New("-data is empty and no per-user data directory was found: give -data DIR, -memory or -postgres URL")
	}
	if *memory || *pgURL != "" {
		*dataDir = ""
	}
	cfg := config{
		DataDir:       *dataDir,
		Clock:         councilkit.SystemClock{},
		Log:           log,
		SecureCookies: *secure,
		PostgresURL:   *pgURL,
		PublicURL:     *publicURL,
		Officers:      *officers,
	}
	var err error
	if cfg.CouncilHosts, err = parseCouncilHosts(*councilHosts); err != nil {
		return err
	}
	if cfg.CouncilOfficers, err = parseCouncilOfficers(*councilOfficers); err != nil {
		return err
	}
	cfg.NotifyKey, cfg.NotifyTemplates = *notifyKey, *notifyTemplates
	if cfg.TrustedProxies, err = parseTrustedProxies(*trustedProxies); err != nil {
		return err
	}
	if *olIssuer != "" && *olClient == "" {
		return errors.New("-onelogin-issuer needs -onelogin-client-id and -onelogin-key, as registered with the stand-in")
	}
	if _, fromEnv := os.LookupEnv("COUNCILKIT_ONELOGIN_ENVIRONMENT"); *olIssuer != "" && (fromEnv || flagSet(fs, "onelogin-environment")) {
		return errors.New("-onelogin-issuer (a stand-in for development and tests) and -onelogin-environment (GOV.UK One Login) cannot both be set")
	}
	if *olClient != "" {
		ol, err := oneLoginFromFlags(*olClient, *olKey, *olEnv, *olRedirect, *publicURL)
		if err == nil && *olIssuer != "" {
			ol.Environment, err = localIssuerEnvironment(*olIssuer)
		}
		if err == nil {
			ol.PostLogoutRedirectURL, err = postLogoutURL(*olLogout, ol.RedirectURL)
		}
		if err != nil {
			return err
		}
		cfg.OneLogin = ol
	}
	if *pprofAddr != "" {
		stop, err := servePprof(*pprofAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	srv, err := newServer(ctx, cfg)
	if err != nil {
		return err
	}
	switch {
	case srv.auth.dev != nil:
		log.Warn("sign-in: LOCAL DEVELOPMENT PROVIDER, not GOV.UK One Login; it checks no password and no identity (set -onelogin-client-id to use One Login)")
	case *olIssuer != "":
		log.Warn("sign-in: a One Login STAND-IN on this machine (-onelogin-issuer), not GOV.UK One Login: for development and tests only", "issuer", cfg.OneLogin.Environment.Issuer)
	default:
		log.Info("sign-in: GOV.UK One Login", "issuer", cfg.OneLogin.Environment.Issuer)
	}
	if cfg.https() && len(cfg.TrustedProxies) == 0 {
		log.Warn("behind a TLS-terminating proxy (-public-url https://… or -secure-cookies) but no -trusted-proxies: the per-client limits count every request the proxy forwards as from one client; set -trusted-proxies to the proxy's addresses")
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	switch {
	case cfg.PostgresURL != "":
		log.Info("records kept in PostgreSQL")
	case cfg.DataDir != "":
		log.Info("records kept in SQLite", "dir", cfg.DataDir)
	default:
		log.Warn("records kept in memory only (-memory): everything is lost when the portal stops")
	}
	log.Info("councilkit example portal listening", "url", "http://"+ln.Addr().String(), "council", fictionalCouncil.String())
	if a, ok := ln.Addr().(*net.TCPAddr); ok && cfg.PublicURL == "" && !a.IP.IsLoopback() {
		log.Warn("no -public-url: only requests for localhost are answered (421 for any other host); set -public-url to serve residents")
	}
	if *addrFile != "" {
		if err := writeAddrFile(*addrFile, ln.Addr().String()); err != nil {
			ln.Close()
			return err
		}
	}
	return serve(ctx, ln, srv, log)
}

// flagSet reports whether the named flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// defaultDataDir is where -data points by default: a per-user data
// directory, so that the portal finds its data again whichever directory
// it is started from, and the repository it is run from gets no data file
// holding (fictional) personal data. It follows the XDG base directory
// specification on Unix ($XDG_DATA_HOME, else ~/.local/share) and
// os.UserConfigDir elsewhere (Application Support on macOS, %AppData% on
// Windows, where per-user application data belongs). Empty when none can
// be found; -data then has to be given.
func defaultDataDir() string {
	const name = "councilkit-portal"
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, name)
		}
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, ".local", "share", name)
		}
		return ""
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, name)
	}
	return ""
}

// envOr returns the environment variable, or def when it is unset.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// oneLoginFromFlags checks and completes the One Login settings.
func oneLoginFromFlags(clientID, keyFile, env, redirect, publicURL string) (oneLoginConfig, error) {
	ol := oneLoginConfig{ClientID: clientID, RedirectURL: redirect}
	switch env {
	case "integration":
		ol.Environment = onelogin.Integration()
	case "production":
		ol.Environment = onelogin.Production()
	default:
		return ol, fmt.Errorf(`-onelogin-environment must be "integration" or "production", not %q`, env)
	}
	if keyFile == "" {
		return ol, errors.New("-onelogin-client-id needs -onelogin-key, the private key registered with One Login")
	}
	key, err := loadPrivateKey(keyFile)
	if err != nil {
		return ol, err
	}
	ol.PrivateKey = key
	if ol.RedirectURL == "" {
		if publicURL == "" {
			return ol, errors.New("-onelogin-client-id needs -onelogin-redirect-url or -public-url")
		}
		ol.RedirectURL = strings.TrimSuffix(publicURL, "/") + callbackPath
	}
	return ol, nil
}

// postLogoutURL is the post-logout redirect URI: as given, or the start
// page of the site the redirect URI is on.
func postLogoutURL(given, redirect string) (string, error) {
	if given != "" {
		return given, nil
	}
	u, err := url.Parse(redirect)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("-onelogin-redirect-url %q is not an absolute URL", redirect)
	}
	return u.Scheme + "://" + u.Host + "/", nil
}

// serve answers requests on ln until ctx is done, then stops taking new
// connections and lets requests in flight finish (for up to 10 seconds).
func serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// parseCouncilHosts reads -council-hosts: "host=GSS code" pairs, comma
// separated.
func parseCouncilHosts(list string) (map[string]councilkit.Council, error) {
	out := map[string]councilkit.Council{}
	for _, e := range strings.Split(list, ",") {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		host, code, ok := strings.Cut(e, "=")
		c, err := councilkit.ParseCouncil(strings.TrimSpace(code))
		if !ok || err != nil || strings.TrimSpace(host) == "" {
			return nil, fmt.Errorf("-council-hosts: %q is not host=GSS code", e)
		}
		out[strings.TrimSpace(host)] = c
	}
	return out, nil
}

// parseCouncilOfficers reads -council-officers: "GSS code=officers"
// entries, semicolon separated, each officers list as for -officers.
func parseCouncilOfficers(list string) (map[councilkit.Council]string, error) {
	out := map[councilkit.Council]string{}
	for _, e := range strings.Split(list, ";") {
		if e = strings.TrimSpace(e); e == "" {
			continue
		}
		code, officers, ok := strings.Cut(e, "=")
		c, err := councilkit.ParseCouncil(strings.TrimSpace(code))
		if !ok || err != nil {
			return nil, fmt.Errorf("-council-officers: %q is not GSS code=officers", e)
		}
		if _, err := parseOfficers(officers); err != nil {
			return nil, fmt.Errorf("-council-officers: %w", err)
		}
		out[c] = officers
	}
	return out, nil
}

// writeAddrFile writes the address the portal listens on to path for
// -addr-file, whole or not at all (a temporary file renamed into place),
// so that whoever waits for the file never reads half an address.
func writeAddrFile(path, addr string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(addr+"\n"), 0o644); err != nil {
		return fmt.Errorf("-addr-file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("-addr-file: %w", err)
	}
	return nil
}

// servePprof serves Go's profiles for -pprof: CPU, heap, allocations,
// goroutines, mutex contention (sampled once in 10 contention events while
// -pprof is set) and execution traces, under /debug/pprof/ on their own
// listener, never the portal's. The address must be a loopback one
// (localhost, 127.0.0.1, [::1]): profiles show the portal's internals and
// cost it CPU while they run, so they are for someone on the machine. The
// command line is not served (it may hold a database password). It
// returns a function that stops serving.
func servePprof(addr string, log *slog.Logger) (stop func(), err error) {
	ln, err := pprofListener(addr)
	if err != nil {
		return nil, err
	}
	runtime.SetMutexProfileFraction(10)
	hs := &http.Server{Handler: pprofHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	log.Info("profiles served (-pprof)", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	return func() {
		hs.Close()
		runtime.SetMutexProfileFraction(0)
	}, nil
}

// pprofListener listens on addr if it is a loopback address, and refuses
// any other (an empty host, as in ":6060", is every interface).
func pprofListener(addr string) (net.Listener, error) {
	refuse := fmt.Errorf("-pprof %q must be a loopback address, such as 127.0.0.1:6060, [::1]:6060 or localhost:6060: profiles are not for the network", addr)
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, refuse
	}
	if ip, err := netip.ParseAddr(host); (err != nil || !ip.Unmap().IsLoopback()) && !strings.EqualFold(host, "localhost") {
		return nil, refuse
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("-pprof: %w", err)
	}
	if a, ok := ln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
		ln.Close()
		return nil, refuse
	}
	return ln, nil
}

// pprofHandler serves net/http/pprof's pages: the index and the named
// profiles under it, CPU profiles, symbols and traces; not the command
// line.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/debug/pprof/cmdline" {
			http.NotFound(w, r)
			return
		}
		pprof.Index(w, r)
	})
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("POST /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}
