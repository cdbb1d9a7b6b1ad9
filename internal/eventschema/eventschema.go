// Package eventschema checks events against the JSON Schemas package events
// publishes, for the stores' conformance suites: the envelope against
// event.json and the data against its type's schema.
package eventschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lgds/councilkit/events"
)

var compiled struct {
	once    sync.Once
	schemas map[string]*jsonschema.Schema
	err     error
}

func load() (map[string]*jsonschema.Schema, error) {
	compiled.once.Do(func() {
		entries, err := events.Schemas.ReadDir("schemas")
		if err != nil {
			compiled.err = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		for _, e := range entries {
			b, err := events.Schemas.ReadFile("schemas/" + e.Name())
			if err != nil {
				compiled.err = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				compiled.err = fmt.Errorf("schema %s: %w", e.Name(), err)
				return
			}
			if err := c.AddResource(e.Name(), doc); err != nil {
				compiled.err = err
				return
			}
		}
		out := map[string]*jsonschema.Schema{}
		for _, e := range entries {
			s, err := c.Compile(e.Name())
			if err != nil {
				compiled.err = err
				return
			}
			out[e.Name()] = s
		}
		compiled.schemas = out
	})
	return compiled.schemas, compiled.err
}

// Validate checks e's JSON against the envelope schema, its data against
// its type's schema, and that events.Decode reads it back (which refuses
// data fields the type does not have).
func Validate(e events.Event) error {
	schemas, err := load()
	if err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	check := func(name string, raw []byte) error {
		s, ok := schemas[name]
		if !ok {
			return fmt.Errorf("no published schema %s", name)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return err
		}
		if err := s.Validate(inst); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		return nil
	}
	if err := check("event.json", b); err != nil {
		return err
	}
	if err := check(e.Type.Short()+".json", e.Data); err != nil {
		return err
	}
	_, _, err = events.Decode(b)
	return err
}
