package fsm

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestBasisText(t *testing.T) {
	for b := BasisNone; b < numBases; b++ {
		txt, err := b.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Basis
		if err := back.UnmarshalText(txt); err != nil || back != b {
			t.Errorf("round trip %s: %v %v", b, back, err)
		}
		if b.Text().English == "" || b.Text().Welsh == "" {
			t.Errorf("%s has no English or Welsh name", b)
		}
	}
	if _, err := ParseBasis("free"); !errors.Is(err, ErrInvalidBasis) {
		t.Error(err)
	}
	if _, err := Basis(200).MarshalText(); err == nil {
		t.Error("out of range basis marshalled")
	}
	if !BasisChildTaxCredit.IsBenefit() || BasisUniversalInfant.IsBenefit() || BasisTransitionalProtection.IsBenefit() {
		t.Error("IsBenefit")
	}
}

func TestBenefitText(t *testing.T) {
	for b := BenefitUniversalCredit; b < numBenefits; b++ {
		txt, _ := b.MarshalText()
		var back Benefit
		if err := back.UnmarshalText(txt); err != nil || back != b {
			t.Errorf("round trip %s: %v %v", b, back, err)
		}
	}
	if _, err := ParseBenefit("unknown"); !errors.Is(err, ErrInvalidBenefit) {
		t.Error("unknown parsed")
	}
	if _, err := BenefitUnknown.MarshalText(); err == nil {
		t.Error("unknown marshalled")
	}
}

// The wire values of the DfE eligibility checking API's CheckEligibilityStatus.
func TestStatusWire(t *testing.T) {
	tests := []struct {
		s    Status
		wire string
	}{
		{StatusQueued, "queuedForProcessing"},
		{StatusEligible, "eligible"},
		{StatusNotEligible, "notEligible"},
		{StatusParentNotFound, "parentNotFound"},
		{StatusError, "error"},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.s)
		if err != nil || string(b) != `"`+tt.wire+`"` {
			t.Errorf("marshal %v = %s, %v", tt.s, b, err)
		}
		var back Status
		if err := json.Unmarshal(b, &back); err != nil || back != tt.s {
			t.Errorf("unmarshal %s = %v, %v", b, back, err)
		}
	}
	for _, old := range []string{"DwpError", "Error"} {
		if s, err := ParseStatus(old); err != nil || s != StatusError {
			t.Errorf("ParseStatus(%s) = %v, %v", old, s, err)
		}
	}
	if _, err := ParseStatus("maybe"); !errors.Is(err, ErrInvalidStatus) {
		t.Error(err)
	}
	if StatusQueued.Done() || StatusNone.Done() || !StatusParentNotFound.Done() {
		t.Error("Done")
	}
}

func TestEvidenceText(t *testing.T) {
	for e := EvidenceParentName; e < evidenceEnd; e++ {
		b, err := e.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Evidence
		if err := back.UnmarshalText(b); err != nil || back != e {
			t.Errorf("round trip %s", e)
		}
		if e.Text().Welsh == "" {
			t.Errorf("%s has no Welsh", e)
		}
	}
	if _, err := Evidence(0).MarshalText(); err == nil {
		t.Error("zero evidence marshalled")
	}
}
