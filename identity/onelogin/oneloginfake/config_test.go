package oneloginfake

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"testing"
)

// TestNewServerConfig checks that NewServer refuses, with ErrConfig, a
// Config it cannot serve, and fills in the documented defaults.
func TestNewServerConfig(t *testing.T) {
	client, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	for name, cfg := range map[string]Config{
		"no client ID":       {ClientKey: client.Public()},
		"no client key":      {ClientID: "c"},
		"Ed25519 client key": {ClientID: "c", ClientKey: edPub},
		"HS256 ID tokens":    {ClientID: "c", ClientKey: client.Public(), IDTokenAlgorithm: "HS256"},
	} {
		if p, err := NewServer(cfg); !errors.Is(err, ErrConfig) {
			if p != nil {
				p.Close()
			}
			t.Errorf("%s: %v, want ErrConfig", name, err)
		}
	}
	p, err := NewServer(Config{ClientID: "c", ClientKey: client.Public()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.cfg.IDTokenAlgorithm != "ES256" || p.cfg.Clock == nil || p.cfg.User.Subject != DefaultUser().Subject {
		t.Errorf("defaults not applied: algorithm %q, clock %v, subject %q", p.cfg.IDTokenAlgorithm, p.cfg.Clock, p.cfg.User.Subject)
	}
}
