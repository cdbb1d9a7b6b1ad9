package main

// The accessibility checks the browser tests run on every page: axe-core
// against WCAG 2.2 A and AA and axe's best practices, and reflow at 320 CSS
// pixels (WCAG 2.2 success criterion 1.4.10, Reflow:
// https://www.w3.org/TR/WCAG22/#reflow).

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core's axe.min.js, vendored unmodified from npm with its
// licence: see testdata/axe-core/README.
//
//go:embed testdata/axe-core/axe.min.js
var axeSource string

// axeTags select the rules axe runs: every WCAG 2.0, 2.1 and 2.2 level A
// and AA rule, and axe's best practices (landmarks, one h1 a page, and so
// on). https://github.com/dequelabs/axe-core/blob/develop/doc/API.md#axe-core-tags
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// reflowWidth is the width WCAG's reflow criterion names: content must
// not need scrolling in two dimensions at 320 CSS pixels.
const reflowWidth = 320

// axeViolation is one rule a page breaks, as axe reports it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target         []any  `json:"target"`
		HTML           string `json:"html"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

// formatViolations lists violations one rule a paragraph, each element on
// its own line with axe's summary of what to fix.
func formatViolations(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			summary := strings.ReplaceAll(strings.TrimSpace(n.FailureSummary), "\n", "\n        ")
			fmt.Fprintf(&b, "\n      %v %s\n        %s", n.Target, truncate(n.HTML, 160), summary)
		}
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// settle waits until the page has loaded and GOV.UK Frontend's module has
// run, so that the checks see the page a resident sees.
func (r *resident) settle() {
	r.t.Helper()
	_, err := chromedp.Run(r.ctx, chromedp.Poll[bool](`document.readyState === "complete" && document.body.classList.contains("govuk-frontend-supported")`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		r.screenshot("failure")
		r.t.Fatalf("page did not load with GOV.UK Frontend's scripts: %v", err)
	}
}

// audit checks the page on screen, which the test reached as state (a
// page template's name, with "-error" when it shows the error summary):
// nothing is wider than 320 CSS pixels, and axe finds no violation. It
// saves a screenshot at 320 pixels and one at the usual width, and
// records the page and state as checked.
func (r *resident) audit(state string) {
	r.t.Helper()
	r.settle()
	page := r.eval(`document.querySelector("main").dataset.page`)
	r.audited[page] = true
	r.states[state] = true
	if lang := r.eval("document.documentElement.lang"); lang != r.lang {
		r.t.Errorf("%s: html lang=%q, want %q", state, lang, r.lang)
	}

	// Reflow: at 320 CSS pixels nothing may need horizontal scrolling.
	r.do(chromedp.EmulateViewport(reflowWidth, 800))
	r.nextFrames()
	width := r.eval(`String(document.documentElement.scrollWidth)`)
	if width != fmt.Sprint(reflowWidth) {
		wide := r.eval(fmt.Sprintf(`Array.from(document.querySelectorAll("body *"))
			.filter(e => e.getBoundingClientRect().right > %d && e.children.length === 0)
			.slice(0, 5).map(e => e.outerHTML.slice(0, 120)).join("\n      ")`, reflowWidth))
		r.t.Errorf("%s (%s): the page is %s CSS pixels wide at a %d pixel viewport; wider than the viewport:\n      %s", state, r.lang, width, reflowWidth, wide)
	}
	r.screenshot(state + "-320")
	r.do(chromedp.EmulateViewport(windowWidth, windowHeight))
	// GOV.UK Frontend's service navigation answers the change of width
	// by showing or hiding its menu: let it, before anything is clicked.
	r.nextFrames()

	if r.eval(`typeof axe`) == "undefined" {
		// DevTools evaluation, like the resident's browser extensions, is
		// outside the page's content security policy.
		if _, err := chromedp.Run(r.ctx, chromedp.Evaluate[bool](axeSource+"\n;true")); err != nil {
			r.t.Fatalf("inject axe-core: %v", err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	js := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
		.then(res => JSON.stringify(res.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary}))}))))`, tags)
	out, err := chromedp.Run(r.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		r.t.Fatalf("%s: run axe-core: %v", state, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		r.t.Fatalf("%s: axe-core's result: %v", state, err)
	}
	if len(vs) > 0 {
		r.t.Errorf("%s (%s, %s): axe-core finds %d accessibility violations:%s", state, r.lang, r.eval("location.pathname"), len(vs), formatViolations(vs))
	}

	r.screenshot(state)
}

// nextFrames waits for the page to render twice, so that scripts run on a
// change of layout have run.
func (r *resident) nextFrames() {
	r.t.Helper()
	_, err := chromedp.Run(r.ctx, chromedp.Evaluate[bool](`new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(() => ok(true))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		r.t.Fatalf("wait for the page to render: %v", err)
	}
}

// onError waits for the error summary a failed submit shows, checks that
// GOV.UK Frontend moved the focus to it, and audits the page.
func (r *resident) onError(state string) {
	r.t.Helper()
	r.do(chromedp.WaitVisible(chromedp.CSS("#error-summary")))
	r.settle()
	_, err := chromedp.Run(r.ctx, chromedp.Poll[bool](`document.activeElement && document.activeElement.id === "error-summary"`,
		chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		r.t.Errorf("%s: the error summary does not have the focus after the failed submit (focus on %q)", state, r.eval("document.activeElement.id || document.activeElement.tagName"))
	}
	r.audit(state + "-error")
}

// checkCoverage fails unless every page template was audited, and every
// state in wantStates was reached.
func (r *resident) checkCoverage(wantStates []string) {
	r.t.Helper()
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		r.t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" || name == "components" {
			continue
		}
		if !r.audited[name] {
			r.t.Errorf("page %s was never audited in %s", name, r.lang)
		}
	}
	for _, s := range wantStates {
		if !r.states[s] {
			r.t.Errorf("state %s was never audited in %s", s, r.lang)
		}
	}
	var got []string
	for s := range r.states {
		got = append(got, s)
	}
	slices.Sort(got)
	r.t.Logf("%s: audited %d pages in %d states: %s", r.lang, len(r.audited), len(got), strings.Join(got, " "))
}
