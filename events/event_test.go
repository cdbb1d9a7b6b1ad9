package events_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/events"
)

var durham = councilkit.MustParseCouncil("E06000047")

// compile loads a published schema by file name.
func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	f, err := events.Schemas.Open("schemas/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, b []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(inst)
}

// fill sets every field of a payload to a non-zero value.
func fill(p any) {
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case f.Type() == reflect.TypeOf(calendar.Date{}):
			f.Set(reflect.ValueOf(calendar.MustDate(2027, time.March, 1)))
		case f.Kind() == reflect.String:
			f.SetString("x" + v.Type().Field(i).Name)
		case f.Kind() == reflect.Int, f.Kind() == reflect.Int64:
			f.SetInt(int64(i + 1))
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.Kind() == reflect.Slice:
			f.Set(reflect.ValueOf([]string{"a", "b"}))
		}
	}
}

// Every type's events, full and empty, are valid against the envelope
// schema and the type's own schema; and the schemas refuse what they must.
func TestEventsMatchPublishedSchemas(t *testing.T) {
	envelope := compile(t, "event.json")
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, typ := range events.Types() {
		data := compile(t, typ.Short()+".json")
		for _, full := range []bool{true, false} {
			p := typ.NewPayload()
			if full {
				fill(p)
			}
			e, err := events.New(durham, typ, "rec-1", at, events.Actor{Kind: events.ActorSystem, ID: "test"}, p)
			if err != nil {
				t.Fatalf("%s: %v", typ.Short(), err)
			}
			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(t, envelope, b); err != nil {
				t.Errorf("%s envelope: %v\n%s", typ.Short(), err, b)
			}
			if err := validate(t, data, e.Data); err != nil {
				t.Errorf("%s data: %v\n%s", typ.Short(), err, e.Data)
			}
			// Decode gives back the same payload, and re-encoding gives the
			// same bytes.
			back, bp, err := events.Decode(b)
			if err != nil {
				t.Fatalf("%s: Decode: %v", typ.Short(), err)
			}
			if !reflect.DeepEqual(bp, p) && full {
				t.Errorf("%s: payload %+v came back as %+v", typ.Short(), p, bp)
			}
			again, _ := json.Marshal(back)
			if !bytes.Equal(again, b) {
				t.Errorf("%s: re-encoding changed the event:\n%s\n%s", typ.Short(), b, again)
			}
		}
		// The data schema refuses an unknown field and a wrong type.
		if validate(t, data, []byte(`{"surprise": 1}`)) == nil {
			t.Errorf("%s schema accepts an unknown field", typ.Short())
		}
	}
	bad := []string{
		`{"specversion":"0.3"}`,
		strings.Replace(mustJSON(t, at), `"council":"E06000047"`, `"council":"nope"`, 1),
		strings.Replace(mustJSON(t, at), `"kind":"system"`, `"kind":"robot"`, 1),
	}
	for _, b := range bad {
		if validate(t, envelope, []byte(b)) == nil {
			t.Errorf("envelope schema accepts %s", b)
		}
	}
}

func mustJSON(t *testing.T, at time.Time) string {
	e, err := events.New(durham, events.PaymentSucceeded, "p1", at, events.Actor{Kind: events.ActorSystem}, &events.Payment{PaymentID: "p1"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(e)
	return string(b)
}

func TestNewRefuses(t *testing.T) {
	at := time.Now()
	if _, err := events.New(durham, "io.github.lgds.councilkit.nope.v1", "x", at, events.Actor{Kind: events.ActorSystem}, &events.Payment{}); !errors.Is(err, events.ErrUnknownType) {
		t.Errorf("unknown type: %v", err)
	}
	if _, err := events.New(durham, events.PaymentRefunded, "x", at, events.Actor{Kind: events.ActorSystem}, &events.Payment{}); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("wrong payload: %v", err)
	}
	if _, err := events.New(councilkit.Council{}, events.PaymentCreated, "x", at, events.Actor{Kind: events.ActorSystem}, events.Payment{}); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("no council: %v", err)
	}
	if _, err := events.New(durham, events.PaymentCreated, "", at, events.Actor{}, events.Payment{}); err == nil || !strings.Contains(err.Error(), "actor, subject") {
		t.Errorf("no subject or actor: %v", err)
	}
	// A payload by value is accepted as well as by pointer.
	if _, err := events.New(durham, events.PaymentCreated, "x", at, events.Actor{Kind: events.ActorResident}, events.Payment{}); err != nil {
		t.Errorf("payload by value: %v", err)
	}
}

