package onelogin

import (
	"errors"
	"strings"

	"github.com/lgds/councilkit/internal/enum"
)

// Credential is a level of authentication, the "credential trust level" of
// One Login's vectors of trust (RFC 8485). Levels are ordered: a higher
// level satisfies a lower one. The zero Credential is CredentialNone,
// "none": not signed in.
type Credential uint8

// Credential levels offered to relying parties ("Choose the level of
// authentication for your service").
const (
	// CredentialNone is the zero value: no sign-in.
	CredentialNone Credential = iota
	// LowCredential ("Cl") is a password alone.
	LowCredential
	// MediumCredential ("Cl.Cm") is a password and a second factor. One
	// Login requires it for any identity check.
	MediumCredential
)

var credentialNames = [...]string{"none", "Cl", "Cl.Cm"}

// String returns the vector component: "Cl", "Cl.Cm", or "none" for
// CredentialNone.
func (c Credential) String() string { return enum.Name(credentialNames[:], c, "Credential") }

// MarshalText implements encoding.TextMarshaler: the String form. An
// undefined level is an error.
func (c Credential) MarshalText() ([]byte, error) {
	return enum.Marshal(credentialNames[:], c, "onelogin", "Credential")
}

// UnmarshalText implements encoding.TextUnmarshaler, reading the String
// form.
func (c *Credential) UnmarshalText(b []byte) error {
	v, ok := enum.Parse[Credential](credentialNames[:], string(b))
	if !ok {
		return ErrVectorOfTrust
	}
	*c = v
	return nil
}

// Confidence is a level of identity confidence (GPG 45) in One Login's
// vectors of trust. Levels are ordered: a higher level satisfies a lower
// one. The zero Confidence is P0, no identity check, One Login's default.
type Confidence uint8

// Confidence levels offered to relying parties ("Choose the level of
// identity confidence for your service"): P0, P1 and P2.
const (
	// P0 is no identity check, the default.
	P0 Confidence = iota
	// P1 is low identity confidence.
	P1
	// P2 is medium identity confidence; One Login requires MediumCredential
	// with it.
	P2
)

var confidenceNames = [...]string{"P0", "P1", "P2"}

// String returns "P0", "P1" or "P2".
func (p Confidence) String() string { return enum.Name(confidenceNames[:], p, "Confidence") }

// MarshalText implements encoding.TextMarshaler: "P0", "P1" or "P2". An
// undefined level is an error.
func (p Confidence) MarshalText() ([]byte, error) {
	return enum.Marshal(confidenceNames[:], p, "onelogin", "Confidence")
}

// UnmarshalText implements encoding.TextUnmarshaler, as ParseConfidence.
func (p *Confidence) UnmarshalText(b []byte) error {
	v, err := ParseConfidence(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParseConfidence parses "P0", "P1" or "P2".
func ParseConfidence(s string) (Confidence, error) {
	switch s {
	case "P0":
		return P0, nil
	case "P1":
		return P1, nil
	case "P2":
		return P2, nil
	}
	return 0, ErrVectorOfTrust
}

// Level is a vector of trust: how the resident signed in and how sure One
// Login is of who they are. The zero Level is "not signed in".
type Level struct {
	Credential Credential
	Confidence Confidence
}

// SignedIn returns medium authentication without an identity check, One
// Login's default (Cl.Cm). It is a function, not a variable, so no caller
// can change the level every other caller asks for.
func SignedIn() Level { return Level{Credential: MediumCredential} }

// IdentityChecked returns medium authentication and medium identity
// confidence (Cl.Cm.P2), what most council services that need identity ask
// for.
func IdentityChecked() Level { return Level{Credential: MediumCredential, Confidence: P2} }

// ErrVectorOfTrust is returned for a vector of trust that is not one of
// One Login's.
var ErrVectorOfTrust = errors.New("onelogin: invalid vector of trust")

// ParseLevel parses a vector such as "Cl.Cm" or "Cl.Cm.P2". A vector with
// no P component has confidence P0.
func ParseLevel(s string) (Level, error) {
	var l Level
	switch {
	case s == "Cl":
		l.Credential = LowCredential
	case s == "Cl.Cm":
		l.Credential = MediumCredential
	case strings.HasPrefix(s, "Cl.Cm.P"):
		p, err := ParseConfidence(s[len("Cl.Cm."):])
		if err != nil {
			return Level{}, err
		}
		l = Level{Credential: MediumCredential, Confidence: p}
	case strings.HasPrefix(s, "Cl.P"):
		p, err := ParseConfidence(s[len("Cl."):])
		if err != nil {
			return Level{}, err
		}
		l = Level{Credential: LowCredential, Confidence: p}
	default:
		return Level{}, ErrVectorOfTrust
	}
	return l, l.Valid()
}

// Valid reports whether One Login offers this level: a credential level is
// required, and an identity check (P1 or P2) needs MediumCredential.
func (l Level) Valid() error {
	switch {
	case l.Credential != LowCredential && l.Credential != MediumCredential:
		return ErrVectorOfTrust
	case l.Confidence > P2:
		return ErrVectorOfTrust
	case l.Confidence > P0 && l.Credential != MediumCredential:
		return ErrVectorOfTrust
	}
	return nil
}

// String returns the vector as One Login writes it: "Cl.Cm", "Cl.Cm.P2".
// P0 is left out, as One Login leaves it out. The zero Level is "none".
func (l Level) String() string {
	if l.Confidence == P0 {
		return l.Credential.String()
	}
	return l.Credential.String() + "." + l.Confidence.String()
}

// Satisfies reports whether a resident signed in at l may use something
// that needs need: both components at least as high.
func (l Level) Satisfies(need Level) bool {
	return l.Credential >= need.Credential && l.Confidence >= need.Confidence
}

// NeedsIdentity reports whether the level asks for an identity check.
func (l Level) NeedsIdentity() bool { return l.Confidence > P0 }

// MarshalText implements encoding.TextMarshaler: the String form, "none"
// for the zero Level.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler, reading a vector as
// ParseLevel does; "none", or empty text as versions before the zero Level
// had a name wrote it, is the zero Level.
func (l *Level) UnmarshalText(b []byte) error {
	if len(b) == 0 || string(b) == "none" {
		*l = Level{}
		return nil
	}
	v, err := ParseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}
