package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"math/big"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/identity/onelogin"
)

// Finding 9 of issue 15: every type in the portal holding a secret prints
// and logs redacted.

// secretTypes hold a secret (or officers' email addresses) and must print
// and log redacted; TestSecretTypesPrintRedacted prints each.
var secretTypes = []string{
	"authenticator", "config", "devIdP", "devProvider", "oneLoginConfig", "officerRule",
	"pendingSignIn", "server", "session", "sessionStore", "user", "view",
	// events.go and links.go: residents' email addresses and who started
	// which record.
	"contact", "recordLink", "receiptTo", "portalEvents",
	"sessionRecord", "storedUser", "sessionData", "memStore",
	// council.go: a site holds its officers' addresses.
	"site", "sites", "siteRef",
}

// plainTypes hold no secret. A new struct type must be put in one list or
// the other: TestEveryStructTypeIsClassified fails until it is.
var plainTypes = []string{
	// council.go and seed.go: the example's fictional councils.
	"siteSpec", "siteKey", "prefixWriter", "councilNotices", "seedData", "seedAccount", "seedSchool",
	// casework.go: officers' lists and audit trails, shown to officers.
	"selectOption", "historyRow", "officerApplicationsData", "refundRow",
	// Page data: what a page shows, shown to the person it is about.
	"addressData", "answer", "cookieInfo", "cookiesData", "navItem", "answers", "applicationData", "checkData", "childData", "ctBillData",
	"ctLookupData", "dateField", "errorData", "field", "fieldError", "fsmCheckbox", "fsmFormData",
	"fsmResultData", "homeData", "officerAdmissionsData", "officerPaymentsData", "officerSchool",
	"option", "payResultData", "planCheckData", "planDocItem", "planDocsData", "planFeeLine",
	"planFieldData", "planOfficerData", "planOfficerList", "planOfficerRow", "planResidentData",
	"planStartData", "planTrackData", "prefChoice", "prefsData", "refundData", "sandboxData",
	"schoolsStartData", "service", "signInData", "waitingRow", "placeRow", "dateSubject",
	// planning_files.go: the documents and comments pages, shown to the
	// resident who uploaded the files and to officers.
	"uploadForm", "planDocRow", "planFileRow", "planOfficerFile", "planOfficerComment", "commentForm",
	// Fictional seed data and state keyed by pseudonymous subjects.
	"admissionsState", "ctAccount", "devPersona", "planningState", "seed",
	// Plumbing with nothing secret in it.
	"logInfo", "logInfoKey", "pages", "paymentOwner", "payRequest", "redactor", "sessionKey",
	"statusWriter", "stores", "uploadTooLargeKey",
	// events.go and events_pages.go. endpointsData's new secret is a
	// webhooks.Secret, which prints redacted; devMessagesData's messages
	// print without their recipients (notifyfake.Message.String).
	"linkKey", "receiptKey", "fakeTemplate", "lateSubscribers", "trackingData", "devMessagesData", "endpointsData", "typeChoice", "deliveriesData",
	// The portal's store: nothing secret in the handles, limits or errors.
	"sqlStore", "sessionLimits", "expiryItem", "storeUnavailable",
	// Failed-lookup counts keyed by client address and account reference:
	// never printed or logged.
	"failLimiter", "failCount",
}

func TestEveryStructTypeIsClassified(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok {
				if _, ok := ts.Type.(*ast.StructType); ok {
					found = append(found, ts.Name.Name)
				}
			}
			return true
		})
	}
	for _, name := range found {
		if !slices.Contains(secretTypes, name) && !slices.Contains(plainTypes, name) {
			t.Errorf("struct type %s is in neither secretTypes nor plainTypes: decide whether it holds a secret", name)
		}
	}
	for _, name := range append(slices.Clone(secretTypes), plainTypes...) {
		if !slices.Contains(found, name) {
			t.Errorf("%s is listed but is not a struct type of the portal", name)
		}
	}
}

