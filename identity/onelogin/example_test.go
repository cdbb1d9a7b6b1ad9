package onelogin_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

// A complete sign-in with an identity check, against the fake One Login.
// In production the Environment is onelogin.Production(), the private key
// is the one registered with One Login, and the browser does the redirects.
func Example() {
	ctx := context.Background()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)

	// A stand-in for One Login, on a loopback address.
	op, err := oneloginfake.NewServer(oneloginfake.Config{ClientID: "my-client", ClientKey: key.Public()})
	if err != nil {
		panic(err)
	}
	defer op.Close()

	client, err := onelogin.New(ctx, onelogin.Config{
		Environment: op.Environment(), // onelogin.Production() in production
		ClientID:    "my-client",
		RedirectURL: "https://council.example.gov.uk/auth/callback",
		PrivateKey:  key,
		UserAgent:   "council-portal/1.0 (https://council.example.gov.uk)",
		HTTPClient:  op.Client(),
	})
	if err != nil {
		panic(err)
	}

	// 1. Send the resident to One Login, asking for an identity check, in
	// Welsh. Keep req in the resident's session for the callback.
	authURL, req, err := client.AuthURL(onelogin.IdentityChecked(), onelogin.AuthOptions{Language: councilkit.Welsh})
	if err != nil {
		panic(err)
	}

	// (The browser follows the redirect; One Login redirects back.)
	callback, err := op.Authorize(authURL)
	if err != nil {
		panic(err)
	}

	// 2. At the redirect URL, complete the sign-in.
	resident, err := client.Callback(ctx, callback, req)
	if err != nil {
		panic(err)
	}
	fmt.Println(resident.Level)
	fmt.Println(resident.Person.GivenNames, "/", resident.Person.FamilyName)
	fmt.Println(resident.Person.DateOfBirth)
	fmt.Println(resident.Addresses[0].Postcode)
	// Output:
	// Cl.Cm.P2
	// Siân Elin / O’Brien-Jones
	// 1985-03-07
	// CF10 1NS
}

// RequireLevel guards pages that need a higher level than the resident has.
func ExampleRequireLevel() {
	current := func(r *http.Request) (onelogin.Level, bool) {
		return onelogin.SignedIn(), true // from your session store
	}
	signIn := func(w http.ResponseWriter, r *http.Request, need onelogin.Level) {
		// Call client.AuthURL(need, onelogin.AuthOptions{}), keep the AuthRequest, redirect.
		fmt.Println("sign in again at", need)
		w.WriteHeader(http.StatusFound)
	}
	apply := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Println("application form") })
	h := onelogin.RequireLevel(onelogin.IdentityChecked(), current, signIn)(apply)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/apply", nil))
	// Output:
	// sign in again at Cl.Cm.P2
}

// A ReplayStore says whether a logout token's id was seen while it could
// still be accepted. MemoryReplayStore is the default, for one instance;
// services running several give a store they share.
func ExampleMemoryReplayStore() {
	ctx := context.Background()
	store := onelogin.NewMemoryReplayStore(2)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	until := now.Add(2 * time.Minute) // the token's exp
	fmt.Println(store.Seen(ctx, "client jti-1", now, until))
	fmt.Println(store.Seen(ctx, "client jti-1", now.Add(time.Minute), until))
	fmt.Println(store.Seen(ctx, "client jti-2", now.Add(time.Minute), until))
	_, err := store.Seen(ctx, "client jti-3", now.Add(time.Minute), until)
	fmt.Println(err)
	// Once the ids have expired they are forgotten.
	fmt.Println(store.Seen(ctx, "client jti-3", until.Add(time.Second), until.Add(time.Hour)))
	fmt.Println(store.Len())
	// Output:
	// false <nil>
	// true <nil>
	// false <nil>
	// onelogin: replay store full
	// false <nil>
	// 1
}
