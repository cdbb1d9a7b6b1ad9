package onelogin

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
)

// Resident is what a sign-in established about the resident. It holds the
// extracted facts, never the core identity JWT. It is personal data and
// holds the ID token: no fmt verb (%v, %+v, %#v, %s, %q, %x …) reveals the
// subject, session, contact details, person, addresses or token, and slog
// logs it redacted. Read the fields to use them.
type Resident struct {
	// Subject is One Login's pairwise identifier of the resident for this
	// service. Map it to your own identifier; do not use it as one.
	Subject string
	// SessionID is the One Login session (sid), for back-channel logout.
	SessionID string
	// Level is the level reached: the credential level from the ID token's
	// vot and, when identity was checked, the confidence from the core
	// identity's vot.
	Level Level
	// AuthTime is when the resident last authenticated, if One Login said.
	AuthTime time.Time
	// Email, EmailVerified and Phone come from userinfo.
	Email         string
	EmailVerified bool
	Phone         string
	// Person is the verified name and date of birth, with Email and Phone as
	// Contact. It is zero unless identity was checked.
	Person identity.Person
	// Addresses are the resident's addresses from the address claim, current
	// first, when identity was checked and One Login returned them.
	Addresses []identity.Address
	// ReturnCodes are One Login's return codes ("C", "D" …) about the
	// identity check, if any.
	ReturnCodes []string
	// IDTokenHint is the ID token, kept only to pass as id_token_hint when
	// logging out. It carries no personal data beyond Subject.
	IDTokenHint string `json:"-"`
}

// LogValue implements slog.LogValuer: no names, contact details or tokens.
func (r Resident) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("level", r.Level.String()),
		slog.Bool("identity", !r.Person.DateOfBirth.IsZero()),
		slog.Any("person", r.Person),
		slog.Int("addresses", len(r.Addresses)),
		slog.Any("return_codes", r.ReturnCodes),
	)
}

// CoreIdentity is a verified core identity. It is personal data: no fmt
// verb (%v, %+v, %#v, %s, %q, %x …) reveals the subject, name or date of
// birth — they print as [redacted], with the confidence — and slog logs it
// redacted. Read the fields to use them.
type CoreIdentity struct {
	Subject    string
	Confidence Confidence
	// Person holds the current name, as given names and family name in the
	// order One Login listed their parts, and the date of birth One Login
	// has most confidence in.
	Person identity.Person
}

// LogValue implements slog.LogValuer: the confidence and the person in
// redacted form, never the name or date of birth.
func (c CoreIdentity) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("confidence", c.Confidence.String()),
		slog.Any("person", c.Person),
	)
}

type coreIdentityClaims struct {
	Issuer    string       `json:"iss"`
	Subject   string       `json:"sub"`
	Audience  jwt.Audience `json:"aud"`
	Expiry    *int64       `json:"exp"`
	NotBefore *int64       `json:"nbf"`
	IssuedAt  *int64       `json:"iat"`
	Vot       string       `json:"vot"`
	VC        struct {
		CredentialSubject struct {
			Name []struct {
				ValidFrom  *string `json:"validFrom"`
				ValidUntil *string `json:"validUntil"`
				NameParts  []struct {
					Type  string `json:"type"`
					Value string `json:"value"`
				} `json:"nameParts"`
			} `json:"name"`
			BirthDate []struct {
				Value string `json:"value"`
			} `json:"birthDate"`
		} `json:"credentialSubject"`
	} `json:"vc"`
}

