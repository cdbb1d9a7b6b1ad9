package planning

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit/internal/enumtest"
)

// Every enum in the package, its zero value included, has a readable name
// that String, MarshalText and JSON write the same way and that reads back
// to the same value (issue 16: "every enum must name its zero value
// readably in errors and JSON, and encode the same way whether it is zero
// or not").
func TestEnumsRoundTrip(t *testing.T) {
	t.Run("State", func(t *testing.T) { enumtest.RoundTrip(t, enumtest.Upto(StateAppealWithdrawn), ParseState) })
	t.Run("Decision", func(t *testing.T) { enumtest.RoundTrip(t, enumtest.Upto(DecisionSplit), ParseDecision) })
	t.Run("Certificate", func(t *testing.T) { enumtest.RoundTrip[Certificate](t, enumtest.Upto(CertificateD), nil) })
	t.Run("FeeCategory", func(t *testing.T) { enumtest.RoundTrip[FeeCategory](t, enumtest.Upto(CategoryChangeOfUse), nil) })
	t.Run("AdvertKind", func(t *testing.T) { enumtest.RoundTrip[AdvertKind](t, enumtest.Upto(AdvertOther), nil) })
	t.Run("FeeRule", func(t *testing.T) { enumtest.RoundTrip[FeeRule](t, enumtest.Upto(FeePerHome), nil) })
	t.Run("Kind", func(t *testing.T) { enumtest.RoundTrip[Kind](t, enumtest.Upto(KindComplianceConfirmation), nil) })
	t.Run("LineKind", func(t *testing.T) { enumtest.RoundTrip(t, enumtest.Upto(LineSportsClub), ParseLineKind) })
	t.Run("NoticeKind", func(t *testing.T) { enumtest.RoundTrip[NoticeKind](t, enumtest.Upto(NoticeEIA), nil) })
	t.Run("AppealGround", func(t *testing.T) { enumtest.RoundTrip[AppealGround](t, enumtest.Upto(AppealNonDetermination), nil) })
	t.Run("MediaType", func(t *testing.T) { enumtest.RoundTrip[MediaType](t, enumtest.Upto(MediaPNG), nil) })
	t.Run("CommentKind", func(t *testing.T) { enumtest.RoundTrip[CommentKind](t, enumtest.Upto(CommentOther), nil) })
	t.Run("Stance", func(t *testing.T) { enumtest.RoundTrip[Stance](t, enumtest.Upto(StanceNeutral), nil) })
	t.Run("ApplicationType", func(t *testing.T) {
		enumtest.RoundTrip[ApplicationType](t, append([]ApplicationType{TypeNone}, ApplicationTypes()...), nil)
	})
}

// The first move of an application whose state was never set names the
// state it is in, not an empty string (issue 16: "cannot move an
// application from  to valid").
func TestTransitionErrorNamesZeroState(t *testing.T) {
	var l Lifecycle
	err := l.Move(Transition{To: StateValid, By: "officer", At: time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)})
	if !errors.Is(err, ErrIllegalTransition) {
		t.Fatalf("err = %v", err)
	}
	if got, want := err.Error(), "planning: cannot move an application from none to valid"; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	if strings.Contains(err.Error(), "  ") {
		t.Errorf("error %q has an empty state name", err)
	}
}
