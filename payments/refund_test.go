package payments_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/payments"
)

// An officer must say why they refund (issue 19: "refunds need a reason");
// a request without one is refused with every problem at once, in English
// and Welsh, and nothing is refunded.
func TestRefundRequestValidate(t *testing.T) {
	long := strings.Repeat("ŵ", payments.MaxRefundReasonLen+1)
	for _, tc := range []struct {
		name string
		req  payments.RefundRequest
		want map[string]councilkit.Code // field: code
	}{
		{"valid", payments.RefundRequest{Amount: payments.Pence(1), Reason: "Paid twice", Key: "k-1"}, nil},
		{"valid without a key", payments.RefundRequest{Amount: payments.Pence(1), Reason: "Paid twice"}, nil},
		{"a reason of several lines", payments.RefundRequest{Amount: payments.Pence(1), Reason: "Paid twice.\r\nSee CT-1.\tRefund the second."}, nil},
		{"a reason at the limit", payments.RefundRequest{Amount: payments.Pence(1), Reason: payments.RefundReason(long[len("ŵ"):])}, nil},
		{"no reason", payments.RefundRequest{Amount: payments.Pence(1)}, map[string]councilkit.Code{"reason": councilkit.CodeRequired}},
		{"a blank reason", payments.RefundRequest{Amount: payments.Pence(1), Reason: " \n\t "}, map[string]councilkit.Code{"reason": councilkit.CodeRequired}},
		{"a reason too long", payments.RefundRequest{Amount: payments.Pence(1), Reason: payments.RefundReason(long)}, map[string]councilkit.Code{"reason": councilkit.CodeTooLong}},
		{"a reason with a control character", payments.RefundRequest{Amount: payments.Pence(1), Reason: "Paid\x00twice"}, map[string]councilkit.Code{"reason": councilkit.CodeInvalid}},
		{"a reason that is not UTF-8", payments.RefundRequest{Amount: payments.Pence(1), Reason: "Paid \xff"}, map[string]councilkit.Code{"reason": councilkit.CodeInvalid}},
		{"every problem at once", payments.RefundRequest{Reason: "", Key: "not a key"}, map[string]councilkit.Code{
			"amount": councilkit.CodeTooSmall, "reason": councilkit.CodeRequired, "idempotency_key": payments.CodeIdempotencyKey}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			var ve *councilkit.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want a *councilkit.ValidationError", err)
			}
			if len(ve.Problems) != len(tc.want) {
				t.Errorf("problems %v, want %v", ve.Problems, tc.want)
			}
			for field, code := range tc.want {
				if !ve.Has(field, code) {
					t.Errorf("no %s problem with %s in %v", code, field, ve.Problems)
				}
			}
			for _, p := range ve.Problems {
				if p.Message.English == "" || p.Message.Welsh == "" {
					t.Errorf("problem %v lacks English or Welsh", p)
				}
				if strings.Contains(p.Message.English+p.Message.Welsh, "Paid") {
					t.Errorf("message repeats the reason: %v", p.Message)
				}
			}
		})
	}
	var ve *councilkit.ValidationError
	if err := (payments.RefundRequest{Amount: payments.Pence(1)}).Validate(); errors.As(err, &ve) {
		if got := ve.Problems[0].Message; got.English != "Enter the reason for the refund" || got.Welsh != "Rhowch y rheswm dros yr ad-daliad" {
			t.Errorf("missing reason message = %+v", got)
		}
	}
}

func TestParseRefundReason(t *testing.T) {
	r, err := payments.ParseRefundReason("  Paid twice\n")
	if err != nil || r != "Paid twice" || r.Text() != "Paid twice" {
		t.Errorf("ParseRefundReason = %q, %v; want it trimmed", r, err)
	}
	if _, err := payments.ParseRefundReason(""); !errors.Is(err, councilkit.ErrValidation) {
		t.Errorf("ParseRefundReason of nothing = %v", err)
	}
}

