package main

// End-to-end tests in headless Chromium, driven from Go with chromedp.
//
// They start the portal on a loopback httptest server and click through the
// journeys as a resident would, in English and in Welsh, saving a
// screenshot of every page under $COUNCILKIT_ARTEFACTS/e2e (or a temporary
// directory). Without Chromium they skip, except under CI=true, where a
// missing browser fails the run: examples/portal/ci-chromium.sh installs
// Debian's chromium package.

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lgds/councilkit"
)

// chromiumPath finds the browser, or skips (fails under CI).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("COUNCILKIT_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed, and CI=true needs the browser tests: run examples/portal/ci-chromium.sh")
	}
	t.Skip("chromium not installed; skipping browser tests (apt-get install chromium to run them)")
	return ""
}

// artefactsDir is where screenshots go.
func artefactsDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("COUNCILKIT_ARTEFACTS"); d != "" {
		dir := filepath.Join(d, "e2e")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// startBrowser launches one headless Chromium for a test and returns a
// context holding it. Each journey then runs in its own browser context
// (its own cookie jar), like a separate resident.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1024, 900),
		chromedp.UserDataDir(t.TempDir()),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	// Start the browser with an empty action, outside any timeout (a
	// timeout on the first Run would stop the whole browser).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// resident drives one browser context through the portal.
type resident struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
	lang string
	shot int
}

func newResident(t *testing.T, browser context.Context, base, dir, lang string) *resident {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Generous: the whole of a resident's journeys, on a busy CI machine.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return &resident{t: t, ctx: ctx, base: base, dir: dir, lang: lang}
}

func (r *resident) do(steps ...chromedp.Action[chromedp.Void]) {
	r.t.Helper()
	if err := chromedp.Do(r.ctx, steps...); err != nil {
		r.screenshot("failure")
		r.t.Fatalf("browser: %v", err)
	}
}

// visit opens a path.
func (r *resident) visit(path string) {
	r.t.Helper()
	r.do(chromedp.Navigate(r.base + path))
}

// onPage waits for the page template named, and saves a screenshot.
func (r *resident) onPage(page string) {
	r.t.Helper()
	r.do(chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`main[data-page=%q]`, page))))
	r.screenshot(page)
}

// click clicks the element with the CSS selector.
func (r *resident) click(sel string) {
	r.t.Helper()
	r.do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

// fill types a value into the input with the CSS selector.
func (r *resident) fill(sel, value string) {
	r.t.Helper()
	r.do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), value))
}

// text returns the visible text of the element with the CSS selector.
func (r *resident) text(sel string) string {
	r.t.Helper()
	s, err := chromedp.Run(r.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		r.screenshot("failure")
		r.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// eval evaluates JavaScript in the page (DevTools evaluation is not
// bound by the portal's no-script content security policy).
func (r *resident) eval(js string) string {
	r.t.Helper()
	s, err := chromedp.Run(r.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		r.t.Fatalf("eval %s: %v", js, err)
	}
	return s
}

// expectText fails unless the element's text contains want.
func (r *resident) expectText(sel, want string) {
	r.t.Helper()
	if got := r.text(sel); !strings.Contains(got, want) {
		r.screenshot("failure")
		r.t.Errorf("%s: text %q does not contain %q", sel, got, want)
	}
}

// screenshot saves the whole page as NN-lang-name.png.
func (r *resident) screenshot(name string) {
	r.t.Helper()
	buf, err := chromedp.Run(r.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			r.t.Logf("screenshot %s: %v", name, err)
		}
		return
	}
	r.shot++
	p := filepath.Join(r.dir, fmt.Sprintf("%s-%02d-%s.png", r.lang, r.shot, name))
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		r.t.Errorf("save screenshot: %v", err)
	}
}

// pick returns the English or Welsh text for this resident's language.
func (r *resident) pick(t councilkit.Text) string {
	if r.lang == "cy" {
		return t.Welsh
	}
	return t.English
}

