package govukpay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// This file holds a checker built from GOV.UK Pay's published OpenAPI
// description of its public API (testdata/publicapi_spec.json, see
// testdata/README.md for its source and licence). It matches a request to
// an operation by method and path template, checks its path, query and
// header parameters and its JSON body against the operation's schemas, and
// checks a response body against the schema for its status.
//
// OpenAPI 3.0 schemas are JSON Schema with a few differences, handled here:
// "nullable: true" becomes a type that also allows null, the int32 and
// int64 formats are asserted as ranges, and keywords such as example and
// readOnly are left for the validator to ignore. Request bodies are checked
// strictly: a property the description does not declare is a violation,
// since GOV.UK Pay would ignore a misspelt field without saying so.

const specURL = "https://publicapi.payments.service.gov.uk/openapi.json"

type specParam struct {
	name, in string
	required bool
	schema   *jsonschema.Schema
}

type specOp struct {
	method, template string
	segs             []string
	id               string
	params           []specParam
	body             *jsonschema.Schema // nil if the operation takes no body
	bodyRequired     bool
	bearer           bool
	// responses maps a status ("200") to its body schema; a nil schema
	// means the status has no body.
	responses map[string]*jsonschema.Schema
}

type spec struct {
	ops []*specOp
}

var (
	specOnce sync.Once
	specVal  *spec
	specErr  error
)

// loadSpec compiles the description once per test binary.
func loadSpec(t testing.TB) *spec {
	t.Helper()
	specOnce.Do(func() { specVal, specErr = compileSpec(filepath.Join("testdata", "publicapi_spec.json")) })
	if specErr != nil {
		t.Fatalf("compiling GOV.UK Pay's OpenAPI description: %v", specErr)
	}
	return specVal
}

func compileSpec(path string) (*spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	raw, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	doc, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not an object")
	}
	fixNullable(doc)
	schemas := obj(obj(doc["components"])["schemas"])
	if schemas == nil {
		return nil, fmt.Errorf("no components.schemas")
	}
	// Every schema an operation uses is given a name in
	// components/schemas, so that each compiles as a JSON pointer into the
	// one document and its $refs resolve.
	type pending struct {
		name string
		set  func(*jsonschema.Schema)
	}
	var todo []pending
	name := func(s any, set func(*jsonschema.Schema)) {
		n := fmt.Sprintf("x-contract-%d", len(todo))
		schemas[n] = s
		todo = append(todo, pending{n, set})
	}
	sp := &spec{}
	globalBearer := len(arr(doc["security"])) > 0
	paths := obj(doc["paths"])
	templates := make([]string, 0, len(paths))
	for k := range paths {
		templates = append(templates, k)
	}
	sort.Strings(templates)
	for _, tmpl := range templates {
		item := obj(paths[tmpl])
		methods := make([]string, 0, len(item))
		for m := range item {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, m := range methods {
			o := obj(item[m])
			if o == nil {
				continue
			}
			op := &specOp{method: strings.ToUpper(m), template: tmpl, segs: strings.Split(strings.Trim(tmpl, "/"), "/"), responses: map[string]*jsonschema.Schema{}, bearer: globalBearer}
			op.id, _ = o["operationId"].(string)
			if sec, ok := o["security"]; ok {
				op.bearer = len(arr(sec)) > 0
			}
			for _, p := range append(arr(item["parameters"]), arr(o["parameters"])...) {
				pm := obj(p)
				sp := specParam{in: str(pm["in"]), name: str(pm["name"])}
				sp.required, _ = pm["required"].(bool)
				op.params = append(op.params, sp)
				i := len(op.params) - 1
				if s := pm["schema"]; s != nil {
					name(s, func(c *jsonschema.Schema) { op.params[i].schema = c })
				}
			}
			if rb := obj(o["requestBody"]); rb != nil {
				op.bodyRequired, _ = rb["required"].(bool)
				if s := obj(obj(obj(rb["content"])["application/json"])["schema"]); s != nil {
					name(strictBody(s, schemas), func(c *jsonschema.Schema) { op.body = c })
				}
			}
			for code, r := range obj(o["responses"]) {
				op.responses[code] = nil
				if s := obj(obj(obj(obj(r)["content"])["application/json"])["schema"]); s != nil {
					name(s, func(c *jsonschema.Schema) { op.responses[code] = c })
				}
			}
			sp.ops = append(sp.ops, op)
		}
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4) // OpenAPI 3.0 schemas follow draft 4 (wright-00)
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "int32", Validate: intRange(math.MinInt32, math.MaxInt32)})
	c.RegisterFormat(&jsonschema.Format{Name: "int64", Validate: intRange(math.MinInt64, math.MaxInt64)})
	if err := c.AddResource(specURL, doc); err != nil {
		return nil, err
	}
	for _, p := range todo {
		s, err := c.Compile(specURL + "#/components/schemas/" + p.name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.name, err)
		}
		p.set(s)
	}
	return sp, nil
}

// strictBody returns a request body schema that refuses properties the
// description does not declare.
func strictBody(s map[string]any, schemas map[string]any) map[string]any {
	if ref := str(s["$ref"]); strings.HasPrefix(ref, "#/components/schemas/") {
		target := obj(schemas[strings.TrimPrefix(ref, "#/components/schemas/")])
		if target == nil {
			return s
		}
		s = target
	}
	c := make(map[string]any, len(s)+1)
	for k, v := range s {
		c[k] = v
	}
	if _, ok := c["properties"]; ok {
		c["additionalProperties"] = false
	}
	return c
}

