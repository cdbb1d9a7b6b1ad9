package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

// TestPagesNameTheCouncil: every page's header, title and footer name the
// request's council from the portal's directory, in the page's language,
// with its contact details; no template carries the name.
func TestPagesNameTheCouncil(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/", []string{
			`id="council-home">Ashdown Vale Council</a>`,
			"<title>Council services – Online services – Ashdown Vale Council</title>",
			`id="council-name">Ashdown Vale Council<`,
			`id="council-contact"`, "Contact details", "Civic Centre<br>High Street<br>Ashdown<br>AV1 1AA",
			"Phone: 01632 960 000", "Email: contact@ashdownvale.example", "Website: https://ashdownvale.example",
			"Opening hours: Monday to Friday, 9am to 5pm",
			"Its GSS code, which belongs to no real authority: E06000099.",
		}},
		{"/?lang=cy", []string{
			`id="council-home">Cyngor Dyffryn Ashdown</a>`,
			"<title>Gwasanaethau’r cyngor – Gwasanaethau ar-lein – Cyngor Dyffryn Ashdown</title>",
			"Manylion cyswllt", "Canolfan Ddinesig<br>Stryd Fawr",
			"Ffôn: 01632 960 000", "Gwefan: https://ashdownvale.example", "Oriau agor: Dydd Llun i ddydd Gwener, 9yb i 5yp",
			"nad yw’n perthyn i unrhyw awdurdod go iawn: E06000099.",
		}},
		{"/council-tax?lang=en", []string{"– Online services – Ashdown Vale Council</title>", `id="council-home">Ashdown Vale Council</a>`}},
	} {
		pg := b.get(tc.path)
		mustStatus(t, pg, http.StatusOK)
		mustContain(t, pg, tc.want...)
	}
	for _, key := range []string{"council.name"} {
		if _, ok := catalogue[key]; ok {
			t.Errorf("catalogue still names the council under %q", key)
		}
	}
}

// TestBillPageNamesTheCouncil: the bill is computed from charges that carry
// the council's profile, so the bill itself names the council.
func TestBillPageNamesTheCouncil(t *testing.T) {
	p := newPortal(t)
	b := p.browser()
	pg := b.lookUpBill("10000001")
	mustStatus(t, pg, http.StatusOK)
	row := `<dt class="govuk-summary-list__key">%s</dt>
    <dd class="govuk-summary-list__value">%s</dd>`
	mustContain(t, pg, fmt.Sprintf(row, "Council", "Ashdown Vale Council"))
	bill := p.srv.sites.list[0].ctAccounts["10000001"].Bill
	if got := bill.Text(councilkit.Welsh); !strings.Contains(got, "Cyngor: Cyngor Dyffryn Ashdown\n") || !strings.Contains(got, "Manylion cyswllt\n") {
		t.Errorf("seeded bill does not name the council:\n%s", got)
	}
	pg = b.get("/council-tax/bill?lang=cy")
	mustContain(t, pg, fmt.Sprintf(row, "Cyngor", "Cyngor Dyffryn Ashdown"))
}

// TestUnknownCouncilNamedByCode: a request for a council the directory does
// not hold is named by its GSS code, never by another council's name.
func TestUnknownCouncilNamedByCode(t *testing.T) {
	p := newPortal(t)
	empty, err := councilkit.NewDirectory()
	if err != nil {
		t.Fatal(err)
	}
	p.srv.councils = empty
	pg := p.browser().get("/")
	mustStatus(t, pg, http.StatusOK)
	mustContain(t, pg, `id="council-home">E06000099</a>`)
	if pg.has("Ashdown Vale Council") || pg.has(`id="council-contact"`) {
		t.Error("a council missing from the directory was named or given contact details")
	}
}
