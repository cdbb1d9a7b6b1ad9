package main

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
)

// TestHintExamplesParse feeds every example value the portal shows in a
// hint or an error message ("For example, 27 3 1985", "like 450.00") to
// the parser of the field it is for: a resident who copies the example
// must not be refused (issue 19, item 6: the NINO hint's
// "QQ 12 34 56 C", the GOV.UK pattern's own example, was refused by
// identity.ParseNINO, because QQ is a prefix HMRC never allocates).
// Every catalogue entry that gives an example must be listed here, in
// both languages.
func TestHintExamplesParse(t *testing.T) {
	money := func(s string) error { _, err := payments.ParseAmount(s); return err }
	grid := func(s string) error { _, err := identity.ParseGridPoint(s); return err }
	type exampleCase struct {
		examples []string
		parse    func(string) error
		cy       []string // the Welsh text's own examples, if they differ
	}
	cases := map[string]exampleCase{
		"fsm.parent.nino.hint": {examples: []string{"AB 12 34 56 C"}, parse: func(s string) error { _, err := identity.ParseNINO(s); return err }},
		"fsm.dob.hint": {examples: []string{"27 3 1985"}, parse: func(s string) error {
			p := strings.Fields(s)
			if _, _, ok := dateProblem(subjectParentDOB, p[0], p[1], p[2]); !ok {
				return errBadExample
			}
			if _, _, ok := parseDateParts(p[0], p[1], p[2]); !ok {
				return errBadExample
			}
			return nil
		}},
		"fsm.uc.hint":            {examples: []string{"450.00"}, parse: money},
		"fsm.ctc.hint":           {examples: []string{"15000"}, parse: money},
		"fsm.money.invalid":      {examples: []string{"450.00"}, parse: money},
		"refund.amount.hint":     {examples: []string{"12.50"}, parse: money},
		"refund.amount.invalid":  {examples: []string{"12.50"}, parse: money},
		"plan.site.grid.hint":    {examples: []string{"452100, 151250"}, parse: grid},
		"plan.site.grid.invalid": {examples: []string{"452100, 151250"}, parse: grid},
		"plan.applicant.email.invalid": {examples: []string{"name@example.com"}, cy: []string{"enw@example.com"},
			parse: func(s string) error { return identity.Contact{Email: s}.Validate() }},
		"ct.email.invalid": {examples: []string{"name@example.com"}, cy: []string{"enw@example.com"},
			parse: func(s string) error {
				if e, ok := parseReceiptEmail(s); !ok || e != s {
					return errBadExample
				}
				return nil
			}},
		// Paid with, spaces and all, below.
		"sandbox.card.hint": {examples: []string{"4444 3333 2222 1111"}},
		"plan.desc.hint":    {}, // an example of prose, not of a format
		"ct.ref.hint":       {examples: []string{"10000001", "10000002", "10000003", "10000004"}},
		"ct.postcode.hint": {examples: []string{"AV1 1AA", "AV1 2AB", "AV2 3DX", "AV2 4EF"},
			parse: func(s string) error { _, err := identity.ParsePostcode(s); return err }},
	}
	// Which entries give an example: the words that introduce one.
	intro := regexp.MustCompile(`(?i)for example|, like |such as \d|er enghraifft|in this example, (try|the)`)
	var keys []string
	for k, v := range catalogue {
		if intro.MatchString(v.English) || intro.MatchString(v.Welsh) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		c, ok := cases[k]
		if !ok {
			t.Errorf("catalogue entry %q gives an example: add it to this test with its parser", k)
			continue
		}
		v := catalogue[k]
		cy := c.cy
		if cy == nil {
			cy = c.examples
		}
		for lang, exs := range map[string][]string{v.English: c.examples, v.Welsh: cy} {
			for _, ex := range exs {
				if !strings.Contains(lang, ex) {
					t.Errorf("%s: the example %q is not in %q", k, ex, lang)
				}
				if c.parse != nil {
					if err := c.parse(ex); err != nil {
						t.Errorf("%s: the example %q is refused: %v", k, ex, err)
					}
				}
			}
		}
	}
	// The sandbox's test card, as the hint spells it, pays.
	p := newPortal(t)
	withTestPayment(p)
	b := p.browser()
	mustContain(t, b.payWith(b.startTestPayment(), cases["sandbox.card.hint"].examples[0]), "Payment received")
	// The account references in the hints are the seeded ones, each with
	// the postcode the postcode hint gives for it.
	pcs := cases["ct.postcode.hint"].examples
	for i, ref := range cases["ct.ref.hint"].examples {
		a, ok := p.srv.sites.list[0].ctAccounts[normaliseAccountRef(ref)]
		if !ok {
			t.Errorf("hint reference %s is not a seeded account", ref)
			continue
		}
		if !strings.Contains(catalogue["ct.postcode.hint"].English, ref+" at "+pcs[i]) || a.Address.Postcode.String() != pcs[i] {
			t.Errorf("hint pairs %s with %s; the account's postcode is %s", ref, pcs[i], a.Address.Postcode)
		}
	}
}

var errBadExample = &exampleError{}

type exampleError struct{}

func (*exampleError) Error() string { return "not accepted" }