// fixNullable turns OpenAPI's "nullable: true" into a JSON Schema type
// that allows null.
func fixNullable(v any) {
	switch v := v.(type) {
	case map[string]any:
		if n, _ := v["nullable"].(bool); n {
			if t, ok := v["type"].(string); ok {
				v["type"] = []any{t, "null"}
			}
		}
		for _, x := range v {
			fixNullable(x)
		}
	case []any:
		for _, x := range v {
			fixNullable(x)
		}
	}
}

func intRange(lo, hi float64) func(any) error {
	return func(v any) error {
		var f float64
		switch n := v.(type) {
		case json.Number:
			if _, err := n.Int64(); err != nil && !strings.ContainsAny(string(n), ".eE") {
				return fmt.Errorf("%s is out of range", n)
			}
			x, err := n.Float64()
			if err != nil {
				return err
			}
			f = x
		case float64:
			f = n
		default:
			return nil // the type keyword checks the type
		}
		if f < lo || f > hi {
			return fmt.Errorf("%v is out of range", v)
		}
		return nil
	}
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func arr(v any) []any          { a, _ := v.([]any); return a }
func str(v any) string         { s, _ := v.(string); return s }

// match finds the operation for a method and path, and the path
// parameters' values.
func (s *spec) match(method, path string) (*specOp, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, op := range s.ops {
		if op.method != method || len(op.segs) != len(segs) {
			continue
		}
		vals := map[string]string{}
		ok := true
		for i, t := range op.segs {
			switch {
			case strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}"):
				if segs[i] == "" {
					ok = false
				}
				vals[t[1:len(t)-1]] = segs[i]
			case t != segs[i]:
				ok = false
			}
		}
		if ok {
			return op, vals
		}
	}
	return nil, nil
}

// checkRequest returns every way r departs from the description, with the
// matched operation, and the body it read (r.Body is consumed).
func (s *spec) checkRequest(r *http.Request) (*specOp, []byte, []string) {
	var bad []string
	body, _ := io.ReadAll(r.Body)
	op, pathVals := s.match(r.Method, r.URL.Path)
	if op == nil {
		return nil, body, []string{fmt.Sprintf("no operation %s %s in the description", r.Method, r.URL.Path)}
	}
	where := op.method + " " + op.template
	if op.bearer {
		if a := r.Header.Get("Authorization"); !strings.HasPrefix(a, "Bearer ") || len(a) == len("Bearer ") {
			bad = append(bad, where+": no bearer token")
		}
	}
	q := r.URL.Query()
	declared := map[string]bool{}
	for _, p := range op.params {
		var vals []string
		switch p.in {
		case "path":
			if v, ok := pathVals[p.name]; ok {
				vals = []string{v}
			}
		case "query":
			declared[p.name] = true
			vals = q[p.name]
		case "header":
			vals = r.Header.Values(p.name)
		}
		if len(vals) == 0 {
			if p.required {
				bad = append(bad, fmt.Sprintf("%s: %s parameter %s missing", where, p.in, p.name))
			}
			continue
		}
		if len(vals) > 1 {
			bad = append(bad, fmt.Sprintf("%s: %s parameter %s repeated", where, p.in, p.name))
		}
		if p.schema != nil {
			if err := p.schema.Validate(vals[0]); err != nil {
				bad = append(bad, fmt.Sprintf("%s: %s parameter %s=%q: %v", where, p.in, p.name, vals[0], err))
			}
		}
	}
	for k := range q {
		if !declared[k] {
			bad = append(bad, fmt.Sprintf("%s: query parameter %s not in the description", where, k))
		}
	}
	switch {
	case op.body != nil:
		if len(body) == 0 {
			if op.bodyRequired {
				bad = append(bad, where+": request body missing")
			}
			break
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			bad = append(bad, fmt.Sprintf("%s: Content-Type %q", where, ct))
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s: body is not JSON: %v", where, err))
			break
		}
		if err := op.body.Validate(inst); err != nil {
			bad = append(bad, fmt.Sprintf("%s: body %s: %v", where, body, err))
		}
	case len(body) > 0 && strings.TrimSpace(string(body)) != "{}":
		// An operation with no request body: only the empty object GOV.UK
		// Pay's firewall asks of every POST is allowed.
		bad = append(bad, fmt.Sprintf("%s: takes no body, got %s", where, body))
	}
	return op, body, bad
}

// checkResponse returns how a response departs from the operation's
// description.
func (op *specOp) checkResponse(status int, body []byte) []string {
	where := fmt.Sprintf("%s %s answering %d", op.method, op.template, status)
	sch, ok := op.responses[fmt.Sprint(status)]
	if !ok {
		return []string{where + ": status not in the description"}
	}
	if sch == nil {
		if len(body) > 0 {
			return []string{where + ": the description gives this status no body"}
		}
		return nil
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return []string{fmt.Sprintf("%s: body is not JSON: %v", where, err)}
	}
	if err := sch.Validate(inst); err != nil {
		return []string{fmt.Sprintf("%s: body %s: %v", where, body, err)}
	}
	return nil
}