func TestDecodeRefusesUnknownData(t *testing.T) {
	b := mustJSON(t, time.Now())
	b = strings.Replace(b, `"payment_id":"p1"`, `"payment_id":"p1","extra":true`, 1)
	if _, _, err := events.Decode([]byte(b)); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("Decode of unknown data field: %v", err)
	}
	if _, _, err := events.Decode([]byte(`not json`)); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("Decode of garbage: %v", err)
	}
}

// No payload has a field that would hold personal data.
func TestNoPersonalDataFields(t *testing.T) {
	banned := []string{"name", "address", "email", "phone", "birth", "dob", "nino", "insurance", "postcode", "uprn"}
	for _, typ := range events.Types() {
		rt := reflect.TypeOf(typ.NewPayload()).Elem()
		for i := range rt.NumField() {
			tag := strings.ToLower(rt.Field(i).Tag.Get("json"))
			for _, b := range banned {
				if strings.Contains(tag, b) {
					t.Errorf("%s.%s may hold personal data", rt.Name(), rt.Field(i).Name)
				}
			}
		}
	}
}

// New keeps the time in UTC to the microsecond, the precision PostgreSQL
// keeps, so that an event reads back from any log as it was made (the
// PostgreSQL log rebuilds the envelope from its columns).
func TestNewKeepsTimeToTheMicrosecondInUTC(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 7, 1, 10, 30, 15, 123456789, london)
	e, err := events.New(durham, events.PaymentCreated, "pay-1", at, events.Actor{Kind: events.ActorSystem}, events.Payment{PaymentID: "pay-1"})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 7, 1, 9, 30, 15, 123456000, time.UTC); e.Time != want {
		t.Errorf("Time = %v, want %v", e.Time, want)
	}
	if b, _ := json.Marshal(e); !bytes.Contains(b, []byte(`"time":"2026-07-01T09:30:15.123456Z"`)) {
		t.Errorf("envelope %s", b)
	}
}

// A time in the first microsecond of year 1 is not truncated to the zero
// time, which Validate would take for no time at all.
func TestNewKeepsATimeJustAfterTheZeroTime(t *testing.T) {
	at := time.Date(1, time.January, 1, 0, 0, 0, 1, time.UTC)
	e, err := events.New(durham, events.PaymentCreated, "pay-1", at, events.Actor{Kind: events.ActorSystem}, events.Payment{PaymentID: "pay-1"})
	if err != nil || !e.Time.Equal(at) {
		t.Errorf("New at %v = %v, %v", at, e.Time, err)
	}
}

// BenchmarkNew times making one event: a payment.created event, as a
// payments store makes for every payment it creates.
func BenchmarkNew(b *testing.B) {
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	d := events.Payment{PaymentID: "8f1c6c52-5b3e-4f4e-9a43-0b8c1d2e3f40", Reference: "REF-8f1c6c52", AmountPence: 4500,
		Status: "created", FundCode: "GW100", Provider: "sandbox"}
	actor := events.Actor{Kind: events.ActorSystem, ID: "bench"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := events.New(durham, events.PaymentCreated, d.PaymentID, at, actor, d); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNewIDs checks the IDs New gives: random (version 4) UUIDs of the
// RFC 9562 variant, in canonical form, none repeated, also when events
// are made concurrently (the random bits are buffered, each byte to be
// handed out once).
func TestNewIDs(t *testing.T) {
	const workers, each = 8, 2000
	at := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	d := events.Payment{PaymentID: "p", Reference: "R", AmountPence: 1, Status: "created"}
	ids := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range each {
				e, err := events.New(durham, events.PaymentCreated, "p", at, events.Actor{Kind: events.ActorSystem}, d)
				if err != nil {
					t.Error(err)
					return
				}
				ids[w] = append(ids[w], e.ID)
			}
		})
	}
	wg.Wait()
	seen := make(map[string]bool, workers*each)
	for _, ws := range ids {
		for _, id := range ws {
			u, err := uuid.Parse(id)
			if err != nil || u.String() != id || u.Version() != 4 || u.Variant() != uuid.RFC4122 {
				t.Fatalf("ID %q: %v, version %d, variant %v", id, err, u.Version(), u.Variant())
			}
			if seen[id] {
				t.Fatalf("ID %s given twice", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != workers*each {
		t.Fatalf("%d IDs, want %d", len(seen), workers*each)
	}
}
