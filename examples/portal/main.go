// Command portal is an example council portal built on councilkit: a small,
// readable net/http application a council could start from. It runs with
// in-memory stores, a sandbox payment provider and a local development
// sign-in, so it needs nothing else installed:
//
//	go run ./examples/portal                      # http://localhost:8080
//	go run ./examples/portal -addr :9000
//	go run ./examples/portal -secure-cookies      # behind a TLS-terminating proxy
//	go run ./examples/portal -postgres postgres://...
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
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lgds/councilkit"
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
	pgURL := fs.String("postgres", os.Getenv("COUNCILKIT_POSTGRES"), "PostgreSQL URL (env COUNCILKIT_POSTGRES) for the payments and admissions stores, migrated at start; empty for in-memory stores")
	publicURL := fs.String("public-url", os.Getenv("COUNCILKIT_PUBLIC_URL"), "the portal's address as residents reach it (https://...), for payment return addresses; empty uses the request's host")
	logJSON := fs.Bool("log-json", false, "write logs as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := newLogger(stderr, *logJSON)
	srv, err := newServer(ctx, config{
		Clock:         councilkit.SystemClock{},
		Log:           log,
		SecureCookies: *secure,
		PostgresURL:   *pgURL,
		PublicURL:     *publicURL,
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("councilkit example portal listening", "url", "http://"+ln.Addr().String(), "council", fictionalCouncil.String())
	return serve(ctx, ln, srv, log)
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
