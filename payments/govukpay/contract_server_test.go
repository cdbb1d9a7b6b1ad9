package govukpay

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// contractPay is a stand-in for GOV.UK Pay that holds the client to the
// published description: every request is checked against it, and every
// response it sends is checked against it before it is sent. Departures
// are collected in violations; a test ends by asserting there were none.
type contractPay struct {
	spec *spec
	srv  *httptest.Server

	mu         sync.Mutex
	violations []string
	requests   []string // "METHOD /path?query", in order
	seq        int
	payments   map[string]*contractPayment
	order      []string
	keys       map[string]string
	// refundAnswer202 makes create refund answer 202 with the refund body,
	// as GOV.UK Pay does (testdata/README.md); by default it answers 200,
	// which the description gives a body.
	refundAnswer202 bool
}

type contractPayment struct {
	id, status, code  string
	amount, surcharge int64
	fee               int64
	hasFee            bool
	body              map[string]any // the create request as sent
	created           time.Time
	captureSubmit     time.Time
	card              map[string]any
	refunds           []contractRefund
}

type contractRefund struct {
	id      string
	amount  int64
	status  string
	created time.Time
}

var contractT0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func newContractPay(t *testing.T) (*contractPay, *Client) {
	t.Helper()
	cp := &contractPay{spec: loadSpec(t), payments: map[string]*contractPayment{}, keys: map[string]string{}}
	cp.srv = httptest.NewServer(cp)
	t.Cleanup(cp.srv.Close)
	t.Cleanup(func() {
		for _, v := range cp.Violations() {
			t.Errorf("contract: %s", v)
		}
	})
	c, err := New("api_test_contract0key", Config{BaseURL: cp.srv.URL, RatePerSecond: -1})
	if err != nil {
		t.Fatal(err)
	}
	return cp, c
}

// Violations returns the departures seen so far and forgets them.
func (cp *contractPay) Violations() []string {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	v := cp.violations
	cp.violations = nil
	return v
}

func (cp *contractPay) Requests() []string {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	return slices.Clone(cp.requests)
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// pay plays the resident paying with a card: success (or capturable for a
// delayed capture), with the card details, a corporate card surcharge and
// the provider's fee as a Stripe account reports them.
func (cp *contractPay) pay(id string, surcharge int64) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	p := cp.payments[id]
	p.surcharge = surcharge
	p.card = map[string]any{
		"card_brand": "Visa", "card_type": "credit", "cardholder_name": "Ms Rhiannon Jones", "expiry_date": "04/29",
		"first_digits_card_number": "424242", "last_digits_card_number": "4242",
		"billing_address": map[string]any{"line1": "1 Stryd Fawr", "city": "Caerdydd", "postcode": "CF10 1AA", "country": "GB"},
	}
	if d, _ := p.body["delayed_capture"].(bool); d {
		p.status = "capturable"
		return
	}
	p.capture()
}

func (p *contractPayment) capture() {
	p.status = "success"
	p.captureSubmit = contractT0.Add(2*time.Minute + 345*time.Millisecond)
	p.fee, p.hasFee = 25, true
}

func (p *contractPayment) finished() bool {
	return p.status == "success" || p.status == "failed" || p.status == "cancelled" || p.status == "error"
}

func (p *contractPayment) refunded() int64 {
	var n int64
	for _, r := range p.refunds {
		if r.status != "error" {
			n += r.amount
		}
	}
	return n
}