func TestSecretTypesPrintRedacted(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := key.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	// The private scalar as %v prints it (decimal) and in hex.
	secrets := []string{
		new(big.Int).SetBytes(raw).String(), fmt.Sprintf("%x", raw), fmt.Sprintf("%X", raw),
		"pg-s3cret", "officer.secret@", "urn-subject-secret", "Alex Example", "1988-06-14",
		"id-token-secret", "session-id-secret", "csrf-secret", "AB123456C", "state-secret",
		"nonce-secret", "verifier-secret", "12345678", "alex.secret@example.com", "notify-key-secret",
	}
	ol := oneLoginConfig{
		ClientID: "client-id", PrivateKey: key, Environment: onelogin.Integration(),
		RedirectURL: "https://services.example.gov.uk/auth/callback",
	}
	cfg := config{
		Clock: councilkit.NewFixedClock(testNow), Log: discardLogger(), SecureCookies: true,
		PostgresURL: "postgres://portal:pg-s3cret@db.internal/councilkit", OneLogin: ol,
		Officers: "officer.secret@ashdownvale.gov.uk,@ashdownvale.gov.uk", PublicURL: "https://services.example.gov.uk",
		NotifyKey: "notify-key-secret",
	}
	officers, err := parseOfficers(cfg.Officers + ",urn-subject-secret")
	if err != nil {
		t.Fatal(err)
	}
	u := &user{
		Subject: "urn-subject-secret", Name: "Alex Example", Email: "alex.secret@example.com", Role: roleOfficer, Level: onelogin.IdentityChecked(),
		Person:      &identity.Person{GivenNames: "Alex", FamilyName: "Example", DateOfBirth: calendar.MustParseDate("1988-06-14")},
		idTokenHint: "id-token-secret",
	}
	sess := &session{id: "session-id-secret", csrf: "csrf-secret", user: u, values: map[string]any{"nino": "AB123456C"}}
	mem := newMemStore()
	data, err := encodeSession(u, map[string]any{sessionCTRef: "12345678"})
	if err != nil {
		t.Fatal(err)
	}
	rec := &sessionRecord{Key: "session-id-secret", CSRF: "csrf-secret", Subject: "urn-subject-secret", Data: data}
	if err := mem.createSession(context.Background(), rec, defaultSessionLimits); err != nil {
		t.Fatal(err)
	}
	store := newSessionStore(cfg.Clock, true, mem)
	su := storedUser{Subject: "urn-subject-secret", Name: "Alex Example", Person: u.Person, IDTokenHint: "id-token-secret"}
	sd := sessionData{User: &su, Values: map[string]json.RawMessage{"nino": json.RawMessage(`"AB123456C"`)}}
	dev := &devProvider{key: key, started: map[string]*devIdP{}}
	auth := &authenticator{dev: dev, officers: officers}
	pending := pendingSignIn{
		Req:  onelogin.AuthRequest{State: "state-secret", Nonce: "nonce-secret", CodeVerifier: "verifier-secret", Level: onelogin.IdentityChecked()},
		Next: "/council-tax/bill/12345678", Dev: "resident/P2",
	}
	srv := &server{cfg: cfg, sessions: store, auth: auth}
	v := &view{CSRF: "csrf-secret", User: u, Path: "/council-tax/bill/12345678", Page: "ct-bill", Data: sess}

	to := contact{Email: "alex.secret@example.com", Language: councilkit.Welsh}
	link := recordLink{Council: fictionalCouncil.String(), Kind: linkPayment, ID: "12345678", Subject: "urn-subject-secret", To: to}
	if err := mem.link(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	rt := receiptTo{email: "alex.secret@example.com"}
	ev := &portalEvents{links: mem}
	st := &site{seed: &seed{council: fictionalCouncil}, slug: "ashdown-vale", officers: officers}
	all := &sites{list: []*site{st}}
	values := map[string][]any{
		"site":           {st},
		"sites":          {all},
		"siteRef":        {siteRef{site: st, base: "/ashdown-vale"}},
		"contact":        {to, &to},
		"recordLink":     {link, &link},
		"receiptTo":      {rt, &rt},
		"portalEvents":   {ev},
		"config":         {cfg, &cfg},
		"oneLoginConfig": {ol, &ol},
		"officerRule":    {officers, &officers},
		"authenticator":  {auth},
		"devProvider":    {dev},
		"devIdP":         {&devIdP{}},
		"pendingSignIn":  {pending, &pending},
		"user":           {*u, u},
		"session":        {sess},
		"sessionStore":   {store},
		"sessionRecord":  {rec},
		"storedUser":     {su, &su},
		"sessionData":    {sd, &sd},
		"memStore":       {mem},
		"server":         {srv},
		"view":           {v},
	}
	for _, name := range secretTypes {
		vs, ok := values[name]
		if !ok {
			t.Errorf("%s: no value to print; add one", name)
			continue
		}
		for _, val := range vs {
			var outs []string
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				outs = append(outs, verb+": "+fmt.Sprintf(verb, val))
			}
			// Inside another value, in a slice and in a map, as a caller
			// might print them.
			outs = append(outs, fmt.Sprintf("%+v", struct{ X any }{val}), fmt.Sprintf("%#v", []any{val}), fmt.Sprint(map[string]any{"x": val}))
			for _, out := range outs {
				if !strings.Contains(out, name) {
					t.Errorf("%s (%T) prints without its name:\n%s", name, val, out)
				}
			}
			for _, json := range []bool{false, true} {
				var buf bytes.Buffer
				var h slog.Handler = slog.NewTextHandler(&buf, nil)
				if json {
					h = slog.NewJSONHandler(&buf, nil)
				}
				slog.New(h).Info("printing", "value", val, slog.Group("g", "nested", val))
				outs = append(outs, buf.String())
			}
			for _, out := range outs {
				for _, secret := range secrets {
					if strings.Contains(out, secret) {
						t.Errorf("%s (%T) prints %q:\n%s", name, val, secret, out)
					}
				}
			}
		}
	}
}
