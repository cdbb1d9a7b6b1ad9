package oneloginfake_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/lgds/councilkit/identity/onelogin"
	"github.com/lgds/councilkit/identity/onelogin/oneloginfake"
)

// A test signs a resident in through the onelogin relying party against
// the fake, exactly as it would against One Login: only the Environment
// and the HTTP client differ.
func Example() {
	ctx := context.Background()
	// The service's private_key_jwt key; its public half is "registered"
	// with the fake.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}

	user := oneloginfake.DefaultUser()
	user.Subject = "urn:fdc:gov.uk:2022:test-resident-42"
	user.Email = "test.resident@example.com"
	op, err := oneloginfake.NewServer(oneloginfake.Config{
		ClientID:     "test-client",
		ClientKey:    key.Public(),
		RedirectURIs: []string{"https://council.example.gov.uk/auth/callback"},
		User:         user,
	})
	if err != nil {
		panic(err)
	}
	defer op.Close()

	client, err := onelogin.New(ctx, onelogin.Config{
		Environment: op.Environment(),
		ClientID:    "test-client",
		RedirectURL: "https://council.example.gov.uk/auth/callback",
		PrivateKey:  key,
		UserAgent:   "council-portal-tests/1.0",
		HTTPClient:  op.Client(),
	})
	if err != nil {
		panic(err)
	}

	// The browser's part: follow the authorization URL to the fake, which
	// signs the resident in at once and redirects back with a code.
	authURL, req, err := client.AuthURL(onelogin.SignedIn(), onelogin.AuthOptions{})
	if err != nil {
		panic(err)
	}
	callback, err := op.Authorize(authURL)
	if err != nil {
		panic(err)
	}

	resident, err := client.Callback(ctx, callback, req)
	if err != nil {
		panic(err)
	}
	fmt.Println(resident.Subject)
	fmt.Println(resident.Email, resident.EmailVerified)
	fmt.Println(resident.Level, resident.Person.FamilyName == "") // no identity check, no name
	// Output:
	// urn:fdc:gov.uk:2022:test-resident-42
	// test.resident@example.com true
	// Cl.Cm true
}

// A resident whose identity One Login cannot prove to the level asked for
// is signed in without a core identity, with the return code "C".
func ExampleProvider_SetUser() {
	ctx := context.Background()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	op, err := oneloginfake.NewServer(oneloginfake.Config{ClientID: "test-client", ClientKey: key.Public()})
	if err != nil {
		panic(err)
	}
	defer op.Close()

	unproven := oneloginfake.DefaultUser()
	unproven.Confidence = onelogin.P0
	op.SetUser(unproven)

	client, err := onelogin.New(ctx, onelogin.Config{
		Environment: op.Environment(),
		ClientID:    "test-client",
		RedirectURL: "https://council.example.gov.uk/auth/callback",
		PrivateKey:  key,
		UserAgent:   "council-portal-tests/1.0",
		HTTPClient:  op.Client(),
	})
	if err != nil {
		panic(err)
	}
	authURL, req, err := client.AuthURL(onelogin.IdentityChecked(), onelogin.AuthOptions{})
	if err != nil {
		panic(err)
	}
	callback, err := op.Authorize(authURL)
	if err != nil {
		panic(err)
	}

	resident, err := client.Callback(ctx, callback, req)
	fmt.Println(errors.Is(err, onelogin.ErrIdentityNotProven))
	fmt.Println(resident.Level, resident.ReturnCodes)
	// Output:
	// true
	// Cl.Cm [C]
}