// Service.Refund stores the reason and who asked with the refund, refuses
// a request without a reason before anything happens, and treats the same
// key with another reason as another request.
func TestRefundRecordsReasonAndRequester(t *testing.T) {
	f := newFixture()
	p := f.paid(t, "refund-reason")
	officer := events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}
	ctx := events.WithActor(context.Background(), officer)

	_, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(5), Key: "r-1"})
	var ve *councilkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has("reason", councilkit.CodeRequired) {
		t.Fatalf("Refund without a reason = %v, want a reason problem", err)
	}
	_, err = f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pence(0)})
	if !errors.Is(err, payments.ErrInvalidAmount) || !errors.As(err, &ve) || !ve.Has("reason", councilkit.CodeRequired) {
		t.Errorf("Refund of nothing without a reason = %v, want ErrInvalidAmount and both problems", err)
	}
	if got, _ := f.svc.Get(ctx, durham, p.ID); len(got.Refunds) != 0 {
		t.Fatalf("a refused request made a refund: %+v", got.Refunds)
	}

	r, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(5), Key: "r-1", Reason: "  Paid twice: see CT-1  "})
	if err != nil {
		t.Fatal(err)
	}
	if r.Reason != "Paid twice: see CT-1" || r.RequestedBy != officer {
		t.Errorf("refund reason %q, requested by %+v", r.Reason.Text(), r.RequestedBy)
	}
	got, _ := f.svc.Get(ctx, durham, p.ID)
	if s := got.Refunds[0]; s.Reason != r.Reason || s.RequestedBy != officer {
		t.Errorf("stored refund: reason %q, requested by %+v", s.Reason.Text(), s.RequestedBy)
	}
	// A retry with the same key and reason is the same refund; with
	// another reason it is another request.
	if again, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(5), Key: "r-1", Reason: "Paid twice: see CT-1"}); err != nil || again.ID != r.ID {
		t.Errorf("retry = %v, %v; want refund %s", again.ID, err, r.ID)
	}
	if _, err := f.svc.Refund(ctx, durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(5), Key: "r-1", Reason: "Something else"}); !errors.Is(err, payments.ErrIdempotencyConflict) {
		t.Errorf("same key, another reason = %v, want ErrIdempotencyConflict", err)
	}
	// A caller that names no one records the system as the requester.
	r2, err := f.svc.Refund(context.Background(), durham, p.ID, payments.RefundRequest{Amount: payments.Pounds(1), Reason: "Scheduled refund of an overpayment"})
	if err != nil {
		t.Fatal(err)
	}
	if r2.RequestedBy != (events.Actor{Kind: events.ActorSystem}) {
		t.Errorf("requested by %+v, want the system", r2.RequestedBy)
	}
	// No event carries the reason.
	rs, _ := f.store.EventLog().Subject(ctx, durham, p.ID)
	for _, rec := range rs {
		if strings.Contains(string(rec.Event.Data), "twice") || strings.Contains(string(rec.Event.Data), "overpayment") {
			t.Errorf("event %s carries the reason: %s", rec.Event.Type.Short(), rec.Event.Data)
		}
	}
}

// The reason is personal data: printing a refund, its reason or the
// payment with any verb, or logging them, never shows the words.
func TestRefundReasonNeverPrinted(t *testing.T) {
	const words = "Mrs Jones is in hospital"
	r := payments.Refund{ID: "r1", Amount: payments.Pence(500), Status: payments.RefundSuccess, Reason: words,
		RequestedBy: events.Actor{Kind: events.ActorOfficer, ID: "officer-7"}}
	p := &payments.Payment{ID: "p1", Refunds: []payments.Refund{r}}
	var buf bytes.Buffer
	for _, v := range []any{r, &r, r.Reason, p, *p} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, "Jones") {
				t.Errorf("%T with %s shows the reason: %s", v, verb, out)
			}
		}
		slog.New(slog.NewTextHandler(&buf, nil)).Info("refund", "v", v)
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("refund", "v", v)
	}
	if strings.Contains(buf.String(), "Jones") {
		t.Errorf("log shows the reason:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "officer-7") {
		t.Errorf("log of a refund leaves out who asked:\n%s", buf.String())
	}
	if r.Reason.Text() != words {
		t.Errorf("Text = %q", r.Reason.Text())
	}
}
