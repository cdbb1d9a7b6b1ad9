package fsm_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
)

func TestLocalCheckerConformance(t *testing.T) {
	fsmtest.RunCheckerTests(t, func(t *testing.T, records fsm.Records, clock councilkit.Clock) fsm.Checker {
		return fsm.NewLocalChecker(records, clock)
	})
}

func TestClientConformance(t *testing.T) {
	fsmtest.RunCheckerTests(t, func(t *testing.T, records fsm.Records, clock councilkit.Clock) fsm.Checker {
		srv := newFakeDfE(t, fsm.NewLocalChecker(records, clock), fsmtest.CouncilA)
		c, err := fsm.NewClient(srv.URL, srv.Client(), fsmtest.CouncilA)
		if err != nil {
			t.Fatal(err)
		}
		return c
	})
}

// fakeDfE serves the DfE eligibility checking API's FSM endpoints, in its
// wire format, from a LocalChecker. Each check answers "queuedForProcessing"
// to its first status request, as the real service queues work.
type fakeDfE struct {
	t       *testing.T
	local   *fsm.LocalChecker
	council councilkit.Council

	mu     sync.Mutex
	polled map[string]bool
	bulk   map[string][]int // sequence numbers per bulk check
}

func newFakeDfE(t *testing.T, local *fsm.LocalChecker, council councilkit.Council) *httptest.Server {
	f := &fakeDfE{t: t, local: local, council: council, polled: map[string]bool{}, bulk: map[string][]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /check/free-school-meals", f.submit)
	mux.HandleFunc("GET /check/{id}/status", f.status)
	mux.HandleFunc("POST /bulk-check/free-school-meals", f.submitBulk)
	mux.HandleFunc("GET /bulk-check/{id}/progress", f.progress)
	mux.HandleFunc("GET /bulk-check/{id}/", f.results)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

type wireData struct {
	NationalInsuranceNumber           *string `json:"nationalInsuranceNumber"`
	LastName                          string  `json:"lastName"`
	DateOfBirth                       string  `json:"dateOfBirth"`
	NationalAsylumSeekerServiceNumber *string `json:"nationalAsylumSeekerServiceNumber"`
	Sequence                          int     `json:"sequence"`
}

func (f *fakeDfE) badRequest(w http.ResponseWriter, title string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"title": title}}})
}

func (f *fakeDfE) request(d wireData) (fsm.CheckRequest, bool) {
	var r fsm.CheckRequest
	r.LastName = d.LastName
	dob, err := calendar.ParseDate(d.DateOfBirth)
	if err != nil {
		return r, false
	}
	r.DateOfBirth = dob
	if d.NationalInsuranceNumber != nil {
		if r.NINO, err = identity.ParseNINO(*d.NationalInsuranceNumber); err != nil {
			return r, false
		}
	}
	if d.NationalAsylumSeekerServiceNumber != nil {
		if r.NASS, err = fsm.ParseNASSNumber(*d.NationalAsylumSeekerServiceNumber); err != nil {
			return r, false
		}
	}
	return r, true
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeDfE) submit(w http.ResponseWriter, r *http.Request) {
	var body struct{ Data wireData }
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		f.badRequest(w, "invalid JSON")
		return
	}
	req, ok := f.request(body.Data)
	if !ok {
		f.badRequest(w, "Invalid request")
		return
	}
	chk, err := f.local.Submit(r.Context(), f.council, req)
	if err != nil {
		f.badRequest(w, "National Insurance Number or National Asylum Seeker Service Number is required")
		return
	}
	id := string(chk.ID)
	reply(w, http.StatusAccepted, map[string]any{
		"data": map[string]string{"status": "queuedForProcessing"},
		"links": map[string]string{
			"get_EligibilityCheck":        "/check/" + id,
			"put_EligibilityCheckProcess": "/engine/process/" + id,
			"get_EligibilityCheckStatus":  "/check/" + id + "/status",
		},
	})
}

func (f *fakeDfE) status(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	st, err := f.local.Status(r.Context(), f.council, fsm.CheckID(id))
	if err != nil {
		reply(w, http.StatusNotFound, map[string]any{"errors": []map[string]string{{"title": id}}})
		return
	}
	f.mu.Lock()
	first := !f.polled[id]
	f.polled[id] = true
	f.mu.Unlock()
	if first {
		st = fsm.StatusQueued
	}
	reply(w, http.StatusOK, map[string]any{"data": map[string]string{"status": st.String()}})
}

func (f *fakeDfE) submitBulk(w http.ResponseWriter, r *http.Request) {
	var body struct{ Data []wireData }
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		f.badRequest(w, "invalid JSON")
		return
	}
	reqs := make([]fsm.CheckRequest, len(body.Data))
	seqs := make([]int, len(body.Data))
	for i, d := range body.Data {
		var ok bool
		if reqs[i], ok = f.request(d); !ok {
			f.badRequest(w, "Invalid request")
			return
		}
		seqs[i] = d.Sequence
	}
	id, err := f.local.SubmitBulk(r.Context(), f.council, reqs)
	if err != nil {
		f.badRequest(w, "Invalid request")
		return
	}
	f.mu.Lock()
	f.bulk[string(id)] = seqs
	f.mu.Unlock()
	reply(w, http.StatusAccepted, map[string]any{
		"data": map[string]string{"status": "queuedForProcessing"},
		"links": map[string]string{
			"get_Progress_Check":    "/bulk-check/" + string(id) + "/progress",
			"get_BulkCheck_Results": "/bulk-check/" + string(id) + "/",
		},
	})
}

func (f *fakeDfE) progress(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := f.local.BulkProgress(r.Context(), f.council, fsm.BulkID(id))
	if err != nil {
		reply(w, http.StatusNotFound, map[string]any{"errors": []map[string]string{{"title": id}}})
		return
	}
	f.mu.Lock()
	first := !f.polled[id]
	f.polled[id] = true
	f.mu.Unlock()
	if first {
		p.Complete = 0
	}
	reply(w, http.StatusOK, map[string]any{"data": map[string]int{"total": p.Total, "complete": p.Complete}})
}

func (f *fakeDfE) results(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	res, err := f.local.BulkResults(r.Context(), f.council, fsm.BulkID(id))
	if err != nil {
		reply(w, http.StatusNotFound, map[string]any{"errors": []map[string]string{{"title": id}}})
		return
	}
	f.mu.Lock()
	seqs := f.bulk[id]
	f.mu.Unlock()
	items := make([]map[string]any, len(res))
	// Send the answers newest first, as a service may: the client must
	// use the sequence numbers to restore the order.
	for i, x := range res {
		items[len(res)-1-i] = map[string]any{
			"nationalInsuranceNumber":           x.Request.NINO.String(),
			"lastName":                          x.Request.LastName,
			"dateOfBirth":                       x.Request.DateOfBirth.String() + "T00:00:00",
			"nationalAsylumSeekerServiceNumber": x.Request.NASS.String(),
			"status":                            x.Status.String(),
			"created":                           "2025-10-01T10:00:00Z",
			"sequence":                          seqs[i],
		}
	}
	reply(w, http.StatusOK, map[string]any{"data": items})
}
