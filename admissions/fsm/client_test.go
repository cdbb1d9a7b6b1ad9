package fsm_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
)

type tokenTransport struct{ base http.RoundTripper }

func (t tokenTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer test-token")
	return t.base.RoundTrip(r)
}

func newTestClient(t *testing.T, h http.HandlerFunc) *fsm.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: tokenTransport{http.DefaultTransport}}
	c, err := fsm.NewClient(srv.URL+"/api/", hc, fsmtest.CouncilA)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The request body follows the DfE API's CheckEligibilityRequest_Fsm:
// {"data":{"nationalInsuranceNumber","lastName","dateOfBirth","nationalAsylumSeekerServiceNumber"}}
// (github.com/DFE-Digital/check-your-eligibility, Boundary/Requests).
func TestClientSubmitWire(t *testing.T) {
	var gotBody map[string]map[string]any
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/check/free-school-meals" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		if r.Header.Get("Authorization") != "Bearer test-token" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("headers %v", r.Header)
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &gotBody); err != nil {
			t.Errorf("body %s: %v", b, err)
		}
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"data":{"status":"queuedForProcessing"},"links":{"get_EligibilityCheck":"/check/0b1c","put_EligibilityCheckProcess":"/engine/process/0b1c","get_EligibilityCheckStatus":"/check/0b1c/status"}}`)
	})
	p := fsmtest.Parents()[0].Parent
	chk, err := c.Submit(context.Background(), fsmtest.CouncilA, p.CheckRequest())
	if err != nil {
		t.Fatal(err)
	}
	if chk.ID != "0b1c" || chk.Status != fsm.StatusQueued {
		t.Errorf("check = %+v", chk)
	}
	want := map[string]any{
		"nationalInsuranceNumber":           nil,
		"lastName":                          "Haddad",
		"dateOfBirth":                       "1988-06-01",
		"nationalAsylumSeekerServiceNumber": "240712349",
	}
	data := gotBody["data"]
	if len(data) != len(want) {
		t.Errorf("data = %v, want %v", data, want)
	}
	for k, v := range want {
		if data[k] != v {
			t.Errorf("data[%s] = %v, want %v", k, data[k], v)
		}
	}
}

func TestClientErrors(t *testing.T) {
	ctx := context.Background()
	req := fsmtest.Parents()[0].Parent.CheckRequest()
	tests := []struct {
		name   string
		code   int
		body   string
		status bool // call Status rather than Submit
		want   error
		check  func(t *testing.T, err error)
	}{
		{name: "bad request", code: 400, body: `{"errors":[{"title":"Invalid National Insurance Number"}]}`, check: func(t *testing.T, err error) {
			var ae *fsm.APIError
			if !errors.As(err, &ae) || ae.StatusCode != 400 || len(ae.Titles) != 1 {
				t.Fatalf("err = %#v", err)
			}
			if !errors.Is(err, fsm.ErrRejected) || errors.Is(err, fsm.ErrUnavailable) {
				t.Errorf("400 is not only ErrRejected: %v", err)
			}
			if strings.Contains(err.Error(), "Invalid") {
				t.Errorf("Error() repeats the service's text: %s", err)
			}
		}},
		{name: "server error", code: 500, body: `oops`, check: func(t *testing.T, err error) {
			var ae *fsm.APIError
			if !errors.As(err, &ae) || ae.StatusCode != 500 {
				t.Fatalf("err = %#v", err)
			}
			if !errors.Is(err, fsm.ErrUnavailable) || errors.Is(err, fsm.ErrRejected) {
				t.Errorf("500 is not only ErrUnavailable: %v", err)
			}
		}},
		{name: "unauthorised", code: 401, body: `{}`, want: fsm.ErrUnauthorized},
		{name: "forbidden", code: 403, body: ``, want: fsm.ErrUnauthorized},
		{name: "rate limited", code: 429, body: ``, want: fsm.ErrRateLimited},
		{name: "bad gateway", code: 502, body: ``, want: fsm.ErrUnavailable},
		{name: "not found", code: 404, body: `{"errors":[{"title":"x"}]}`, status: true, want: fsm.ErrCheckNotFound},
		{name: "unknown status", code: 200, body: `{"data":{"status":"maybe"}}`, status: true, want: fsm.ErrBadResponse},
		{name: "old DwpError status", code: 200, body: `{"data":{"status":"DwpError"}}`, status: true},
		{name: "no links", code: 202, body: `{"data":{"status":"queuedForProcessing"},"links":{}}`, want: fsm.ErrBadResponse},
		{name: "not JSON", code: 202, body: `<html>`, check: func(t *testing.T, err error) {
			if err == nil {
				t.Fatal("no error")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.code)
				io.WriteString(w, tt.body)
			})
			var err error
			if tt.status {
				_, err = c.Status(ctx, fsmtest.CouncilA, "0b1c")
			} else {
				_, err = c.Submit(ctx, fsmtest.CouncilA, req)
			}
			switch {
			case tt.check != nil:
				tt.check(t, err)
			case tt.want == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestClientBulkSequence(t *testing.T) {
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"out of range", `{"data":[{"lastName":"A","status":"eligible","sequence":3}]}`, false},
		{"repeated", `{"data":[{"lastName":"A","status":"eligible","sequence":1},{"lastName":"B","status":"eligible","sequence":1}]}`, false},
		{"bad date", `{"data":[{"lastName":"A","dateOfBirth":"01/01/1990","status":"eligible"}]}`, false},
		{"no sequence", `{"data":[{"lastName":"A","status":"eligible"},{"lastName":"B","status":"notEligible"}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tt.body) })
			res, err := c.BulkResults(context.Background(), fsmtest.CouncilA, "b1")
			if tt.ok != (err == nil) {
				t.Fatalf("results %v, err %v", res, err)
			}
			if err != nil && !errors.Is(err, fsm.ErrBadResponse) {
				t.Errorf("err %v does not wrap ErrBadResponse", err)
			}
		})
	}
}

