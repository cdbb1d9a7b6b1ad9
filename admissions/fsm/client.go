package fsm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/lgds/councilkit/identity"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
)

// Client is a Checker that calls the DfE's eligibility checking API
// ("Check free school meals eligibility", github.com/DFE-Digital/check-your-eligibility):
//
//	POST /check/free-school-meals          submit one check (202, status queuedForProcessing)
//	GET  /check/{id}/status                poll it
//	POST /bulk-check/free-school-meals     submit many
//	GET  /bulk-check/{id}/progress         {total, complete}
//	GET  /bulk-check/{id}/                 the answers
//
// The service authenticates with OAuth 2 client credentials (token endpoint
// /oauth2/token, scopes such as "check free_school_meals bulk_check");
// pass an *http.Client that adds the token, for example one from
// golang.org/x/oauth2/clientcredentials. Credentials belong to one council:
// calls naming another council fail with ErrCheckNotFound. A Client is safe
// for concurrent use.
type Client struct {
	base    *url.URL
	hc      *http.Client
	council councilkit.Council
}

// ErrConfig is wrapped by NewClient's error for an argument it cannot use.
var ErrConfig = errors.New("fsm: invalid configuration")

// NewClient returns a Client for the service at baseURL, making requests
// with hc (http.DefaultClient if nil) on behalf of council. hc is where
// the council's OAuth credentials live, so it is an argument, not an
// option. The error wraps ErrConfig for a baseURL that is not an absolute
// http(s) URL, and ErrConfig and councilkit.ErrInvalidCouncil for the
// zero council.
func NewClient(baseURL string, hc *http.Client, council councilkit.Council) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: base URL must be an absolute http(s) URL", ErrConfig)
	}
	if council.IsZero() {
		return nil, fmt.Errorf("%w: %w: no council given", ErrConfig, councilkit.ErrInvalidCouncil)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return &Client{base: u, hc: hc, council: council}, nil
}

// APIError is a response from the service other than success or not
// found. Titles are the service's own messages; they may name a field but
// councilkit does not show them to residents.
type APIError struct {
	StatusCode int
	Titles     []string
}

// Error reports the HTTP status only, so that the error is safe to log.
func (e *APIError) Error() string {
	return "fsm: eligibility checking service returned HTTP " + strconv.Itoa(e.StatusCode)
}

// Kinds of APIError, for errors.Is. An APIError is exactly one of them,
// chosen by its HTTP status.
var (
	// ErrUnauthorized: 401 or 403; the council's credentials or scopes are
	// wrong. Retrying will not help.
	ErrUnauthorized = errors.New("fsm: not authorised by the eligibility checking service")
	// ErrRateLimited: 429; try again later, more slowly.
	ErrRateLimited = errors.New("fsm: eligibility checking service rate limit reached")
	// ErrUnavailable: 5xx; the service failed or is down. The same request
	// may be retried later.
	ErrUnavailable = errors.New("fsm: eligibility checking service unavailable")
	// ErrRejected: any other 4xx; the service refused the request as made.
	ErrRejected = errors.New("fsm: eligibility checking service rejected the request")
)

// Is reports whether the error is of the kind target names: ErrUnauthorized,
// ErrRateLimited, ErrUnavailable or ErrRejected.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrUnavailable:
		return e.StatusCode >= 500
	case ErrRejected:
		return e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != http.StatusUnauthorized &&
			e.StatusCode != http.StatusForbidden && e.StatusCode != http.StatusTooManyRequests
	}
	return false
}

// Wire types of the DfE API (JSON:API-like envelopes, camelCase names).

type wireCheckData struct {
	NationalInsuranceNumber           *string `json:"nationalInsuranceNumber"`
	LastName                          string  `json:"lastName"`
	DateOfBirth                       string  `json:"dateOfBirth"`
	NationalAsylumSeekerServiceNumber *string `json:"nationalAsylumSeekerServiceNumber"`
	Sequence                          *int    `json:"sequence,omitempty"`
}

type wireStatus struct {
	Status string `json:"status"`
}

type wireCheckResponse struct {
	Data  wireStatus `json:"data"`
	Links struct {
		GetEligibilityCheck       string `json:"get_EligibilityCheck"`
		GetEligibilityCheckStatus string `json:"get_EligibilityCheckStatus"`
	} `json:"links"`
}

type wireBulkResponse struct {
	Data  wireStatus `json:"data"`
	Links struct {
		GetProgressCheck    string `json:"get_Progress_Check"`
		GetBulkCheckResults string `json:"get_BulkCheck_Results"`
	} `json:"links"`
}

