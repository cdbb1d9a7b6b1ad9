package planning

import (
	"database/sql"
	"database/sql/driver"
	"testing"
)

// Each code type round-trips through its SQL form, NULL included, and
// rejects what it cannot hold.
func TestSQLCodes(t *testing.T) {
	check := func(name string, v driver.Valuer, s sql.Scanner, want driver.Value, got func() any, orig any) {
		t.Helper()
		dv, err := v.Value()
		if err != nil || dv != want {
			t.Errorf("%s: Value = %v, %v; want %v", name, dv, err, want)
		}
		if err := s.Scan(dv); err != nil || got() != orig {
			t.Errorf("%s: Scan(%v) = %v, %v", name, dv, got(), err)
		}
		if err := s.Scan(42); err == nil {
			t.Errorf("%s: Scan(42) accepted", name)
		}
		if err := s.Scan([]byte("no such thing")); err == nil {
			t.Errorf("%s: Scan(no such thing) accepted", name)
		}
	}
	var st State
	check("state", StateAwaitingDetermination, &st, "awaiting_determination", func() any { return st }, StateAwaitingDetermination)
	check("no state", StateNone, &st, "none", func() any { return st }, StateNone)
	var d Decision
	check("decision", DecisionRefused, &d, "refused", func() any { return d }, DecisionRefused)
	check("no decision", DecisionNone, &d, "none", func() any { return d }, DecisionNone)
	var c Certificate
	check("certificate", CertificateC, &c, "c", func() any { return c }, CertificateC)
	check("no certificate", CertificateNone, &c, "none", func() any { return c }, CertificateNone)
	var fc FeeCategory
	check("category", CategoryChangeOfUse, &fc, "change_of_use", func() any { return fc }, CategoryChangeOfUse)
	check("no category", CategoryNone, &fc, "none", func() any { return fc }, CategoryNone)
	// NULL, as versions before the zero values had names stored them,
	// still reads as the zero value.
	for name, sc := range map[string]interface {
		sql.Scanner
		driver.Valuer
	}{"state": &st, "decision": &d, "certificate": &c, "category": &fc} {
		if err := sc.Scan(nil); err != nil {
			t.Errorf("%s: Scan(NULL): %v", name, err)
		}
		if v, _ := sc.Value(); v != "none" {
			t.Errorf("%s: Scan(NULL) gave %v, want the zero value", name, v)
		}
	}
}
