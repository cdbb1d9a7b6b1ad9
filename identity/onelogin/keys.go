package onelogin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/lgds/councilkit"
)

// keyCache holds a provider's published public keys by key id: the ID
// token JWKS or the core identity DID document. It fetches them when it has
// none, when the Cache-Control max-age of the last fetch has passed (so a
// key One Login withdraws stops being trusted), and when a token names a
// key id it does not hold (at most once every ten seconds, so tokens with
// made-up kids cannot make it hammer One Login). If a refresh fails it keeps trusting the keys
// it has, as One Login advises for outages. It is safe for concurrent use.
type keyCache struct {
	url    string
	client *http.Client
	clock  councilkit.Clock
	parse  func(body []byte) (map[string]*jose.JSONWebKey, error)

	mu      sync.Mutex
	keys    map[string]*jose.JSONWebKey
	expires time.Time
	fetched time.Time
}

var errUnknownKey = errors.New("no published key has this kid")

// minRefetch is the shortest time between fetches triggered by an unknown
// kid.
const minRefetch = 10 * time.Second

func (k *keyCache) key(ctx context.Context, kid string) (*jose.JSONWebKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	now := k.clock.Now()
	if key, ok := k.keys[kid]; ok && now.Before(k.expires) {
		return key, nil
	}
	if k.keys == nil || !now.Before(k.expires) || now.Sub(k.fetched) >= minRefetch {
		if err := k.refresh(ctx, now); err != nil && k.keys == nil {
			return nil, err
		}
	}
	if key, ok := k.keys[kid]; ok {
		return key, nil
	}
	return nil, errUnknownKey
}

func (k *keyCache) refresh(ctx context.Context, now time.Time) error {
	k.fetched = now
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.url, nil)
	if err != nil {
		return err
	}
	resp, err := k.client.Do(req)
	if err != nil {
		return fmt.Errorf("fetching keys: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fetching keys: HTTP %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("reading keys: %v", err)
	}
	keys, err := k.parse(body)
	if err != nil {
		return err
	}
	k.keys = keys
	k.expires = now.Add(maxAge(resp.Header.Get("Cache-Control"), time.Hour))
	return nil
}

// parseJWKS reads a JSON Web Key Set, keeping public signing keys with a
// kid.
func parseJWKS(body []byte) (map[string]*jose.JSONWebKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("JWKS does not parse: %v", err)
	}
	keys := make(map[string]*jose.JSONWebKey)
	for _, raw := range set.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil || !k.IsPublic() || !k.Valid() || k.KeyID == "" || (k.Use != "" && k.Use != "sig") {
			continue // a key this package cannot use is skipped, not fatal
		}
		keys[k.KeyID] = &k
	}
	return keys, nil
}

// didDocument is the part of One Login's DID document this package reads.
type didDocument struct {
	ID              string `json:"id"`
	AssertionMethod []struct {
		ID           string          `json:"id"`
		Type         string          `json:"type"`
		Controller   string          `json:"controller"`
		PublicKeyJwk json.RawMessage `json:"publicKeyJwk"`
	} `json:"assertionMethod"`
}

// parseDID returns a parser for the DID document of controller, keyed by
// the full key id ("did:web:…#…").
func parseDID(controller string) func([]byte) (map[string]*jose.JSONWebKey, error) {
	return func(body []byte) (map[string]*jose.JSONWebKey, error) {
		var doc didDocument
		if err := json.Unmarshal(body, &doc); err != nil {
			return nil, fmt.Errorf("DID document does not parse: %v", err)
		}
		if doc.ID != controller {
			return nil, errors.New("DID document is for another controller")
		}
		keys := make(map[string]*jose.JSONWebKey)
		for _, m := range doc.AssertionMethod {
			if !strings.HasPrefix(m.ID, controller+"#") {
				continue
			}
			var k jose.JSONWebKey
			if err := k.UnmarshalJSON(m.PublicKeyJwk); err != nil || !k.IsPublic() || !k.Valid() {
				continue
			}
			keys[m.ID] = &k
		}
		return keys, nil
	}
}

// jwksKeySet verifies ID and logout tokens: the signature is checked only
// with the published key whose kid the header names, and the header's alg
// must be the pinned one and match the key's published alg ("Use the kid
// (key ID) to see which public key signed the ID token").
type jwksKeySet struct {
	cache *keyCache
	alg   jose.SignatureAlgorithm
}

// verify parses raw once and returns its payload if its signature
// verifies.
func (s *jwksKeySet) verify(ctx context.Context, raw string) ([]byte, error) {
	t, err := parseCompact(raw)
	if err != nil {
		return nil, err
	}
	if t.header.Alg != string(s.alg) {
		return nil, errors.New("wrong alg")
	}
	if t.header.Kid == "" {
		return nil, errors.New("no kid")
	}
	key, err := s.cache.key(ctx, t.header.Kid)
	if err != nil {
		return nil, err
	}
	if key.Algorithm != "" && key.Algorithm != t.header.Alg {
		return nil, errors.New("alg does not match the published key's")
	}
	return t.verifySignature(s.alg, key.Key)
}
