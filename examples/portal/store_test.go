package main

import (
	"reflect"

	"github.com/lgds/councilkit/payments"
)

// The test payment handler (pay_test.go) keeps its key under "test-key".
func init() { sessionValueTypes["test-key"] = reflect.TypeFor[payments.IdempotencyKey]() }