// VerifyCoreIdentity verifies a core identity JWT as "Prove your user's
// identity" requires: alg ES256 only; the kid naming the configured DID
// controller and a key in the DID document fetched from Environment.DIDURL
// (never resolved from the kid); the signature; iss the identity issuer; aud
// the client ID; sub equal to the ID token's subject; exp in the future;
// nbf and iat not in the future; and vot at least need.
func (c *Client) VerifyCoreIdentity(ctx context.Context, raw, subject string, need Confidence) (*CoreIdentity, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrCoreIdentity, fmt.Sprintf(format, a...))
	}
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		return nil, bad("malformed or not ES256")
	}
	if len(jws.Signatures) != 1 {
		return nil, bad("not exactly one signature")
	}
	kid := jws.Signatures[0].Header.KeyID
	controller, _, ok := strings.Cut(kid, "#")
	if !ok || controller != c.cfg.Environment.DIDController {
		return nil, bad("kid is not a key of %s", c.cfg.Environment.DIDController)
	}
	key, err := c.did.key(ctx, kid)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCoreIdentity, err)
	}
	payload, err := jws.Verify(key)
	if err != nil {
		return nil, bad("signature does not verify")
	}
	var cl coreIdentityClaims
	if err := json.Unmarshal(payload, &cl); err != nil {
		return nil, bad("claims do not parse")
	}
	now := c.cfg.Clock.Now()
	switch {
	case cl.Issuer != c.cfg.Environment.IdentityIssuer:
		return nil, bad("wrong issuer")
	case !cl.Audience.Contains(c.cfg.ClientID):
		return nil, bad("wrong audience")
	case cl.Subject == "" || cl.Subject != subject:
		return nil, bad("subject differs from the ID token's")
	case cl.Expiry == nil || !time.Unix(*cl.Expiry, 0).After(now):
		return nil, bad("expired")
	case cl.NotBefore != nil && time.Unix(*cl.NotBefore, 0).After(now.Add(c.cfg.Leeway)):
		return nil, bad("not yet valid")
	case cl.IssuedAt != nil && time.Unix(*cl.IssuedAt, 0).After(now.Add(c.cfg.Leeway)):
		return nil, bad("issued in the future")
	}
	conf, err := ParseConfidence(cl.Vot)
	if err != nil {
		return nil, bad("vot is not a level of confidence")
	}
	if conf < need {
		return nil, bad("vot %s is below the %s requested", conf, need)
	}
	ci := &CoreIdentity{Subject: cl.Subject, Confidence: conf}
	cs := cl.VC.CredentialSubject
	found := false
	for _, n := range cs.Name {
		if n.ValidUntil != nil && *n.ValidUntil != "" {
			continue // a former name
		}
		var given, family []string
		for _, p := range n.NameParts {
			if strings.TrimSpace(p.Value) == "" {
				continue
			}
			switch p.Type {
			case "GivenName":
				given = append(given, p.Value)
			case "FamilyName":
				family = append(family, p.Value)
			}
		}
		if len(given)+len(family) == 0 {
			return nil, bad("the current name is empty")
		}
		ci.Person.GivenNames = strings.Join(given, " ")
		ci.Person.FamilyName = strings.Join(family, " ")
		found = true
		break
	}
	if !found {
		return nil, bad("no current name")
	}
	if len(cs.BirthDate) == 0 {
		return nil, bad("no date of birth")
	}
	dob, err := calendar.ParseDate(cs.BirthDate[0].Value)
	if err != nil {
		return nil, bad("date of birth does not parse")
	}
	ci.Person.DateOfBirth = dob
	return ci, nil
}

// maxAge reads max-age from a Cache-Control header, clamped to between a
// minute and a day.
func maxAge(h string, def time.Duration) time.Duration {
	for _, part := range strings.Split(h, ",") {
		v, ok := strings.CutPrefix(strings.TrimSpace(part), "max-age=")
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(v); err == nil {
			return min(max(time.Duration(n)*time.Second, time.Minute), 24*time.Hour)
		}
	}
	return def
}

// postalAddress is an entry of the address claim.
type postalAddress struct {
	UPRN                           string  `json:"uprn"`
	OrganisationName               string  `json:"organisationName"`
	DepartmentName                 string  `json:"departmentName"`
	SubBuildingName                string  `json:"subBuildingName"`
	BuildingName                   string  `json:"buildingName"`
	BuildingNumber                 string  `json:"buildingNumber"`
	DependentStreetName            string  `json:"dependentStreetName"`
	StreetName                     string  `json:"streetName"`
	DoubleDependentAddressLocality string  `json:"doubleDependentAddressLocality"`
	DependentAddressLocality       string  `json:"dependentAddressLocality"`
	AddressLocality                string  `json:"addressLocality"`
	PostalCode                     string  `json:"postalCode"`
	AddressCountry                 string  `json:"addressCountry"`
	ValidFrom                      *string `json:"validFrom"`
	ValidUntil                     *string `json:"validUntil"`
}

// addresses converts the address claim, current addresses first. Values
// that do not parse (a UPRN, a postcode) are left zero rather than failing
// the sign-in; Address.Validate reports them.
func (u *userInfoResponse) addresses() []identity.Address {
	var current, former []identity.Address
	for _, a := range u.Address {
		var out identity.Address
		for _, l := range []string{a.OrganisationName, a.DepartmentName, a.SubBuildingName, a.BuildingName} {
			if l != "" {
				out.Lines = append(out.Lines, l)
			}
		}
		for _, street := range []string{a.DependentStreetName, a.StreetName} {
			if street == "" {
				continue
			}
			if a.BuildingNumber != "" {
				street = a.BuildingNumber + " " + street
				a.BuildingNumber = ""
			}
			out.Lines = append(out.Lines, street)
		}
		if a.BuildingNumber != "" {
			out.Lines = append(out.Lines, a.BuildingNumber)
		}
		for _, l := range []string{a.DoubleDependentAddressLocality, a.DependentAddressLocality} {
			if l != "" {
				out.Lines = append(out.Lines, l)
			}
		}
		out.Town = a.AddressLocality
		out.Postcode, _ = identity.ParsePostcode(a.PostalCode)
		out.UPRN, _ = identity.ParseUPRN(a.UPRN)
		if a.ValidUntil != nil && *a.ValidUntil != "" {
			former = append(former, out)
		} else {
			current = append(current, out)
		}
	}
	return append(current, former...)
}
