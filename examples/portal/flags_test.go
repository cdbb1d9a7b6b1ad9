package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

// writeKeyFile writes a new P-256 private key as PKCS #8 PEM into dir and
// returns the key and the file's path.
func writeKeyFile(t *testing.T, dir string) (*ecdsa.PrivateKey, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "onelogin-key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return key, path
}

// The issuer given by -onelogin-issuer is read into the Environment
// oneloginfake serves, so that a portal process trusts the stand-in's
// ID tokens and core identities as it would One Login's.
func TestLocalIssuerEnvironmentIsTheFakes(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	op, err := oneloginfake.NewServer(oneloginfake.Config{ClientID: "c", ClientKey: key.Public()})
	if err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	for _, issuer := range []string{op.URL(), op.URL() + "/"} {
		env, err := localIssuerEnvironment(issuer)
		if err != nil {
			t.Fatal(err)
		}
		if env != op.Environment() {
			t.Errorf("%s: %+v, the fake's is %+v", issuer, env, op.Environment())
		}
	}
	for _, ok := range []string{"http://localhost:8443/", "https://127.0.0.1:8443", "http://[::1]:9000/", "http://127.1.2.3/"} {
		if _, err := localIssuerEnvironment(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// -onelogin-issuer cannot point a portal anywhere but a stand-in on its own
// machine: GOV.UK One Login is chosen with -onelogin-environment only.
func TestRunRefusesOneLoginIssuerNotLocal(t *testing.T) {
	_, keyFile := writeKeyFile(t, t.TempDir())
	base := []string{"-memory", "-addr", "127.0.0.1:0", "-onelogin-client-id", "c", "-onelogin-key", keyFile, "-public-url", "http://127.0.0.1:1"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-onelogin-issuer", "https://oidc.account.gov.uk/"}, "only a One Login stand-in on this machine"},
		{[]string{"-onelogin-issuer", "http://192.0.2.1:8443/"}, "only a One Login stand-in on this machine"},
		{[]string{"-onelogin-issuer", "http://localhost.evil.example/"}, "only a One Login stand-in on this machine"},
		{[]string{"-onelogin-issuer", "http://127.0.0.1:8443/realms/x"}, "issuer's address alone"},
		{[]string{"-onelogin-issuer", "ftp://127.0.0.1/"}, "issuer's address alone"},
		{[]string{"-onelogin-issuer", "127.0.0.1:8443"}, "issuer's address alone"},
	} {
		var out strings.Builder
		err := run(context.Background(), append(append([]string{}, base...), tc.args...), &out)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error saying %q", tc.args, err, tc.want)
		}
	}
	var out strings.Builder
	err := run(context.Background(), []string{"-memory", "-onelogin-issuer", "http://127.0.0.1:8443/"}, &out)
	if err == nil || !strings.Contains(err.Error(), "needs -onelogin-client-id") {
		t.Errorf("issuer without a client: %v", err)
	}
	err = run(context.Background(), append(append([]string{}, base...), "-onelogin-environment", "production", "-onelogin-issuer", "http://127.0.0.1:8443/"), &out)
	if err == nil || !strings.Contains(err.Error(), "cannot both be set") {
		t.Errorf("issuer and environment: %v", err)
	}
	t.Setenv("COUNCILKIT_ONELOGIN_ENVIRONMENT", "production")
	err = run(context.Background(), append(append([]string{}, base...), "-onelogin-issuer", "http://127.0.0.1:8443/"), &out)
	if err == nil || !strings.Contains(err.Error(), "cannot both be set") {
		t.Errorf("issuer and COUNCILKIT_ONELOGIN_ENVIRONMENT: %v", err)
	}
}

func TestRunRefusesBadTrustedProxies(t *testing.T) {
	var out strings.Builder
	err := run(context.Background(), []string{"-memory", "-trusted-proxies", "10.0.0.0/8,load-balancer"}, &out)
	if err == nil || !strings.Contains(err.Error(), `"load-balancer"`) {
		t.Errorf("got %v", err)
	}
}

// -pprof serves profiles only on a loopback address.
func TestRunRefusesPprofOffLoopback(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.0.2.1:6060", "example.com:6060", "6060"} {
		var out strings.Builder
		err := run(context.Background(), []string{"-memory", "-addr", "127.0.0.1:0", "-pprof", addr}, &out)
		if err == nil || !strings.Contains(err.Error(), "must be a loopback address") {
			t.Errorf("-pprof %q: %v", addr, err)
		}
	}
}

var pprofURLRE = regexp.MustCompile(`(http://127\.0\.0\.1:[0-9]+)/debug/pprof/`)

// readAddrFile waits for the address a portal writes to its -addr-file,
// or for done (the portal has stopped).
func readAddrFile(t *testing.T, path string, done <-chan struct{}, logs func() string) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			return strings.TrimSpace(string(b))
		}
		select {
		case <-done:
			t.Fatalf("the portal stopped before listening:\n%s", logs())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no address in %s after 2 minutes:\n%s", path, logs())
	return ""
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// A portal started with -addr-file and -pprof says where it listens, and
// serves profiles on their own loopback listener, without the command
// line (which may hold a database password), until it stops.
func TestRunAddrFileAndPprof(t *testing.T) {
	dir := t.TempDir()
	addrFile := filepath.Join(dir, "addr")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	done := make(chan struct{})
	var runErr error
	go func() {
		defer close(done)
		runErr = run(ctx, []string{"-memory", "-addr", "127.0.0.1:0", "-addr-file", addrFile, "-pprof", "127.0.0.1:0"}, logs)
	}()
	addr := readAddrFile(t, addrFile, done, logs.String)
	if code, body := httpGet(t, "http://"+addr+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("healthz at the address written: %d %q", code, body)
	}
	m := pprofURLRE.FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no pprof address logged:\n%s", logs.String())
	}
	pprofBase := m[1]
	if !strings.Contains(logs.String(), "councilkit example portal listening") {
		t.Errorf("log:\n%s", logs.String())
	}
	if code, body := httpGet(t, pprofBase+"/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("pprof index: %d\n%s", code, body)
	}
	if code, body := httpGet(t, pprofBase+"/debug/pprof/heap?debug=1"); code != http.StatusOK || !strings.Contains(body, "heap profile") {
		t.Errorf("heap profile: %d\n%.200s", code, body)
	}
	if code, _ := httpGet(t, pprofBase+"/debug/pprof/cmdline"); code != http.StatusNotFound {
		t.Errorf("command line: status %d, want 404", code)
	}
	// Profiles are not served on the portal's own listener.
	if code, _ := httpGet(t, "http://"+addr+"/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("pprof on the portal's listener: status %d", code)
	}
	cancel()
	<-done
	if runErr != nil {
		t.Fatal(runErr)
	}
	if _, err := http.Get(pprofBase + "/debug/pprof/"); err == nil {
		t.Error("profiles still served after the portal stopped")
	}
}
