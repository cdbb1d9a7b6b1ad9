// Package oneloginfake is an in-process OpenID provider that mimics GOV.UK
// One Login, for tests and local development only. NEVER use it in
// production: it signs in a fixed resident without asking for a password.
// It is nevertheless a real OpenID provider on a loopback httptest server:
// it publishes a discovery document, a JWKS and a DID document; it checks
// the client's private_key_jwt assertion, PKCE, the redirect URI and the
// User-Agent header as One Login does; and it signs real ES256 (or RS256)
// ID tokens, core identity JWTs and back-channel logout tokens, so a relying
// party built with package onelogin runs unchanged against it.
//
// Start one with NewServer, giving the client ID and the public half of the
// client's private_key_jwt key, and Close it when done. Point onelogin.New
// at it with Provider.Environment and Provider.Client in place of
// onelogin.Production() and the default HTTP client; following the
// authorization URL with that client (not following the last redirect)
// gives the callback request. The resident who signs in is DefaultUser, a
// fictional Welsh resident proven to P2, unless Config.User or SetUser
// says otherwise; a User whose Confidence is below the level asked for gets
// no core identity and the return code "C". Hooks (SetHooks) let a test
// tamper with the tokens and userinfo it issues, Sign, SignWithHeader and
// LogoutToken build tokens directly, and RotateKey, RotateIdentityKey, DropOldKeys and
// SetDIDDocumentDown play out One Login's key rotation and outages.
package oneloginfake
