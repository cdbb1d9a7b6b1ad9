package odp

import (
	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/planning"
)

// CodeFeeMismatch is the code of the problem Validate reports when the fee
// payable in an application is not the fee the Fees Regulations set for an
// application of its type made on its date.
const CodeFeeMismatch councilkit.Code = "fee_mismatch"

// Validate reports every problem with an application at once, as a
// *councilkit.ValidationError whose field names are the model's JSON names
// ("site.address.postcode"):
//
//   - planning's own checks (planning.Application.Validate), which report a
//     postcode that is not a UK one (an address abroad, free text) as
//     identity.CodeInvalidPostcode and a UPRN or USRN that is not one as
//     identity.CodeInvalidUPRN or CodeInvalidUSRN, kept as given;
//   - other values a document held that councilkit keeps in the payload
//     rather than refusing the document: an amount in fractions of a penny,
//     a number too large to hold or a date in the year 0000 is
//     councilkit.CodeInvalid (while the model still holds zero there);
//   - a fee payable that differs from the one planning.Calculate works out
//     for the application's type, date and claimed exemptions and
//     reductions (CodeFeeMismatch).
//
// The fee is not checked when the calculator does not model it or lacks a
// fact it needs (such as the category of development), when a free
// resubmission is claimed while the saved free-go rule could apply, or for an
// application made before the earliest fee schedule it holds: there
// planning.Calculate answers with a *planning.NoScheduleError.
func Validate(a *planning.Application) error {
	var ps councilkit.Problems
	ps.Merge("", a.Validate(), councilkit.InvalidText())
	if len(a.Source) > 0 {
		if root, err := decode(a.Source); err == nil {
			if _, kept, err := fromDoc(root); err == nil {
				seen := map[string]bool{}
				for _, k := range kept {
					if k.unfixed(a) && !seen[k.field] {
						seen[k.field] = true
						ps.Add(k.field, k.code, k.msg)
					}
				}
			}
		}
	}
	in := planning.FeeInputFor(a)
	// A free resubmission claimed while the saved free-go rule could still
	// apply depends on an earlier application the document does not
	// describe, so the fee cannot be checked.
	unknownFreeGo := in.FreeGo.Claimed && in.Made.Before(lastFreeGo)
	if b, err := planning.Calculate(in); err == nil && !unknownFreeGo && b.Total() != a.Fee.Payable {
		ps.Add("fee.payable", CodeFeeMismatch, feeMismatchText(a, b))
	}
	return ps.Err()
}

// lastFreeGo is the day after the last on which a free resubmission could
// be made: S.I. 2023/1197 regs. 4 and 5 revoked the free go from 6 December
// 2023, saving it where the 12-month period began no later than 5 December
// 2023, so the last period ended on 5 December 2024.
var lastFreeGo = calendar.MustDate(2024, 12, 6)

func feeMismatchText(a *planning.Application, b planning.Breakdown) councilkit.Text {
	return text("fee.mismatch", "given", a.Fee.Payable.String(), "want", b.Total().String())
}