type wireProgress struct {
	Data BulkProgress `json:"data"`
}

type wireItem struct {
	NationalInsuranceNumber           string `json:"nationalInsuranceNumber"`
	LastName                          string `json:"lastName"`
	DateOfBirth                       string `json:"dateOfBirth"`
	NationalAsylumSeekerServiceNumber string `json:"nationalAsylumSeekerServiceNumber"`
	Status                            string `json:"status"`
	Sequence                          *int   `json:"sequence,omitempty"`
}

type wireResults struct {
	Data []wireItem `json:"data"`
}

type wireErrors struct {
	Errors []struct {
		Title string `json:"title"`
	} `json:"errors"`
}

func toWire(r CheckRequest) wireCheckData {
	w := wireCheckData{LastName: r.LastName, DateOfBirth: r.DateOfBirth.String()}
	if !r.NINO.IsZero() {
		s := r.NINO.String()
		w.NationalInsuranceNumber = &s
	}
	if !r.NASS.IsZero() {
		s := r.NASS.String()
		w.NationalAsylumSeekerServiceNumber = &s
	}
	return w
}

// maxResponse bounds what the client reads of any response.
const maxResponse = 32 << 20

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	u := *c.base
	u.Path += path
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("fsm: eligibility checking service: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return fmt.Errorf("fsm: eligibility checking service: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return ErrCheckNotFound
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		apiErr := &APIError{StatusCode: resp.StatusCode}
		var we wireErrors
		if json.Unmarshal(data, &we) == nil {
			for _, e := range we.Errors {
				apiErr.Titles = append(apiErr.Titles, e.Title)
			}
		}
		return apiErr
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("fsm: eligibility checking service sent a response that is not valid JSON: %w", err)
	}
	return nil
}

func (c *Client) checkCouncil(council councilkit.Council) error {
	if council != c.council {
		return ErrCheckNotFound
	}
	return nil
}

// ErrBadResponse is wrapped by errors about responses the client cannot
// understand.
var ErrBadResponse = errors.New("fsm: unexpected response from eligibility checking service")

// idFromLink takes the ID out of a link such as "/check/{id}" or
// "/bulk-check/{id}/progress": the path segment after prefix.
func idFromLink(link, prefix string) (string, bool) {
	i := strings.Index(link, prefix)
	if i < 0 {
		return "", false
	}
	rest := link[i+len(prefix):]
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		rest = rest[:j]
	}
	if rest == "" || strings.ContainsAny(rest, "?#") {
		return "", false
	}
	return rest, true
}

// Submit implements Checker.
func (c *Client) Submit(ctx context.Context, council councilkit.Council, req CheckRequest) (Check, error) {
	if err := c.checkCouncil(council); err != nil {
		return Check{}, err
	}
	if err := req.Validate(calendar.Date{}); err != nil {
		return Check{}, err
	}
	var out wireCheckResponse
	if err := c.do(ctx, http.MethodPost, "/check/free-school-meals", struct {
		Data wireCheckData `json:"data"`
	}{toWire(req)}, &out); err != nil {
		return Check{}, err
	}
	id, ok := idFromLink(out.Links.GetEligibilityCheck, "/check/")
	if !ok {
		id, ok = idFromLink(out.Links.GetEligibilityCheckStatus, "/check/")
	}
	if !ok {
		return Check{}, fmt.Errorf("%w: no check ID in links", ErrBadResponse)
	}
	st, err := parseWireStatus(out.Data.Status)
	if err != nil {
		return Check{}, err
	}
	return Check{ID: CheckID(id), Status: st}, nil
}

// Status implements Checker.
func (c *Client) Status(ctx context.Context, council councilkit.Council, id CheckID) (Status, error) {
	if err := c.checkCouncil(council); err != nil {
		return StatusNone, err
	}
	if id == "" {
		return StatusNone, ErrCheckNotFound
	}
	var out struct {
		Data wireStatus `json:"data"`
	}
	if err := c.do(ctx, http.MethodGet, "/check/"+url.PathEscape(string(id))+"/status", nil, &out); err != nil {
		return StatusNone, err
	}
	st, err := parseWireStatus(out.Data.Status)
	if err != nil {
		return StatusNone, err
	}
	return st, nil
}

