// Package onelogin signs residents in through GOV.UK One Login, the
// government's single sign-in, as an OpenID Connect relying party built on
// github.com/coreos/go-oidc/v3 and golang.org/x/oauth2, following One
// Login's technical documentation (docs.sign-in.service.gov.uk).
//
// A Client sends the resident to One Login with AuthURL, asking for a Level
// — a vector of trust such as Cl.Cm (signed in with two factors) or
// Cl.Cm.P2 (and identity checked to medium confidence) — and completes the
// sign-in with Callback: it checks the state, exchanges the code with a
// private_key_jwt assertion and PKCE, verifies the ID token with the
// algorithm pinned and every claim One Login says to check (including the
// nonce and vot, which go-oidc leaves to the caller), fetches userinfo and,
// for identity levels, verifies the core identity JWT against keys from One
// Login's DID document only, keeping the name and date of birth as an
// identity.Person rather than the token. RequireLevel sends residents who
// signed in too low back to sign in at the level a page needs; LogoutURL and
// BackChannelLogoutHandler end sessions.
//
// Package oneloginfake provides a fake One Login for tests and local
// development.
package onelogin