func TestClientCouncilAndSetup(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { t.Error("request sent") })
	ctx := context.Background()
	req := fsmtest.Parents()[0].Parent.CheckRequest()
	if _, err := c.Submit(ctx, fsmtest.CouncilB, req); !errors.Is(err, fsm.ErrCheckNotFound) {
		t.Errorf("Submit for another council: %v", err)
	}
	if _, err := c.SubmitBulk(ctx, fsmtest.CouncilB, []fsm.CheckRequest{req}); !errors.Is(err, fsm.ErrCheckNotFound) {
		t.Errorf("SubmitBulk for another council: %v", err)
	}
	if _, err := c.Status(ctx, fsmtest.CouncilA, ""); !errors.Is(err, fsm.ErrCheckNotFound) {
		t.Errorf("empty ID: %v", err)
	}
	for _, u := range []string{"", "ftp://x", "/relative", "http://"} {
		if _, err := fsm.NewClient(u, nil, fsmtest.CouncilA); !errors.Is(err, fsm.ErrConfig) {
			t.Errorf("NewClient(%q): %v, want ErrConfig", u, err)
		}
	}
	if _, err := fsm.NewClient("https://example.org", nil, councilkit.Council{}); !errors.Is(err, fsm.ErrConfig) || !errors.Is(err, councilkit.ErrInvalidCouncil) {
		t.Errorf("NewClient with no council: %v, want ErrConfig and ErrInvalidCouncil", err)
	}
}

func TestWaitCancelled(t *testing.T) {
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":{"status":"queuedForProcessing"}}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	st, err := fsm.Wait(ctx, c, fsmtest.CouncilA, "0b1c", time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) || st.Done() {
		t.Fatalf("Wait = %s, %v", st, err)
	}
}

func TestClientSubmitWireNINO(t *testing.T) {
	var got map[string]map[string]any
	c := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&got)
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"data":{"status":"queuedForProcessing"},"links":{"get_EligibilityCheckStatus":"/check/77/status"}}`)
	})
	chk, err := c.Submit(context.Background(), fsmtest.CouncilA, fsmtest.Parents()[1].Parent.CheckRequest())
	if err != nil || chk.ID != "77" {
		t.Fatalf("Submit = %+v, %v", chk, err)
	}
	d := got["data"]
	if d["nationalInsuranceNumber"] != "AB123456C" || d["nationalAsylumSeekerServiceNumber"] != nil || d["lastName"] != "Okafor" || d["dateOfBirth"] != "1985-02-14" {
		t.Errorf("data = %v", d)
	}
}
