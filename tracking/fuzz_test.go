package tracking_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/lgds/councilkit/events"
	"github.com/lgds/councilkit/tracking"
)

// Whatever the data of an event of any type, a timeline is an item, a
// missing record or an error wrapping events.ErrInvalid: never a panic,
// and never an item without a status.
func FuzzTimeline(f *testing.F) {
	f.Add(uint8(0), uint8(1), []byte(`{"payment_id":"p","amount_pence":4500,"status":"success"}`))
	f.Add(uint8(5), uint8(1), []byte(`{"refunded_pence":-1}`))
	f.Add(uint8(7), uint8(2), []byte(`{"school_year":2027,"entry_year":"7","received":"2026-10-20"}`))
	f.Add(uint8(7), uint8(2), []byte(`{"school_year":99999,"entry_year":"R"}`))
	f.Add(uint8(8), uint8(2), []byte(`{"offer_day":"2027-03-01","respond_by":"0001-01-01"}`))
	f.Add(uint8(11), uint8(2), []byte(`{"position":-3}`))
	f.Add(uint8(12), uint8(3), []byte(`{"eligible":true,"review_on":"9999-12-31"}`))
	f.Add(uint8(17), uint8(4), []byte(`{"application_type":"pp.full.householder","decision":"refused","decided":"9999-12-31"}`))
	f.Add(uint8(17), uint8(4), []byte(`null`))
	f.Add(uint8(3), uint8(0), []byte(`[]`))
	types := events.Types()
	f.Fuzz(func(t *testing.T, typ, service uint8, data []byte) {
		e := mustEvent(t, durham, events.PaymentCreated, "rec", at("2027-01-01", 0), payment("created", 1))
		e.Type = types[int(typ)%len(types)]
		e.Data = json.RawMessage(data)
		tr := newTracker(t, fakeLog{recs: []events.Record{{Seq: 1, Event: e}}})
		tl, err := tr.Timeline(context.Background(), durham, []tracking.Ref{{Service: tracking.Service(service % 6), ID: "rec"}})
		if err != nil {
			return
		}
		for _, it := range tl.Items {
			if it.Status == tracking.StatusNone {
				t.Errorf("item without a status: %+v", it)
			}
			if (it.Next.English == "") != (it.Next.Welsh == "") {
				t.Errorf("next step in one language only: %+v", it.Next)
			}
		}
	})
}
