// Command portal is an example council portal built on councilkit. Until the
// portal issue lands it serves a placeholder page that lists the packages;
// it needs no database.
//
//	go run ./examples/portal            # http://localhost:8080
//	go run ./examples/portal -addr :9000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

var page = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>councilkit example portal</title></head>
<body>
<main>
<h1>councilkit example portal</h1>
<p>This is a placeholder: the resident journeys arrive with the portal issue.</p>
<ul>{{range .}}<li>{{.}}</li>{{end}}</ul>
</main>
</body>
</html>`))

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		pkgs := []string{"calendar", "identity", "payments", "admissions", "planning", "postgres"}
		if err := page.Execute(w, pkgs); err != nil {
			log.Error("render", "err", err)
		}
	})
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(os.Stderr, "councilkit example portal on http://%s\n", *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("listen", "err", err)
		os.Exit(1)
	}
}