func TestBrowserJourneys(t *testing.T) {
	browser := startBrowser(t)
	dir := artefactsDir(t)
	t.Logf("screenshots in %s", dir)

	for _, lang := range []string{"en", "cy"} {
		t.Run(lang, func(t *testing.T) {
			// A portal per language, so that each resident starts from the
			// same seed.
			srv, err := newServer(context.Background(), config{Clock: councilkit.NewFixedClock(testNow), Log: discardLogger()})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			r := newResident(t, browser, ts.URL, dir, lang)
			r.visit("/")
			r.onPage("home")
			if lang == "cy" {
				r.click("#language-toggle")
				r.do(chromedp.WaitVisible(chromedp.CSS(`html[lang="cy"]`)))
				r.screenshot("home-welsh")
			}
			r.expectText("h1", r.pick(catalogue["home.title"]))
			r.expectText(".govuk-phase-banner__content__tag", r.pick(catalogue["phase.tag"]))

			r.signInJourney()
			r.payCouncilTax()
			r.applyForSchool()
			r.applyForPlanning()
			r.decidePlanning()
		})
	}
}

// signInJourney signs in through the local development provider, first
// sending the form empty to see the error summary work. The header's link
// asks for One Login's default level (Cl.Cm), so no identity check is
// asked for and the header shows the email address.
func (r *resident) signInJourney() {
	r.t.Helper()
	r.click("#sign-in-link")
	r.onPage("signin")
	r.expectText("h1", r.pick(catalogue["signin.title"]))
	r.expectText("#dev-provider-label", r.pick(catalogue["signin.caption"]))

	r.click("#sign-in")
	r.do(chromedp.WaitVisible(chromedp.CSS("#error-summary")))
	r.screenshot("signin-error")
	r.expectText("#error-summary", r.pick(catalogue["signin.required"]))
	if title := r.eval("document.title"); !strings.HasPrefix(title, r.pick(catalogue["error.prefix"])+":") {
		r.t.Errorf("title %q does not start with the error prefix", title)
	}
	// The summary links to the field: following it focuses the first radio.
	r.click(`#error-summary a[href="#persona"]`)
	if id := r.eval("document.activeElement.id"); id != "persona" {
		r.t.Errorf("error summary link focused %q, want persona", id)
	}

	r.click("#persona")
	r.click("#sign-in")
	r.onPage("home")
	r.expectText(".app-header__user", "alex.example@example.com")
}

// proveIdentity answers the sign-in page a journey that needs an identity
// check sends the resident to: the page says why, and signing in again as
// the resident with identity checked (P2) reaches the journey.
func (r *resident) proveIdentity() {
	r.t.Helper()
	r.onPage("signin")
	r.expectText("#level-needed", "Cl.Cm.P2")
	r.click("#persona")
	r.click("#sign-in")
}

// payCouncilTax looks up a bill, pays the next instalment through the
// sandbox and checks the confirmation, which the portal reads from the
// provider.
func (r *resident) payCouncilTax() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-counciltax")
	r.onPage("ct-lookup")
	r.click("#continue")
	r.do(chromedp.WaitVisible(chromedp.CSS("#error-summary")))
	r.screenshot("ct-lookup-error")
	r.expectText("#error-summary", r.pick(catalogue["ct.ref.required"]))

	r.fill("#account_reference", "10000001")
	r.click("#continue")
	r.onPage("ct-bill")
	r.expectText("#payable", "£1,723.19")
	r.click("#choice") // the next instalment
	r.click("#pay")
	r.onPage("pay-sandbox")
	r.expectText("#pay-amount", "£172.00")
	r.fill("#card_number", "4444 3333 2222 1111")
	r.click("#pay-now")
	r.onPage("pay-result")
	r.expectText("#payment-panel", r.pick(catalogue["pay.done.title"]))
	r.expectText("#paid-amount", "£172.00")

	r.visit("/council-tax/bill")
	r.onPage("ct-bill")
	r.expectText("#paid", "£172.00")
}

// applyForSchool applies for a Reception place: the child page sent empty
// (error summary), then filled in, an address, two preferences, check
// answers and send.
func (r *resident) applyForSchool() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-schools")
	r.proveIdentity()
	r.onPage("schools-start")
	r.expectText(".app-header__user", "Alex Example")
	r.click("#start-application")
	r.onPage("schools-child")
	r.click("#continue")
	r.do(chromedp.WaitVisible(chromedp.CSS("#error-summary")))
	r.screenshot("schools-child-error")
	r.click(`#error-summary a[href="#child-date_of_birth"]`)
	if id := r.eval("document.activeElement.id"); id != "child-date_of_birth" {
		r.t.Errorf("error summary link focused %q, want the day of the date of birth", id)
	}

	r.fill("#child-given_names", "Robin")
	r.fill("#child-family_name", "Example")
	r.fill("#child-date_of_birth", "3")
	r.fill("#child-date_of_birth-month", "2")
	r.fill("#child-date_of_birth-year", "2023")
	r.click("#continue")
	r.onPage("schools-address")
	r.click("#home") // the first address
	r.click("#continue")
	r.onPage("schools-preferences")
	r.do(chromedp.SetValue(chromedp.CSS("#preferences-0"), "990101"), chromedp.SetValue(chromedp.CSS("#preferences-1"), "990103"))
	r.click("#continue")
	r.onPage("schools-check")
	r.expectText(".govuk-summary-list", "Robin Example")
	r.expectText(".govuk-summary-list", "Orchard Lane Primary School")
	r.click("#submit-application")
	r.onPage("schools-application")
	r.expectText("#application-panel", r.pick(catalogue["adm.app.received"]))
}

