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
// ID and back-channel logout tokens are verified by this package, each
// parsed once: the compact JWS is split, its header and signature decoded,
// and the signature checked against the published key the kid names, over
// the signing input as received (go-oidc is used for discovery and
// userinfo only). Besides the checks "Validate your ID token" and
// "Validate your logout token" list, both kinds of token must satisfy
// OpenID Connect Core 1.0 section 3.1.3.7 points 3 to 5 (a token with
// several audiences must carry azp, and azp, if present, must be the
// client ID) and a documented maximum age by iat, beyond Config.Leeway
// (30 seconds): DefaultIDTokenMaxAge (five minutes) for ID tokens and
// DefaultLogoutTokenMaxAge (two minutes) for logout tokens, changed with
// Config.IDTokenMaxAge and Config.LogoutTokenMaxAge. A logout token's jti
// is kept in Config.ReplayStore until the token could no longer be
// accepted (its exp or the end of its maximum age, whichever is sooner),
// so a token delivered twice is refused. The default store is a
// MemoryReplayStore of DefaultReplayStoreSize ids, which refuses tokens
// when full rather than forget an id early; services running several
// instances must give a ReplayStore they share, and check it with
// onelogintest.RunReplayStoreTests.
//
// Secrets (the private key, tokens, the state, nonce and code verifier)
// and the personal data a sign-in returns never print: the types holding
// them implement fmt.Formatter and slog.LogValuer to print them as
// [redacted] with every verb.
//
// Not modelled: encrypted (JWE) tokens, which One Login does not send; a
// maximum age or replay check for the core identity JWT beyond its exp,
// nbf and iat not in the future (it is fetched over TLS with the access
// token and bound to the ID token's subject); and a database-backed
// ReplayStore, which services provide.
//
// Package oneloginfake provides a fake One Login for tests and local
// development.
package onelogin