// SubmitBulk implements Checker. Each request is sent with its sequence
// number (1 for the first) so the answers can be put back in order.
func (c *Client) SubmitBulk(ctx context.Context, council councilkit.Council, reqs []CheckRequest) (BulkID, error) {
	if err := c.checkCouncil(council); err != nil {
		return "", err
	}
	if err := validateBulk(reqs, calendar.Date{}); err != nil {
		return "", err
	}
	data := make([]wireCheckData, len(reqs))
	for i, r := range reqs {
		data[i] = toWire(r)
		seq := i + 1
		data[i].Sequence = &seq
	}
	var out wireBulkResponse
	if err := c.do(ctx, http.MethodPost, "/bulk-check/free-school-meals", struct {
		Data []wireCheckData `json:"data"`
	}{data}, &out); err != nil {
		return "", err
	}
	id, ok := idFromLink(out.Links.GetProgressCheck, "/bulk-check/")
	if !ok {
		id, ok = idFromLink(out.Links.GetBulkCheckResults, "/bulk-check/")
	}
	if !ok {
		return "", fmt.Errorf("%w: no bulk check ID in links", ErrBadResponse)
	}
	return BulkID(id), nil
}

// BulkProgress implements Checker.
func (c *Client) BulkProgress(ctx context.Context, council councilkit.Council, id BulkID) (BulkProgress, error) {
	if err := c.checkCouncil(council); err != nil {
		return BulkProgress{}, err
	}
	if id == "" {
		return BulkProgress{}, ErrCheckNotFound
	}
	var out wireProgress
	if err := c.do(ctx, http.MethodGet, "/bulk-check/"+url.PathEscape(string(id))+"/progress", nil, &out); err != nil {
		return BulkProgress{}, err
	}
	if out.Data.Total < 0 || out.Data.Complete < 0 {
		return BulkProgress{}, fmt.Errorf("%w: negative progress", ErrBadResponse)
	}
	return out.Data, nil
}

// BulkResults implements Checker. Answers that carry a sequence number are
// put back in submission order; otherwise they are returned as sent.
func (c *Client) BulkResults(ctx context.Context, council councilkit.Council, id BulkID) ([]CheckResult, error) {
	if err := c.checkCouncil(council); err != nil {
		return nil, err
	}
	if id == "" {
		return nil, ErrCheckNotFound
	}
	var out wireResults
	if err := c.do(ctx, http.MethodGet, "/bulk-check/"+url.PathEscape(string(id))+"/", nil, &out); err != nil {
		return nil, err
	}
	results := make([]CheckResult, len(out.Data))
	placed := make([]bool, len(out.Data))
	for i, it := range out.Data {
		r, err := fromWireItem(it)
		if err != nil {
			return nil, err
		}
		at := i
		if it.Sequence != nil {
			at = *it.Sequence - 1
			if at < 0 || at >= len(results) || placed[at] {
				return nil, fmt.Errorf("%w: bad sequence number", ErrBadResponse)
			}
		}
		if placed[at] {
			return nil, fmt.Errorf("%w: results mix sequenced and unsequenced answers", ErrBadResponse)
		}
		placed[at] = true
		results[at] = r
	}
	return results, nil
}

// parseWireStatus parses a status the service sent. Its error does not
// repeat the value, which comes from outside and could hold anything.
func parseWireStatus(s string) (Status, error) {
	st, err := ParseStatus(s)
	if err != nil {
		return StatusNone, fmt.Errorf("%w: %w", ErrBadResponse, ErrInvalidStatus)
	}
	return st, nil
}

func fromWireItem(it wireItem) (CheckResult, error) {
	st, err := parseWireStatus(it.Status)
	if err != nil {
		return CheckResult{}, err
	}
	r := CheckResult{Status: st, Request: CheckRequest{LastName: it.LastName}}
	if it.DateOfBirth != "" {
		dob := it.DateOfBirth
		if len(dob) > 10 {
			dob = dob[:10] // "1990-01-01T00:00:00"
		}
		if r.Request.DateOfBirth, err = calendar.ParseDate(dob); err != nil {
			return CheckResult{}, fmt.Errorf("%w: bad date of birth", ErrBadResponse)
		}
	}
	if it.NationalInsuranceNumber != "" {
		if r.Request.NINO, err = identity.ParseNINO(it.NationalInsuranceNumber); err != nil {
			return CheckResult{}, fmt.Errorf("%w: bad National Insurance number", ErrBadResponse)
		}
	}
	if it.NationalAsylumSeekerServiceNumber != "" {
		if r.Request.NASS, err = ParseNASSNumber(it.NationalAsylumSeekerServiceNumber); err != nil {
			return CheckResult{}, fmt.Errorf("%w: bad NASS number", ErrBadResponse)
		}
	}
	return r, nil
}