// applyForPlanning makes a householder planning application: the type
// page sent empty (error summary), then every question, the fee with its
// breakdown, payment through the sandbox, and the tracking page with the
// reference the package issued.
func (r *resident) applyForPlanning() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-planning")
	r.onPage("planning-start")
	r.click("#start-planning-application")
	r.onPage("planning-type")
	r.click("#continue")
	r.do(chromedp.WaitVisible(chromedp.CSS("#error-summary")))
	r.screenshot("planning-type-error")
	r.expectText("#error-summary", r.pick(catalogue["plan.type.required"]))

	r.click("#type") // householder planning permission
	r.click("#continue")
	r.onPage("planning-site")
	r.click("#site") // the first address
	r.click("#continue")
	r.onPage("planning-description")
	r.fill("#proposal-description", "Single-storey rear extension, 3 metres deep.")
	r.click("#continue")
	r.onPage("planning-applicant")
	r.fill("#applicant-contact-email", "alex@example.com")
	r.click("#continue")
	r.onPage("planning-documents")
	for _, id := range []string{"#documents", "#documents-1", "#documents-2", "#documents-3"} {
		r.click(id)
	}
	r.click("#continue")
	r.onPage("planning-ownership")
	r.click("#ownership-certificate") // certificate A
	r.click("#continue")
	r.onPage("planning-check")
	r.expectText(".govuk-summary-list", "1 Example Row")
	r.expectText("#fee-breakdown", "6(1)")
	r.expectText("#fee-total", "£548.00")
	r.click("#declaration-connection") // no connection to the council
	r.click("#declaration-accurate")
	r.click("#pay-planning")
	r.onPage("pay-sandbox")
	r.expectText("#pay-amount", "£548.00")
	r.fill("#card_number", "4444 3333 2222 1111")
	r.click("#pay-now")
	r.onPage("planning-application")
	r.expectText("#planning-panel", r.pick(catalogue["plan.app.received"]))
	r.expectText("#plan-reference", "26/00004/HOU")
	r.expectText("#plan-state", r.pick(catalogue["plan.state.submitted"]))
}

// decidePlanning signs out, signs in as the officer persona, and takes the
// application just made through the planning lifecycle: valid (from the
// day it arrived, with its statutory dates), consultation, assessment,
// recommendation, then granted.
func (r *resident) decidePlanning() {
	r.t.Helper()
	r.click("#sign-out")
	r.onPage("home")
	r.click("#sign-in-link")
	r.onPage("signin")
	r.click("#persona-1") // the officer
	r.click("#sign-in")
	r.onPage("home")
	r.click("#start-officer-planning")
	r.onPage("officer-planning")
	r.expectText("#planning-register", "26/00004/HOU")
	r.click(`#planning-register tbody tr:last-child a`)
	r.onPage("officer-planning-app")
	// Each step reloads the same page: wait for its new line of history.
	step := func(button string, rows int) {
		r.t.Helper()
		r.click(button)
		r.do(chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#plan-history tbody tr:nth-child(%d)", rows))))
		r.screenshot("officer-planning-app")
	}
	step("#mark-valid", 2)
	r.expectText("#plan-state", r.pick(catalogue["plan.state.valid"]))
	// Valid from 23 November 2026: decided within 8 weeks beginning with
	// the day after (DMPO 2015 art. 34(2)(a)).
	r.expectText("#plan-deadline", r.pick(councilkit.Text{English: "18 January 2027", Welsh: "18 Ionawr 2027"}))
	step("#move-consultation", 3)
	step("#move-assessment", 4)
	step("#move-awaiting_determination", 5)
	r.click("#decision") // granted
	step("#determine", 6)
	r.expectText("#plan-decision", r.pick(catalogue["plan.decision.granted"]))
}
