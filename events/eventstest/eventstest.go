// Package eventstest helps the stores' conformance suites check the events
// a store records: that each is valid against the published JSON Schemas
// (the CloudEvents envelope and the type's data), and that a log holds
// what it should.
package eventstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lgds/councilkit/events"
)

var (
	compiled struct {
		once    sync.Once
		schemas map[string]*jsonschema.Schema
		err     error
	}
)

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
		compiled.schemas = map[string]*jsonschema.Schema{}
		for _, e := range entries {
			s, err := c.Compile(e.Name())
			if err != nil {
				compiled.err = err
				return
			}
			compiled.schemas[e.Name()] = s
		}
	})
	return compiled.schemas, compiled.err
}

// Validate checks e against the published schemas: its JSON against the
// envelope's (event.json), its data against its type's, and that
// events.Decode reads it back (which refuses data fields the type does not
// have).
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
