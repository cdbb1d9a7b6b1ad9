package fsm_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/admissions/fsm"
	"github.com/lgds/councilkit/admissions/fsm/fsmtest"
)

// cannedTransport answers every request with one status and body, without
// a network.
type cannedTransport struct {
	status int
	body   []byte
}

func (c cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: c.status,
		Header:     http.Header{"Content-Type": []string{"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(c.body)),
		Request:    r,
	}, nil
}

// Whatever the eligibility checking service sends back, the client returns
// a well-formed answer or an error: never a panic, never a check ID that
// would change the path of the next request, never an answer in the wrong
// number or an unknown status, and never an error that repeats identifiers
// from the response.
func FuzzClientResponse(f *testing.F) {
	f.Add(202, []byte(`{"data":{"status":"queuedForProcessing"},"links":{"get_EligibilityCheck":"/check/0b1c","get_EligibilityCheckStatus":"/check/0b1c/status"}}`))
	f.Add(200, []byte(`{"data":{"status":"eligible"}}`))
	f.Add(200, []byte(`{"data":{"total":3,"complete":-1}}`))
	f.Add(200, []byte(`{"data":[{"nationalInsuranceNumber":"AB123456C","lastName":"Jones","dateOfBirth":"1990-01-01T00:00:00","status":"eligible","sequence":2},{"lastName":"Haddad","status":"parentNotFound","sequence":1}]}`))
	f.Add(202, []byte(`{"data":{"status":"queuedForProcessing"},"links":{"get_Progress_Check":"/bulk-check/7/progress","get_BulkCheck_Results":"/bulk-check/7/"}}`))
	f.Add(400, []byte(`{"errors":[{"title":"Invalid National Insurance number AB123456C"}]}`))
	f.Add(200, []byte(`{"data":[{"nationalInsuranceNumber":"ZZ999999Q","status":"eligible"}]}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			return
		}
		hc := &http.Client{Transport: cannedTransport{status, body}}
		c, err := fsm.NewClient("https://eligibility.example/api", hc, fsmtest.CouncilA)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		p := fsmtest.Parents()[0].Parent
		council := fsmtest.CouncilA

		checkErr := func(op string, err error) {
			t.Helper()
			if err == nil {
				return
			}
			var apiErr *fsm.APIError
			var syntax *json.SyntaxError
			var typeErr *json.UnmarshalTypeError
			var ve *councilkit.ValidationError
			if !errors.Is(err, fsm.ErrBadResponse) && !errors.Is(err, fsm.ErrCheckNotFound) &&
				!errors.As(err, &apiErr) && !errors.As(err, &syntax) && !errors.As(err, &typeErr) && !errors.As(err, &ve) &&
				!strings.Contains(err.Error(), "not valid JSON") {
				t.Fatalf("%s: unexpected error %T %v", op, err, err)
			}
			for _, id := range []string{"AB123456C", "ZZ999999Q", "Jones", "Haddad"} {
				if strings.Contains(err.Error(), id) {
					t.Fatalf("%s: error %q repeats %q from the response", op, err, id)
				}
			}
		}

		chk, err := c.Submit(ctx, council, p.CheckRequest())
		checkErr("Submit", err)
		if err == nil {
			if chk.ID == "" || strings.ContainsAny(string(chk.ID), "/?#") || chk.Status == fsm.StatusNone || chk.Status.String() == "" {
				t.Fatalf("Submit = %+v", chk)
			}
		}

		st, err := c.Status(ctx, council, "0b1c")
		checkErr("Status", err)
		if err == nil && (st == fsm.StatusNone || strings.HasPrefix(st.String(), "status(")) {
			t.Fatalf("Status = %v", st)
		}

		id, err := c.SubmitBulk(ctx, council, []fsm.CheckRequest{p.CheckRequest()})
		checkErr("SubmitBulk", err)
		if err == nil && (id == "" || strings.ContainsAny(string(id), "/?#")) {
			t.Fatalf("SubmitBulk = %q", id)
		}

		prog, err := c.BulkProgress(ctx, council, "7")
		checkErr("BulkProgress", err)
		if err == nil && (prog.Total < 0 || prog.Complete < 0) {
			t.Fatalf("BulkProgress = %+v", prog)
		}

		results, err := c.BulkResults(ctx, council, "7")
		checkErr("BulkResults", err)
		if err == nil {
			var raw struct {
				Data []json.RawMessage `json:"data"`
			}
			if json.Unmarshal(body, &raw) == nil && len(raw.Data) != len(results) {
				t.Fatalf("%d results from %d answers", len(results), len(raw.Data))
			}
			for i, r := range results {
				if r.Status == fsm.StatusNone {
					t.Fatalf("result %d has no status", i)
				}
			}
		}
	})
}
