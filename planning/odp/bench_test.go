package odp_test

import (
	"testing"

	"github.com/lgds/councilkit/planning/odp"
)

func BenchmarkImport(b *testing.B) {
	data := examples(b)["planningPermission-fullHouseholder.json"]
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := odp.Import(data, lambeth); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExport(b *testing.B) {
	a, err := odp.Import(examples(b)["planningPermission-fullHouseholder.json"], lambeth)
	if err != nil {
		b.Fatal(err)
	}
	a.Proposal.Description = "changed"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := odp.Export(a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate checks an imported application: planning's checks,
// the values kept from its payload (read again from Source) and its fee.
func BenchmarkValidate(b *testing.B) {
	a, err := odp.Import(examples(b)["planningPermission-fullHouseholder.json"], lambeth)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = odp.Validate(a)
	}
}
