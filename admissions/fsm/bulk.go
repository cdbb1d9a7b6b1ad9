package fsm

import (
	"context"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// DecideAll decides a whole list of applications, such as a school's
// register: it checks every parent in one bulk check on c, waits for the
// answers (polling every interval), records each answer as the
// application's CheckStatus and decides each as at asAt. The applications
// are not modified; decisions come back in the same order.
//
// Problems with any application are returned together as one
// *councilkit.ValidationError, with fields prefixed by the application's
// index ("[3].parent.national_insurance_number"), before anything is sent.
func DecideAll(ctx context.Context, c Checker, council councilkit.Council, apps []Application, asAt calendar.Date, every time.Duration) ([]*Decision, error) {
	if _, err := rulesAt(asAt); err != nil {
		return nil, err
	}
	var ps councilkit.Problems
	reqs := make([]CheckRequest, len(apps))
	for i := range apps {
		var one councilkit.Problems
		apps[i].validate(&one, asAt)
		ps.Merge(councilkit.IndexField("", i), one.Err(), councilkit.InvalidText())
		reqs[i] = apps[i].Parent.CheckRequest()
	}
	if len(apps) == 0 {
		ps.Add("", councilkit.CodeTooSmall, textBulkEmpty)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	id, err := c.SubmitBulk(ctx, council, reqs)
	if err != nil {
		return nil, err
	}
	results, err := WaitBulk(ctx, c, council, id, every)
	if err != nil {
		return nil, err
	}
	if len(results) != len(apps) {
		return nil, fmt.Errorf("%w: %d answers to %d checks", ErrBadResponse, len(results), len(apps))
	}
	out := make([]*Decision, len(apps))
	for i := range apps {
		app := apps[i]
		app.Circumstances.CheckStatus = results[i].Status
		d, err := Decide(&app, asAt)
		if err != nil {
			// Facts the rules need but the application lacks.
			ps.Merge(councilkit.IndexField("", i), err, councilkit.InvalidText())
			continue
		}
		out[i] = d
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
