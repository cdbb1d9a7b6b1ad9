package fsm

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestParseNASSNumber(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"240712349", "240712349", true},
		{"24/07/12349", "240712349", true},
		{" 24 07 12349 ", "240712349", true},
		{"20/02/1234", "20021234", true},
		{"1234567", "", false},
		{"12345678901", "", false},
		{"24O712349", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		n, err := ParseNASSNumber(tt.in)
		if (err == nil) != tt.ok || n.String() != tt.want {
			t.Errorf("ParseNASSNumber(%q) = %q, %v", tt.in, n, err)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidNASSNumber) {
				t.Errorf("error %v does not wrap ErrInvalidNASSNumber", err)
			}
			if tt.in != "" && strings.Contains(err.Error(), tt.in) {
				t.Errorf("error %q repeats the input", err)
			}
		}
	}
}

func TestNASSNumberRedacted(t *testing.T) {
	n, _ := ParseNASSNumber("240712349")
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("check", "nass", n)
	if strings.Contains(buf.String(), "2407") {
		t.Errorf("log shows the number: %s", buf.String())
	}
}

func TestNASSNumberSQLAndText(t *testing.T) {
	n, _ := ParseNASSNumber("240712349")
	v, err := n.Value()
	if err != nil || v != "240712349" {
		t.Fatalf("Value = %v, %v", v, err)
	}
	var back NASSNumber
	if err := back.Scan([]byte("240712349")); err != nil || back != n {
		t.Fatalf("Scan = %v, %v", back, err)
	}
	if err := back.Scan(nil); err != nil || !back.IsZero() {
		t.Fatalf("Scan(nil) = %v, %v", back, err)
	}
	if v, _ := back.Value(); v != nil {
		t.Errorf("zero Value = %v", v)
	}
	if err := back.Scan(42); err == nil {
		t.Error("Scan(int) accepted")
	}
	if err := back.UnmarshalText([]byte("x")); err == nil {
		t.Error("UnmarshalText accepted x")
	}
}

func FuzzParseNASSNumber(f *testing.F) {
	f.Add("240712349")
	f.Add("24/07/12349")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNASSNumber(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidNASSNumber) {
				t.Fatalf("error %v does not wrap ErrInvalidNASSNumber", err)
			}
			// The message is fixed text; an input made of digits must
			// never appear in it.
			if strings.ContainsAny(s, "0123456789") && len(s) >= 4 && strings.Contains(err.Error(), s) {
				t.Fatalf("error %q repeats the input", err)
			}
			return
		}
		again, err := ParseNASSNumber(n.String())
		if err != nil || again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", s, n, again, err)
		}
		if l := len(n.String()); l < nassMinDigits || l > nassMaxDigits {
			t.Fatalf("%q has %d digits", n, l)
		}
	})
}

func TestApplicationLogRedacted(t *testing.T) {
	app := Application{Parent: testParent(t), Child: testChild("2015-05-01"),
		Circumstances: Circumstances{Benefits: []Benefit{BenefitIncomeSupport}}}
	app.Child.Person.GivenNames = "Zebedee"
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("decide", "app", app, "req", app.Parent.CheckRequest())
	// A bulk check's results carry the requests; they log redacted too,
	// through both handlers.
	res := CheckResult{Request: app.Parent.CheckRequest(), Status: StatusEligible}
	log.Info("bulk", "result", res)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("bulk", "result", res)
	out := buf.String()
	for _, secret := range []string{"AB123456C", "Jones", "Zebedee", "1990-01-01", "2015-05-01"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "income_support") {
		t.Errorf("log lost the benefits: %s", out)
	}
}