// resource is the payment as GET /v1/payments/{id} (search: true, as a
// search result) describes it.
func (cp *contractPay) resource(p *contractPayment, search bool) map[string]any {
	self := cp.srv.URL + "/v1/payments/" + p.id
	state := map[string]any{"status": p.status, "finished": p.finished()}
	if p.code != "" {
		state["code"], state["message"] = p.code, "Payment method rejected"
	}
	rs := map[string]any{"status": "pending", "amount_available": p.amount, "amount_submitted": 0}
	switch {
	case p.status == "success" && p.refunded() >= p.amount:
		rs = map[string]any{"status": "full", "amount_available": 0, "amount_submitted": p.refunded()}
	case p.status == "success":
		rs = map[string]any{"status": "available", "amount_available": p.amount - p.refunded(), "amount_submitted": p.refunded()}
	case p.finished():
		rs = map[string]any{"status": "unavailable", "amount_available": 0, "amount_submitted": 0}
	}
	settle := map[string]any{}
	if !p.captureSubmit.IsZero() {
		settle["capture_submit_time"] = stamp(p.captureSubmit)
		settle["captured_date"] = p.captureSubmit.Format(time.DateOnly)
	}
	links := map[string]any{
		"self":   map[string]any{"href": self, "method": "GET"},
		"events": map[string]any{"href": self + "/events", "method": "GET"},
	}
	links["refunds"] = map[string]any{"href": self + "/refunds", "method": "GET"}
	if !p.finished() {
		if !search {
			links["next_url"] = map[string]any{"href": "https://card.payments.service.gov.uk/secure/" + p.id, "method": "GET"}
		}
		links["cancel"] = map[string]any{"href": self + "/cancel", "method": "POST"}
	}
	if p.status == "capturable" {
		links["capture"] = map[string]any{"href": self + "/capture", "method": "POST"}
	}
	lang := "en"
	if l, ok := p.body["language"].(string); ok {
		lang = l
	}
	r := map[string]any{
		"payment_id": p.id, "amount": p.amount, "description": p.body["description"], "reference": p.body["reference"],
		"return_url": p.body["return_url"], "language": lang, "state": state, "created_date": stamp(p.created),
		"refund_summary": rs, "settlement_summary": settle, "delayed_capture": p.body["delayed_capture"] == true,
		"moto": false, "payment_provider": "stripe", "provider_id": "pi_" + p.id, "authorisation_mode": "web",
		"_links": links,
	}
	if md, ok := p.body["metadata"]; ok {
		r["metadata"] = md
	}
	if p.card != nil {
		r["card_details"] = p.card
		r["card_brand"] = p.card["card_brand"]
	}
	if p.surcharge > 0 {
		r["corporate_card_surcharge"] = p.surcharge
		r["total_amount"] = p.amount + p.surcharge
	}
	if p.hasFee {
		r["fee"] = p.fee
		r["net_amount"] = p.amount + p.surcharge - p.fee
	}
	return r
}

func (cp *contractPay) refundResource(p *contractPayment, r contractRefund) map[string]any {
	self := cp.srv.URL + "/v1/payments/" + p.id
	return map[string]any{
		"refund_id": r.id, "payment_id": p.id, "amount": r.amount, "status": r.status, "created_date": stamp(r.created),
		"_links": map[string]any{
			"self":    map[string]any{"href": self + "/refunds/" + r.id, "method": "GET"},
			"payment": map[string]any{"href": self, "method": "GET"},
		},
	}
}

