package fsm

import (
	"errors"
	"github.com/lgds/councilkit/identity"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

func TestValidate(t *testing.T) {
	asAt := d("2025-10-01")
	tests := []struct {
		name  string
		edit  func(*Application)
		field string
		code  councilkit.Code
	}{
		{"no NINO and no NASS", func(a *Application) { a.Parent.NINO = identity.NINO{} }, FieldParentNINO, CodeNINOOrNASSRequired},
		{"NINO and NASS", func(a *Application) { a.Parent.NASS = testNASSParent(t).NASS }, FieldParentNINO, CodeNINOAndNASS},
		{"no family name", func(a *Application) { a.Parent.Person.FamilyName = "" }, FieldParentFamilyName, councilkit.CodeRequired},
		{"blank family name", func(a *Application) { a.Parent.Person.FamilyName = "  " }, FieldParentFamilyName, councilkit.CodeRequired},
		{"long family name", func(a *Application) { a.Parent.Person.FamilyName = strings.Repeat("ŵ", 101) }, FieldParentFamilyName, councilkit.CodeTooLong},
		{"no parent date of birth", func(a *Application) { a.Parent.Person.DateOfBirth = zeroDate() }, FieldParentDateOfBirth, councilkit.CodeRequired},
		{"parent born in the future", func(a *Application) { a.Parent.Person.DateOfBirth = d("2025-10-02") }, FieldParentDateOfBirth, councilkit.CodeInFuture},
		{"child born in the future", func(a *Application) { a.Child.Person.DateOfBirth = d("2025-10-02") }, FieldChildDateOfBirth, councilkit.CodeInFuture},
		{"no child date of birth", func(a *Application) { a.Child.Person.DateOfBirth = zeroDate() }, FieldChildDateOfBirth, councilkit.CodeRequired},
		{"negative earnings", func(a *Application) {
			a.Circumstances.Benefits = []Benefit{BenefitUniversalCredit}
			a.Circumstances.UniversalCreditEarnings = pence(100, -1)
		}, FieldUniversalCreditEarned + "[1]", councilkit.CodeTooSmall},
		{"four periods", func(a *Application) { a.Circumstances.UniversalCreditEarnings = pence(1, 2, 3, 4) }, FieldUniversalCreditEarned, councilkit.CodeTooLarge},
		{"negative tax credit income", func(a *Application) {
			a.Circumstances.Benefits = []Benefit{BenefitChildTaxCredit}
			a.Circumstances.ChildTaxCreditIncome = amt(-1)
		}, FieldChildTaxCreditIncome, councilkit.CodeTooSmall},
		{"unknown benefit", func(a *Application) { a.Circumstances.Benefits = []Benefit{BenefitUnknown} }, FieldBenefits + "[0]", councilkit.CodeInvalidChoice},
		{"duplicate benefit", func(a *Application) {
			a.Circumstances.Benefits = []Benefit{BenefitIncomeSupport, BenefitIncomeSupport}
		}, FieldBenefits + "[1]", councilkit.CodeDuplicate},
		{"year offset", func(a *Application) { a.Child.YearOffset = 3 }, FieldChildYearOffset, councilkit.CodeTooLarge},
		{"eligible since after the decision", func(a *Application) { a.Circumstances.EligibleSince = d("2025-10-02") }, FieldEligibleSince, councilkit.CodeInFuture},
		// Facts the rules in force need (Decide only).
		{"universal credit without earnings", func(a *Application) {
			a.Circumstances.Benefits = []Benefit{BenefitUniversalCredit}
		}, FieldUniversalCreditEarned, councilkit.CodeRequired},
		{"child tax credit without income", func(a *Application) {
			a.Circumstances.Benefits = []Benefit{BenefitChildTaxCredit}
		}, FieldChildTaxCreditIncome, councilkit.CodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := &Application{Parent: testParent(t), Child: testChild(juniorDOB)}
			tt.edit(app)
			dec, err := Decide(app, asAt)
			if dec != nil {
				t.Errorf("Decide returned a decision with an error")
			}
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, councilkit.ErrValidation) {
				t.Fatalf("err = %v, want *councilkit.ValidationError", err)
			}
			if !ve.Has(tt.field, tt.code) {
				t.Fatalf("problems = %v, want %s %s", ve.Problems, tt.field, tt.code)
			}
			for _, p := range ve.Problems {
				if p.Message.English == "" || p.Message.Welsh == "" || p.Message.English == p.Message.Welsh {
					t.Errorf("problem %s %s lacks an English and a Welsh message: %+v", p.Field, p.Code, p.Message)
				}
			}
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	app := &Application{
		Child:         testChild("2030-01-01"),
		Circumstances: Circumstances{UniversalCreditEarnings: pence(-5)},
	}
	err := app.Validate(d("2025-10-01"))
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []struct {
		field string
		code  councilkit.Code
	}{
		{FieldParentFamilyName, councilkit.CodeRequired},
		{FieldParentDateOfBirth, councilkit.CodeRequired},
		{FieldParentNINO, CodeNINOOrNASSRequired},
		{FieldChildDateOfBirth, councilkit.CodeInFuture},
		{FieldUniversalCreditEarned + "[0]", councilkit.CodeTooSmall},
	} {
		if !ve.Has(want.field, want.code) {
			t.Errorf("missing %s %s in %v", want.field, want.code, ve.Problems)
		}
	}
	if len(ve.Problems) != 5 {
		t.Errorf("%d problems, want 5: %v", len(ve.Problems), ve.Problems)
	}
}

func TestValidateOK(t *testing.T) {
	app := &Application{Parent: testParent(t), Child: testChild(juniorDOB)}
	if err := app.Validate(d("2025-10-01")); err != nil {
		t.Fatal(err)
	}
	// A child born on the day of the decision is not born in the future.
	app.Child = testChild("2025-10-01")
	if err := app.Validate(d("2025-10-01")); err != nil {
		t.Fatal(err)
	}
}
