package planning_test

import (
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

// TestValidateReportsValuesKeptAsGiven: an address abroad or a postcode in
// free text is kept as given (PostcodeText), not refused, and Validate
// reports it with identity's codes; a site postcode kept so is not also
// reported as missing.
func TestValidateReportsValuesKeptAsGiven(t *testing.T) {
	a := planningtest.NewApplication(councilkit.MustParseCouncil("E09000022"), "k1")
	a.Agent = &planning.Party{GivenNames: "Ann", FamilyName: "Agent", PostcodeText: "75001",
		Address: identity.Address{Lines: []string{"12 Rue de Rivoli"}, Town: "Paris"}}
	a.Site.Address.Postcode, a.Site.PostcodeText = identity.Postcode{}, "TBC"
	a.Site.Address.UPRN, a.Site.UPRNText = identity.UPRN{}, "not known"
	a.Site.USRNText = "X"
	err := a.Validate()
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	for _, w := range []struct {
		field string
		code  councilkit.Code
	}{
		{"agent.address.postcode", identity.CodeInvalidPostcode},
		{"site.address.postcode", identity.CodeInvalidPostcode},
		{"site.address.uprn", identity.CodeInvalidUPRN},
		{"site.usrn", identity.CodeInvalidUSRN},
	} {
		if !ve.Has(w.field, w.code) {
			t.Errorf("no %s at %s: %v", w.code, w.field, err)
		}
	}
	if ve.Has("site.address.postcode", councilkit.CodeRequired) {
		t.Error("a site postcode kept as given is reported missing")
	}
	for _, p := range ve.Problems {
		if p.Message.English == "" || p.Message.Welsh == "" {
			t.Errorf("%s: message %+v", p.Field, p.Message)
		}
	}
}
