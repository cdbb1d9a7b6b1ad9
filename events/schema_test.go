package events

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lgds/councilkit/calendar"
)

var update = flag.Bool("update", false, "rewrite the schemas from the payload structs")

var dateType = reflect.TypeOf(calendar.Date{})

// schemaOf describes a payload struct as a JSON Schema: every field
// required, no others allowed.
func schemaOf(t Type) map[string]any {
	rt := reflect.TypeOf(t.NewPayload()).Elem()
	props := map[string]any{}
	var required []string
	for i := range rt.NumField() {
		f := rt.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		required = append(required, name)
		var p map[string]any
		switch {
		case f.Type == dateType:
			p = map[string]any{"type": []string{"string", "null"}, "format": "date"}
		case f.Type.Kind() == reflect.String:
			p = map[string]any{"type": "string"}
		case f.Type.Kind() == reflect.Int, f.Type.Kind() == reflect.Int64:
			p = map[string]any{"type": "integer"}
		case f.Type.Kind() == reflect.Bool:
			p = map[string]any{"type": "boolean"}
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			p = map[string]any{"type": []string{"array", "null"}, "items": map[string]any{"type": "string"}}
		default:
			panic("schemaOf: no schema for " + f.Type.String())
		}
		props[name] = p
	}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  t.SchemaURL(),
		"title":                t.Short(),
		"description":          "The data of councilkit's " + t.Short() + " event; see the " + rt.Name() + " type in package events.",
		"type":                 "object",
		"properties":           props,
		"required":             required,
		"additionalProperties": false,
	}
}

func marshalSchema(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// TestSchemasPublished keeps schemas/ equal to the payload structs: a
// change to a payload without a new schema (and so a new version) fails.
// Run with -update to rewrite them, then read the diff.
func TestSchemasPublished(t *testing.T) {
	files := map[string][]byte{"event.json": marshalSchema(envelopeSchema())}
	for _, typ := range Types() {
		files[typ.Short()+".json"] = marshalSchema(schemaOf(typ))
	}
	for name, want := range files {
		path := filepath.Join("schemas", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := Schemas.ReadFile("schemas/" + name)
		if err != nil {
			t.Errorf("%s is not published: %v (run go test -update ./events)", path, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the payload struct; a change to a published type needs a new version (run go test -update ./events to rewrite)", path)
		}
	}
	if *update {
		return
	}
	entries, _ := Schemas.ReadDir("schemas")
	if len(entries) != len(files) {
		t.Errorf("schemas/ holds %d files, want %d", len(entries), len(files))
	}
}

// envelopeSchema describes the CloudEvents envelope with councilkit's
// extension attributes.
func envelopeSchema() map[string]any {
	str := map[string]any{"type": "string", "minLength": 1}
	var types []string
	for _, typ := range Types() {
		types = append(types, string(typ))
	}
	return map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://github.com/lgds/councilkit/blob/main/events/schemas/event.json",
		"title":       "councilkit event",
		"description": "A councilkit domain event: a CloudEvents 1.0 event in structured JSON mode, with the extension attributes council and actor. Its data follows the schema named by dataschema.",
		"type":        "object",
		"properties": map[string]any{
			"specversion":     map[string]any{"const": SpecVersion},
			"id":              str,
			"source":          map[string]any{"type": "string", "pattern": "^/councils/[ENSW][0-9]{8}/[a-z]+$"},
			"type":            map[string]any{"enum": types},
			"subject":         str,
			"time":            map[string]any{"type": "string", "format": "date-time"},
			"datacontenttype": map[string]any{"const": "application/json"},
			"dataschema":      map[string]any{"type": "string", "format": "uri"},
			"council":         map[string]any{"type": "string", "pattern": "^[ENSW][0-9]{8}$"},
			"actor": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"kind": map[string]any{"enum": []string{string(ActorResident), string(ActorOfficer), string(ActorSystem), string(ActorProvider)}},
					"id":   map[string]any{"type": "string"},
				},
				"required":             []string{"kind"},
				"additionalProperties": false,
			},
			"data": map[string]any{"type": "object"},
		},
		"required":             []string{"specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "council", "actor", "data"},
		"additionalProperties": false,
	}
}
