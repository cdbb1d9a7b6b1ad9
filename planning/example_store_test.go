package planning_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/planning"
	"github.com/lgds/councilkit/planning/planningtest"
)

func ExampleNewMemStore() {
	ctx := context.Background()
	store := planning.NewMemStore()
	lambeth := councilkit.MustParseCouncil("E09000022")

	a := planningtest.NewApplication(lambeth, "0b7d1f0e-1c1d-4b8a-9d3e-2f9e6c1a7b20")
	f := planning.MustParseReferenceFormat("{YY}/{SEQ5}/{TYPE}")
	ref, err := planning.IssueReference(ctx, store, lambeth, f, 2025, a.Type)
	if err != nil {
		panic(err)
	}
	a.Reference = ref
	if err := store.Create(ctx, lambeth, a); err != nil {
		panic(err)
	}
	got, _ := store.GetByReference(ctx, lambeth, ref)
	fmt.Println(got.Reference, got.Type)

	// Another council cannot see it.
	_, err = store.Get(ctx, councilkit.MustParseCouncil("E09000007"), a.ID)
	fmt.Println(errors.Is(err, planning.ErrNotFound))

	// Change it with Modify, which retries if someone else saved first.
	got, err = planning.Modify(ctx, store, lambeth, a.ID, func(a *planning.Application) error {
		a.Proposal.Description = "Rear dormer roof extension and rooflights"
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(got.Version, got.Proposal.Description)
	// Output:
	// 25/00001/HOU pp.full.householder
	// true
	// 2 Rear dormer roof extension and rooflights
}

func ExampleCheckRequirements() {
	a := planningtest.NewApplication(councilkit.MustParseCouncil("E09000022"), "a1")
	a.Type = planning.TypeListed
	a.Fee = planning.Fee{NotApplicable: true}
	var ve *councilkit.ValidationError
	if errors.As(planning.CheckRequirements(a), &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s (%s): %s / %s\n", p.Field, p.Code, p.Message.English, p.Message.Welsh)
		}
	}
	// Output:
	// documents.design_and_access_statement (missing_document): Upload a design and access statement / Lanlwythwch ddatganiad dylunio a mynediad
	// documents.heritage_statement (missing_document): Upload a heritage statement describing the significance of the listed building / Lanlwythwch ddatganiad treftadaeth sy'n disgrifio arwyddocâd yr adeilad rhestredig
}
