// Package forms checks a service's own form structs with validator struct
// tags (github.com/go-playground/validator/v10) that know councilkit's
// identifiers and money, and reports every problem at once as a
// *councilkit.ValidationError, with a stable code and an English and Welsh
// message per problem: the same problems the domain packages report, so a
// supplier's garden waste or bulky waste form reads like councilkit's own.
//
//	type GardenWaste struct {
//		Postcode string `json:"postcode" validate:"required,postcode"`
//		UPRN     string `json:"uprn" validate:"omitempty,uprn"`
//		Bins     int    `json:"bins" validate:"min=1,max=5"`
//	}
//	err := forms.Validate(GardenWaste{...}) // nil, or every problem at once
//
// # Tags
//
// The tags apply to string fields and accept exactly what the matching
// parser accepts: postcode ([identity.ParsePostcode]), nino
// ([identity.ParseNINO]), uprn, usrn, nhs_number, upn, gss (a council's GSS
// code, [councilkit.ParseCouncil]), urn (a school's URN,
// [admissions.ParseURN]) and gbp (pounds and pence, not negative,
// [payments.ParseAmount]). An empty string fails them; write
// "omitempty,postcode" for an optional field. Every built-in validator tag
// works too, with councilkit's messages for required, max, min, len, oneof,
// email, url and unique, as does councilkit's notblank ([councilkit.TagNotBlank]:
// required, with text of only spaces counted as empty).
//
// councilkit's own request types use the same tags through
// [councilkit.ValidateStruct] (this package imports the domain packages, so
// they cannot import it), and report the same problems.
//
// # Rules that are law
//
// Tags suit the shape of input. A rule that comes from a statute (who is
// eligible, what a fee is, which date a period ends) belongs in the domain
// package's code, with its source cited, not in a tag.
package forms
