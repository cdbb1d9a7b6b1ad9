package councilkit_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// The README's quick start: a council, its working-day calendar, and a form
// checked with every problem reported at once in English and Welsh.
func Example_quickStart() {
	council, err := councilkit.ParseCouncil("W06000015") // Cardiff
	if err != nil {
		fmt.Println(err)
		return
	}
	cal := calendar.New(calendar.RegionOf(council)) // England and Wales bank holidays

	received := calendar.MustDate(2026, time.December, 24)
	due := cal.AddWorkingDays(received, 20) // Christmas, Boxing Day and New Year skipped
	fmt.Println(council.Kind(), due)

	var ps councilkit.Problems
	ps.Add("child.name", councilkit.CodeRequired, councilkit.Text{
		English: "Enter the child's full name",
		Welsh:   "Rhowch enw llawn y plentyn",
	})
	var ve *councilkit.ValidationError
	if errors.As(ps.Err(), &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.Field, p.Code, p.Message.In(councilkit.Welsh))
		}
	}
	// Output:
	// Welsh principal area 2027-01-26
	// child.name required Rhowch enw llawn y plentyn
}
