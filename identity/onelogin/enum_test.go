package onelogin

import (
	"testing"

	"github.com/lgds/councilkit/internal/enumtest"
)

// Credential and Confidence, zero values included, have readable names that
// String, MarshalText and JSON write alike and read back (issue 16:
// CredentialNone printed as an empty string).
func TestEnumsRoundTrip(t *testing.T) {
	t.Run("Credential", func(t *testing.T) {
		enumtest.RoundTrip[Credential](t, []Credential{CredentialNone, LowCredential, MediumCredential}, nil)
	})
	t.Run("Confidence", func(t *testing.T) {
		enumtest.RoundTrip[Confidence](t, []Confidence{P0, P1, P2}, ParseConfidence)
	})
	// The zero Level, "not signed in", is written as "none" and read back.
	var zero Level
	if b, err := zero.MarshalText(); err != nil || string(b) != "none" {
		t.Errorf("zero Level MarshalText = %q, %v", b, err)
	}
	back := IdentityChecked()
	if err := back.UnmarshalText([]byte("none")); err != nil || back != (Level{}) {
		t.Errorf("UnmarshalText(none) = %v, %v", back, err)
	}
	if _, err := ParseLevel("none"); err == nil {
		t.Error(`ParseLevel("none") accepted: it reads One Login's vectors only`)
	}
}