func (cp *contractPay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	cp.requests = append(cp.requests, r.Method+" "+r.URL.RequestURI())
	op, body, bad := cp.spec.checkRequest(r)
	cp.violations = append(cp.violations, bad...)
	if op == nil {
		http.NotFound(w, r)
		return
	}
	answer := func(status int, v any) {
		var b []byte
		if v != nil {
			b, _ = json.Marshal(v)
		}
		if status == http.StatusAccepted && cp.refundAnswer202 && op.template == "/v1/payments/{paymentId}/refunds" {
			// GOV.UK Pay's real answer; the description lists no body.
		} else {
			cp.violations = append(cp.violations, op.checkResponse(status, b)...)
		}
		if b != nil {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		w.Write(b)
	}
	fail := func(status int, code, desc string) {
		answer(status, map[string]any{"code": code, "description": desc})
	}
	if r.Header.Get("Authorization") != "Bearer api_test_contract0key" {
		answer(http.StatusUnauthorized, nil)
		return
	}
	if len(bad) > 0 {
		// GOV.UK Pay refuses what its description does not allow: a
		// search parameter out of range is 422 P0401.
		code := "P0102"
		if op.template == "/v1/payments" && op.method == http.MethodGet {
			code = "P0401"
		}
		for _, s := range []int{422, 400} {
			if _, ok := op.responses[strconv.Itoa(s)]; ok {
				fail(s, code, "Invalid request: "+strings.Join(bad, "; "))
				return
			}
		}
		fail(500, "P0198", "Downstream system error")
		return
	}
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	var p *contractPayment
	if len(segs) >= 3 {
		if p = cp.payments[segs[2]]; p == nil {
			fail(404, "P0200", "Not found")
			return
		}
	}
	switch op.method + " " + op.template {
	case "POST /v1/payments":
		var req map[string]any
		json.Unmarshal(body, &req)
		key := r.Header.Get("Idempotency-Key")
		if id, ok := cp.keys[key]; key != "" && ok {
			answer(201, cp.resource(cp.payments[id], false))
			return
		}
		cp.seq++
		p := &contractPayment{id: fmt.Sprintf("hu20sqlact5260q2nanm0q8u%02d", cp.seq), status: "created", body: req, created: contractT0.Add(time.Duration(cp.seq) * time.Second)}
		if n, ok := req["amount"].(float64); ok {
			p.amount = int64(n)
		}
		cp.payments[p.id] = p
		cp.order = append(cp.order, p.id)
		if key != "" {
			cp.keys[key] = p.id
		}
		answer(201, cp.resource(p, false))
	case "GET /v1/payments/{paymentId}":
		answer(200, cp.resource(p, false))
	case "POST /v1/payments/{paymentId}/cancel":
		if p.finished() {
			fail(409, "P0502", "Cancellation of payment failed")
			return
		}
		p.status, p.code = "cancelled", "P0040"
		answer(204, nil)
	case "POST /v1/payments/{paymentId}/capture":
		if p.status != "capturable" {
			fail(409, "P1003", "Payment cannot be captured")
			return
		}
		p.capture()
		answer(204, nil)
	case "POST /v1/payments/{paymentId}/refunds":
		var req struct {
			Amount          int64  `json:"amount"`
			AmountAvailable *int64 `json:"refund_amount_available"`
		}
		json.Unmarshal(body, &req)
		avail := p.amount - p.refunded()
		if p.status != "success" || req.Amount > avail || (req.AmountAvailable != nil && *req.AmountAvailable != avail) {
			// The description gives 412 no body.
			answer(412, nil)
			return
		}
		rf := contractRefund{id: fmt.Sprintf("act4c33g40j3edfmi8jknab8%02d", len(p.refunds)), amount: req.Amount, status: "submitted", created: contractT0.Add(time.Hour)}
		p.refunds = append(p.refunds, rf)
		if cp.refundAnswer202 {
			answer(202, cp.refundResource(p, rf))
			return
		}
		answer(200, cp.refundResource(p, rf))
	case "GET /v1/payments/{paymentId}/refunds/{refundId}":
		for _, rf := range p.refunds {
			if rf.id == segs[4] {
				rf.status = "success"
				answer(200, cp.refundResource(p, rf))
				return
			}
		}
		fail(404, "P0800", "Not found")
	case "GET /v1/payments":
		q := r.URL.Query()
		var res []any
		for _, id := range cp.order {
			p := cp.payments[id]
			if ref := q.Get("reference"); ref != "" && ref != p.body["reference"] {
				continue
			}
			if st := q.Get("state"); st != "" && st != p.status {
				continue
			}
			if from, err := time.Parse(time.RFC3339, q.Get("from_date")); err == nil && p.created.Before(from) {
				continue
			}
			if to, err := time.Parse(time.RFC3339, q.Get("to_date")); err == nil && !p.created.Before(to) {
				continue
			}
			res = append(res, cp.resource(p, true))
		}
		page, _ := strconv.Atoi(q.Get("page"))
		answer(200, map[string]any{"total": len(res), "count": len(res), "page": max(page, 1), "results": append([]any{}, res...),
			"_links": map[string]any{"self": map[string]any{"href": cp.srv.URL + r.URL.RequestURI()}}})
	default:
		fail(404, "P0200", "Not found")
	}
}
