package admissions

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"reflect"
	"testing"
)

// TestCodecs round-trips every enumerated value through text, JSON and SQL,
// and checks that bad input is an error, not a zero value.
func TestCodecs(t *testing.T) {
	type codec interface {
		encoding.TextMarshaler
	}
	values := []codec{
		Reception, Year7, Year13,
		Primary, Secondary, AllThrough, UnknownPhase,
		Unplaced, Ranked, EHCPlan, NearestWithPlace,
		NoOffer, Offered, Accepted,
		SingleTieBreak, MultipleTieBreak,
		URN(136789),
	}
	for _, v := range values {
		b, err := v.MarshalText()
		if err != nil {
			t.Errorf("%v: MarshalText: %v", v, err)
			continue
		}
		p := reflect.New(reflect.TypeOf(v))
		if err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText(b); err != nil || p.Elem().Interface() != v {
			t.Errorf("%T %v: text %q decodes to %v, %v", v, v, b, p.Elem().Interface(), err)
		}
		j, _ := json.Marshal(v)
		q := reflect.New(reflect.TypeOf(v))
		if err := json.Unmarshal(j, q.Interface()); err != nil || q.Elem().Interface() != v {
			t.Errorf("%T %v: JSON %s decodes to %v, %v", v, v, j, q.Elem().Interface(), err)
		}
		if dv, ok := v.(driver.Valuer); ok {
			val, err := dv.Value()
			s := reflect.New(reflect.TypeOf(v))
			if err != nil || s.Interface().(sql.Scanner).Scan(val) != nil || s.Elem().Interface() != v {
				t.Errorf("%T %v: SQL %v decodes to %v, %v", v, v, val, s.Elem().Interface(), err)
			}
		}
	}
	bad := []struct {
		into encoding.TextUnmarshaler
		text string
	}{
		{new(YearGroup), "14"}, {new(Phase), "grammar"}, {new(Basis), "lottery"},
		{new(Status), "maybe"}, {new(TieBreakMode), "double"}, {new(URN), "12345"},
	}
	for _, tt := range bad {
		if err := tt.into.UnmarshalText([]byte(tt.text)); err == nil {
			t.Errorf("%T accepted %q", tt.into, tt.text)
		}
	}
	if _, err := Phase(42).MarshalText(); err == nil {
		t.Error("Phase(42) encodes")
	}
	if _, err := YearGroup(14).Value(); err == nil {
		t.Error("YearGroup(14) has an SQL value")
	}
	var g YearGroup
	if err := g.Scan(int64(14)); err == nil {
		t.Error("YearGroup scanned 14")
	}
	var y SchoolYear
	if err := y.Scan(int64(2027)); err != nil || y != 2027 {
		t.Errorf("SchoolYear scan: %v, %v", y, err)
	}
	if err := y.Scan(nil); err != nil || y != 0 {
		t.Errorf("SchoolYear scan NULL: %v, %v", y, err)
	}
	if v, _ := SchoolYear(0).Value(); v != nil {
		t.Errorf("zero SchoolYear value %v", v)
	}
	if err := y.Scan("20x7"); err == nil {
		t.Error("SchoolYear scanned 20x7")
	}
}
