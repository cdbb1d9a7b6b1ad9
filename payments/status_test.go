package payments

import (
	"errors"
	"testing"
)

// The lifecycle and the finished flag are GOV.UK Pay's: API reference,
// "Payment status meanings" (https://docs.payments.service.gov.uk/api_reference/#payment-status-meanings):
// created, started, submitted and capturable are not finished; success,
// failed, cancelled and error are.
func TestStatusNamesAndFinished(t *testing.T) {
	tests := []struct {
		s        Status
		name     string
		finished bool
	}{
		{StatusCreated, "created", false},
		{StatusStarted, "started", false},
		{StatusSubmitted, "submitted", false},
		{StatusCapturable, "capturable", false},
		{StatusSuccess, "success", true},
		{StatusFailed, "failed", true},
		{StatusCancelled, "cancelled", true},
		{StatusError, "error", true},
	}
	if len(tests) != len(AllStatuses()) {
		t.Fatalf("test covers %d statuses, package has %d", len(tests), len(AllStatuses()))
	}
	for _, tt := range tests {
		if tt.s.String() != tt.name || tt.s.Finished() != tt.finished {
			t.Errorf("%v: String %q Finished %v", tt.s, tt.s.String(), tt.s.Finished())
		}
		got, err := ParseStatus(tt.name)
		if err != nil || got != tt.s {
			t.Errorf("ParseStatus(%q) = %v, %v", tt.name, got, err)
		}
		b, _ := tt.s.MarshalText()
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != tt.s {
			t.Errorf("text round trip of %v = %v, %v", tt.s, back, err)
		}
		if tt.s.Label().English == "" || tt.s.Label().Welsh == "" {
			t.Errorf("%v has no label", tt.s)
		}
	}
	var zero Status
	if zero.IsValid() || zero.Finished() {
		t.Error("zero status is valid or finished")
	}
	// The zero status is written as "unknown", like any other, but
	// ParseStatus, which reads GOV.UK Pay's statuses, refuses it; a value
	// that is not a status cannot be written.
	if b, err := zero.MarshalText(); err != nil || string(b) != "unknown" {
		t.Errorf("MarshalText of zero: %q %v", b, err)
	}
	if _, err := Status(200).MarshalText(); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("MarshalText of Status(200): %v", err)
	}
	for _, bad := range []string{"", "paid", "SUCCESSFUL", "expired", "unknown"} {
		if _, err := ParseStatus(bad); !errors.Is(err, ErrInvalidStatus) {
			t.Errorf("ParseStatus(%q) error %v", bad, err)
		}
	}
	if s, err := ParseStatus("SUCCESS"); err != nil || s != StatusSuccess {
		t.Errorf("ParseStatus ignores case: %v %v", s, err)
	}
}

// The full transition table, written out so that a change to it is a
// deliberate change to this test.
func TestTransitionTable(t *testing.T) {
	C, St, Su, Ca, OK, F, X, E := StatusCreated, StatusStarted, StatusSubmitted, StatusCapturable, StatusSuccess, StatusFailed, StatusCancelled, StatusError
	allowed := map[Status][]Status{
		C:  {St, Su, Ca, OK, F, X, E},
		St: {Su, Ca, OK, F, X, E},
		Su: {Ca, OK, F, X, E},
		Ca: {OK, F, X, E},
		OK: {}, F: {}, X: {}, E: {},
	}
	for _, from := range AllStatuses() {
		for _, to := range AllStatuses() {
			want := false
			for _, a := range allowed[from] {
				if a == to {
					want = true
				}
			}
			if got := CanTransition(from, to); got != want {
				t.Errorf("CanTransition(%v, %v) = %v, want %v", from, to, got, want)
			}
		}
		if CanTransition(from, Status(0)) || CanTransition(Status(0), from) || CanTransition(from, Status(200)) {
			t.Errorf("transition with an invalid status allowed from %v", from)
		}
	}
}

// Failure codes: API reference, "Errors caused by payment statuses".
func TestFailureCodes(t *testing.T) {
	tests := []struct {
		code   FailureCode
		status Status
	}{
		{FailureRejected, StatusFailed},
		{FailureExpired, StatusFailed},
		{FailureCancelledByUser, StatusFailed},
		{FailureCancelledByService, StatusCancelled},
		{FailureProviderError, StatusError},
	}
	for _, tt := range tests {
		if !tt.code.Known() || tt.code.Status() != tt.status || tt.code.Message().Welsh == "" {
			t.Errorf("%s: Known %v Status %v", tt.code, tt.code.Known(), tt.code.Status())
		}
		if c, err := ParseFailureCode(string(tt.code)); err != nil || c != tt.code {
			t.Errorf("ParseFailureCode(%s) = %v, %v", tt.code, c, err)
		}
	}
	if c, err := ParseFailureCode("P0060"); err != nil || c.Known() || c.Status().IsValid() {
		t.Errorf("unknown well-formed code: %v, %v", c, err)
	}
	for _, bad := range []string{"", "P010", "X0010", "P00A0", "P00100"} {
		if _, err := ParseFailureCode(bad); !errors.Is(err, ErrInvalidStatus) {
			t.Errorf("ParseFailureCode(%q) error %v", bad, err)
		}
	}
}

func TestRefundStatus(t *testing.T) {
	for _, s := range []RefundStatus{RefundSubmitted, RefundSuccess, RefundError} {
		got, err := ParseRefundStatus(s.String())
		if err != nil || got != s {
			t.Errorf("ParseRefundStatus(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseRefundStatus("refunded"); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("bad refund status: %v", err)
	}
}

func BenchmarkTransition(b *testing.B) {
	b.ReportAllocs()
	p := &Payment{Status: StatusCreated, Events: make([]Event, 0, 8)}
	var now = p.CreatedAt
	for b.Loop() {
		p.Status = StatusCreated
		p.Events = p.Events[:0]
		p.CapturedAt = now
		if _, err := p.Observe(Observation{Status: StatusSuccess, Source: "provider"}, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCanTransition(b *testing.B) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if CanTransition(StatusSubmitted, StatusSuccess) {
			n++
		}
	}
	_ = n
}
