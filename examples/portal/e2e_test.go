package main

// End-to-end tests in headless Chromium, driven from Go with chromedp.
//
// They start the portal on a loopback httptest server and click through the
// journeys as a resident would, in English and in Welsh, saving a
// screenshot of every page under $COUNCILKIT_SCREENSHOTS, or else
// $COUNCILKIT_ARTEFACTS/e2e, or else a temporary directory. Every page, and
// every page showing an error, is checked with axe-core (testdata/axe-core)
// and at 320 CSS pixels wide: see audit. Without Chromium they skip, except
// under CI=true, where a missing browser fails the run:
// examples/portal/ci-chromium.sh installs Debian's chromium package.

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
	"github.com/lgds/councilkit/planning/planningtest"
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

// artefactsDir is where screenshots go: $COUNCILKIT_SCREENSHOTS, or
// $COUNCILKIT_ARTEFACTS/e2e, or a temporary directory.
func artefactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("COUNCILKIT_SCREENSHOTS")
	if dir == "" {
		if d := os.Getenv("COUNCILKIT_ARTEFACTS"); d != "" {
			dir = filepath.Join(d, "e2e")
		}
	}
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The browser's window: wide enough for GOV.UK Frontend's desktop layout.
const windowWidth, windowHeight = 1024, 900

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
		chromedp.WindowSize(windowWidth, windowHeight),
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
	// audited holds the page templates checked, states the pages and
	// error states (see audit).
	audited, states map[string]bool
	// clock is the portal's, for the journeys that need a later day.
	clock *councilkit.FixedClock
}

func newResident(t *testing.T, browser context.Context, base, dir, lang string) *resident {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Open the tab now, on a context that lives as long as the test: the
	// first action on a context opens its tab, and ends it when that
	// action's context ends, so it must not be one of do's timeouts.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	// Generous: the whole of a resident's journeys, every page audited,
	// on a busy CI machine.
	ctx, cancelTimeout := context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(cancelTimeout)
	return &resident{t: t, ctx: ctx, base: base, dir: dir, lang: lang, audited: map[string]bool{}, states: map[string]bool{}}
}

// do runs browser steps, each call within a minute, so that a page that
// never comes fails the test rather than hanging it.
func (r *resident) do(steps ...chromedp.Action[chromedp.Void]) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(r.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		r.screenshot("failure")
		r.t.Fatalf("browser: %v", err)
	}
}

// visit opens a path.
func (r *resident) visit(path string) {
	r.t.Helper()
	r.do(chromedp.Navigate(r.base + path))
}

// onPage waits for the page template named, and audits it.
func (r *resident) onPage(page string) {
	r.t.Helper()
	r.waitPage(page)
	r.audit(page)
}

// waitPage waits for the page template named.
func (r *resident) waitPage(page string) {
	r.t.Helper()
	r.do(chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`main[data-page=%q]`, page))))
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

// clear empties the input with the id.
func (r *resident) clear(id string) {
	r.t.Helper()
	r.eval(fmt.Sprintf(`document.getElementById(%q).value = ""`, id))
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

// errorStates are the pages whose failed submits the journeys must reach:
// each is audited with its error summary showing.
var errorStates = []string{
	"signin-error", "ct-lookup-error", "ct-bill-error", "pay-sandbox-error",
	"schools-child-error", "schools-address-error", "schools-preferences-error", "schools-application-error",
	"fsm-form-error",
	"planning-type-error", "planning-site-error", "planning-description-error", "planning-applicant-error",
	"planning-documents-error", "planning-ownership-error", "planning-check-error", "planning-application-error",
	"planning-documents-upload-error", "officer-planning-app-error", "officer-planning-app-comment-error", "officer-refund-error",
	"officer-webhooks-error",
}

// TestBrowserJourneys clicks through every journey in English and in
// Welsh, and audits every page and every error state on the way (axe-core,
// reflow at 320 pixels, a screenshot of each); it fails if any page
// template or error state went unchecked.
func TestBrowserJourneys(t *testing.T) {
	browser := startBrowser(t)
	dir := artefactsDir(t)
	t.Logf("screenshots in %s", dir)

	for _, lang := range []string{"en", "cy"} {
		t.Run(lang, func(t *testing.T) {
			// The two languages in two tabs at once: most of the time is
			// the browser's, and there is more than one core.
			t.Parallel()
			// A portal per language, so that each resident starts from the
			// same seed.
			clock := councilkit.NewFixedClock(testNow)
			srv, err := newServer(context.Background(), config{Clock: clock, Log: discardLogger()})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv)
			t.Cleanup(ts.Close)
			r := newResident(t, browser, ts.URL, dir, lang)
			r.clock = clock
			r.visit("/")
			if lang == "cy" {
				r.waitPage("home")
				r.click("#language-toggle")
				r.do(chromedp.WaitVisible(chromedp.CSS(`html[lang="cy"]`)))
			}
			r.onPage("home")
			r.expectText("h1", r.pick(catalogue["home.title"]))
			r.expectText(".govuk-phase-banner__content__tag", r.pick(catalogue["phase.tag"]))

			r.narrowMenu()
			r.footerPages()
			r.signInJourney()
			r.payCouncilTax()
			r.applyForSchool()
			r.findBillFromAddress()
			r.checkFreeSchoolMeals()
			r.applyForPlanning()
			r.invalidatePlanning()
			r.resendPlanningDocuments()
			r.decidePlanning()
			r.refundPayment()
			r.officerWebhooks() // e2e_events_test.go
			r.searchApplications()
			r.allocateSchoolPlaces()
			r.officerDeliveries() // e2e_events_test.go
			r.seeSchoolOffer()
			r.yourApplications() // e2e_events_test.go
			r.respondOnOfferDay()
			r.lockCouncilTaxLookup()
			r.notFound()
			r.otherCouncil()
			r.checkCoverage(errorStates)
		})
	}
}

// narrowMenu checks the service navigation's menu button, which GOV.UK
// Frontend's script shows on a narrow screen: the navigation starts
// hidden, and the button shows it.
func (r *resident) narrowMenu() {
	r.t.Helper()
	visible := func() string {
		return r.eval(`String(document.getElementById("navigation").getBoundingClientRect().height > 0)`)
	}
	r.do(chromedp.EmulateViewport(reflowWidth, 800))
	r.nextFrames()
	if visible() != "false" {
		r.t.Error("at 320 pixels the service navigation is open before the menu button is pressed")
	}
	r.click(".govuk-service-navigation__toggle")
	if visible() != "true" || r.eval(`document.querySelector(".govuk-service-navigation__toggle").getAttribute("aria-expanded")`) != "true" {
		r.t.Error("the menu button does not open the service navigation")
	}
	r.screenshot("home-menu-320")
	r.do(chromedp.EmulateViewport(windowWidth, windowHeight))
	r.nextFrames()
}

// footerPages follows the footer's links: the accessibility statement,
// whose legal title, in English only, is marked so on a Welsh page; the
// privacy notice; the cookies page.
func (r *resident) footerPages() {
	r.t.Helper()
	r.click("#footer-accessibility")
	r.onPage("accessibility")
	if got := r.eval(`document.getElementById("a11y-regulations").lang`); r.lang == "cy" && got != "en" {
		r.t.Errorf("the regulations' English title on the Welsh page has lang=%q, want en", got)
	}
	r.click("#footer-privacy")
	r.onPage("privacy")
	r.click("#footer-cookies")
	r.onPage("cookies")
	r.expectText("#cookies-essential", "councilkit-session")
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
	r.onError("signin")
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
	r.expectText("#signed-in-user", "alex.example@example.com")
}

// signInAs signs out whoever is signed in (through the sign-out page) and
// signs in as the persona with the radio id given.
func (r *resident) signInAs(persona string) {
	r.t.Helper()
	r.click("#sign-out-link")
	r.onPage("signout")
	r.click("#sign-out")
	r.waitPage("home")
	r.click("#sign-in-link")
	r.waitPage("signin")
	r.click(persona)
	r.click("#sign-in")
	r.waitPage("home")
}

// proveIdentity answers the sign-in page a journey that needs an identity
// check sends the resident to: the page says why. Signing in first with
// the identity check failing shows the page that says so; signing in again
// as the resident with identity checked (P2) reaches the journey.
func (r *resident) proveIdentity() {
	r.t.Helper()
	r.onPage("signin")
	r.expectText("#level-needed", "Cl.Cm.P2")
	r.click("#persona")
	r.click("#confidence-1") // not checked
	r.click("#sign-in")
	r.onPage("signin-identity")
	r.click("#try-again")
	r.waitPage("signin")
	r.click("#persona")
	r.click("#confidence")
	r.click("#sign-in")
}

// payCouncilTax looks up a bill, pays the next instalment through the
// sandbox and checks the confirmation, which the portal reads from the
// provider.
func (r *resident) payCouncilTax() {
	r.t.Helper()
	r.click("#nav-counciltax")
	r.onPage("ct-lookup")
	r.click("#continue")
	r.onError("ct-lookup")
	r.expectText("#error-summary", r.pick(catalogue["ct.ref.required"]))

	// A reference with another property's postcode is not found, with
	// the same answer as an unknown reference (issue 19, item 5).
	r.visit("/council-tax") // a fresh page: the error summary above is still showing
	r.waitPage("ct-lookup")
	r.fill("#account_reference", "10000001")
	r.fill("#postcode", "AV1 2AB")
	r.click("#continue")
	r.onError("ct-lookup")
	r.expectText("#error-summary", r.pick(catalogue["ct.ref.notfound"]))
	r.fill("#postcode", "av1 1aa")
	r.click("#continue")
	r.onPage("ct-bill")
	r.expectText("#payable", "£1,723.19")
	// Signed in, the receipt's address is the account's. Nothing chosen
	// and an address that is not one: both problems at once.
	if got := r.eval(`document.getElementById("receipt_email").value`); got != "alex.example@example.com" {
		r.t.Errorf("receipt address %q, want the account's", got)
	}
	r.fill("#receipt_email", "alex.example@")
	r.click("#pay")
	r.onError("ct-bill")
	r.expectText("#error-summary", r.pick(catalogue["ct.pay.required"]))
	r.expectText("#error-summary", r.pick(catalogue["ct.email.invalid"]))
	r.fill("#receipt_email", "alex.example@example.com")
	r.click("#choice") // the next instalment
	r.click("#pay")
	r.onPage("pay-sandbox")
	r.expectText("#pay-amount", "£172.00")
	r.click("#pay-now")
	r.onError("pay-sandbox")
	r.fill("#card_number", "4444 3333 2222 1111")
	r.click("#pay-now")
	r.onPage("pay-result")
	r.expectText("#payment-panel", r.pick(catalogue["pay.done.title"]))
	r.expectText("#paid-amount", "£172.00")

	r.visit("/council-tax/bill")
	r.waitPage("ct-bill")
	r.expectText("#paid", "£172.00")
}

// findBillFromAddress: signed in with an identity check since
// applyForSchool, the resident is offered their bill from the address One
// Login checked, with neither reference nor postcode (issue 19, item 5).
func (r *resident) findBillFromAddress() {
	r.t.Helper()
	r.visit("/council-tax")
	r.waitPage("ct-lookup")
	r.audit("ct-lookup-signed-in")
	r.click("#from-address")
	r.waitPage("ct-bill")
	r.expectText("#payable", "£1,723.19")
}

// applyForSchool applies for a Reception place: each page sent empty
// (error summary), then filled in: the child, an address, two
// preferences, check answers and send.
func (r *resident) applyForSchool() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-schools")
	r.proveIdentity()
	r.onPage("schools-start")
	r.expectText("#signed-in-user", "Alex Example")
	r.click("#start-application")
	r.onPage("schools-child")
	r.click("#continue")
	r.onError("schools-child")
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
	r.click("#continue")
	r.onError("schools-address")
	r.click("#home") // the first address
	r.click("#continue")
	r.onPage("schools-preferences")
	r.click("#continue")
	r.onError("schools-preferences")
	r.do(chromedp.SetValue(chromedp.CSS("#preferences-0"), "990101"), chromedp.SetValue(chromedp.CSS("#preferences-1"), "990103"))
	r.click("#continue")
	r.onPage("schools-check")
	r.expectText(".govuk-summary-list", "Robin Example")
	r.expectText(".govuk-summary-list", "Orchard Lane Primary School")
	r.click("#submit-application")
	r.onPage("schools-application")
	r.expectText("#application-panel", r.pick(catalogue["adm.app.received"]))
}

// checkFreeSchoolMeals sends the eligibility form empty, then for a
// household on Universal Credit.
func (r *resident) checkFreeSchoolMeals() {
	r.t.Helper()
	r.click("#nav-fsm")
	r.onPage("fsm-form")
	r.click("#check")
	r.onError("fsm-form")
	r.fill("#parent-person-family_name", "Example")
	r.fill("#parent-person-date_of_birth", "27")
	r.fill("#parent-person-date_of_birth-month", "3")
	r.fill("#parent-person-date_of_birth-year", "1985")
	r.fill("#parent-national_insurance_number", "AB123456C")
	r.fill("#child-person-given_names", "Robin")
	r.fill("#child-person-family_name", "Example")
	r.fill("#child-person-date_of_birth", "10")
	r.fill("#child-person-date_of_birth-month", "10")
	r.fill("#child-person-date_of_birth-year", "2017")
	r.click("#circumstances-benefits") // Universal Credit
	r.click("#check")
	r.onPage("fsm-result")
	r.expectText("#fsm-panel", r.pick(catalogue["fsm.yes"]))
}

// applyForPlanning makes a householder planning application: each page
// sent empty (error summary), then every question, the fee with its
// breakdown, payment through the sandbox, and the tracking page with the
// reference the package issued.
func (r *resident) applyForPlanning() {
	r.t.Helper()
	r.click("#nav-planning")
	r.onPage("planning-start")
	r.click("#start-planning-application")
	r.onPage("planning-type")
	r.click("#continue")
	r.onError("planning-type")
	r.expectText("#error-summary", r.pick(catalogue["plan.type.required"]))

	r.click("#type") // householder planning permission
	r.click("#continue")
	r.onPage("planning-site")
	r.click("#continue")
	r.onError("planning-site")
	r.click("#site") // the first address
	r.click("#continue")
	r.onPage("planning-description")
	r.click("#continue")
	r.onError("planning-description")
	r.fill("#proposal-description", "Single-storey rear extension, 3 metres deep.")
	r.click("#continue")
	r.onPage("planning-applicant")
	r.clear("applicant-contact-email")
	r.click("#continue")
	r.onError("planning-applicant")
	r.fill("#applicant-contact-email", "alex@example.com")
	r.click("#continue")
	r.onPage("planning-documents")
	r.click("#continue")
	r.onError("planning-documents")
	// A file for each document a householder application needs (the
	// radios offer them in the package's order), and an upload with
	// neither what the file shows nor a file on the way.
	for i, t := range []string{"locationPlan", "sitePlan.proposed", "elevations.proposed", "floorPlan.proposed"} {
		if i == 1 {
			r.click("#upload")
			r.onError("planning-documents-upload")
		}
		sel := "#type"
		if i > 0 {
			sel = fmt.Sprintf("#type-%d", i)
		}
		r.uploadDocument(sel, "#upload", r.samplePDF(t), fmt.Sprintf(`document.querySelectorAll("#documents-uploaded .govuk-summary-list__row").length === %d`, i+1))
	}
	r.audit("planning-documents-uploaded")
	r.click("#continue")
	r.onPage("planning-ownership")
	r.click("#continue")
	r.onError("planning-ownership")
	r.click("#ownership-certificate") // certificate A
	r.click("#continue")
	r.onPage("planning-check")
	r.expectText(".govuk-summary-list", "1 Example Row")
	r.expectText("#fee-breakdown", "6(1)")
	r.expectText("#fee-total", "£548.00")
	r.click("#pay-planning")
	r.onError("planning-check")
	r.click("#declaration-connection") // no connection to the council
	r.click("#declaration-accurate")
	r.click("#pay-planning")
	r.waitPage("pay-sandbox")
	r.expectText("#pay-amount", "£548.00")
	r.fill("#card_number", "4444 3333 2222 1111")
	r.click("#pay-now")
	r.onPage("planning-application")
	r.expectText("#planning-panel", r.pick(catalogue["plan.app.received"]))
	r.expectText("#plan-reference", "26/00004/HOU")
	r.expectText("#plan-state", r.pick(catalogue["plan.state.submitted"]))
}

// samplePDF writes a small PDF named after what it shows, for the
// browser to upload, and returns its path.
func (r *resident) samplePDF(name string) string {
	r.t.Helper()
	path := filepath.Join(r.t.TempDir(), name+".pdf")
	if err := os.WriteFile(path, planningtest.SamplePDF(name, 0), 0o600); err != nil {
		r.t.Fatal(err)
	}
	return path
}

// uploadDocument chooses what the file shows, picks the file, presses
// the button and waits until done, a script that turns true on the
// page the upload leads to.
func (r *resident) uploadDocument(typeSel, button, path, done string) {
	r.t.Helper()
	r.click(typeSel)
	r.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
	r.click(button)
	// The page navigates under the poll, which then fails: poll again
	// on the page the upload led to.
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := chromedp.Run(r.ctx, chromedp.Poll[bool](done, chromedp.WithPollingTimeout(5*time.Second)))
		if err == nil {
			r.waitPage(r.eval(`document.querySelector("main").dataset.page`))
			return
		}
		if time.Now().After(deadline) {
			r.screenshot("failure")
			r.t.Fatalf("upload %s: %v", filepath.Base(path), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// recordComment records a neighbour's objection on the officer's page:
// the form sent empty first.
func (r *resident) recordComment() {
	r.t.Helper()
	r.click("#record-comment")
	r.onError("officer-planning-app-comment")
	r.click("#comment-kind-1") // a neighbour
	r.fill("#comment-commenter-name", "Bea Neighbour")
	r.fill("#comment-commenter-address", "2 Example Row")
	r.fill("#comment-commenter-address-town", "Ashdown")
	r.fill("#comment-commenter-address-postcode", "AV1 1AB")
	r.click("#comment-stance-1") // objects
	r.fill("#comment-text", "The extension would overlook our garden.")
	r.click("#record-comment")
	r.do(chromedp.WaitVisible(chromedp.CSS("#plan-comments .govuk-summary-card")))
	r.audit("officer-planning-app-comment")
	r.expectText("#plan-comments", r.pick(catalogue["plan.off.comment.intime"]))
}

// officerStep clicks a button on the officer's application page, which
// reloads the page with a new line of history, and audits it.
func (r *resident) officerStep(button, state string) {
	r.t.Helper()
	rows := r.eval(`String(document.querySelectorAll("#plan-history tbody tr").length)`)
	r.click(button)
	r.do(chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#plan-history tbody tr:nth-child(%s)", incr(rows)))))
	r.audit(state)
}

// incr adds one to a count written in decimal.
func incr(n string) string {
	var i int
	fmt.Sscan(n, &i)
	return fmt.Sprint(i + 1)
}

// invalidatePlanning signs in as the officer and finds the application
// just made invalid: the form sent empty first, then with the proposed
// elevations rejected.
func (r *resident) invalidatePlanning() {
	r.t.Helper()
	r.signInAs("#persona-1") // the officer
	r.click("#start-officer-planning")
	r.onPage("officer-planning")
	r.expectText("#planning-register .govuk-summary-card:first-of-type", "26/00004/HOU") // newest first
	r.click(`#planning-register .govuk-summary-card:first-of-type a`)
	r.onPage("officer-planning-app")
	r.click("#mark-invalid")
	r.onError("officer-planning-app")
	r.click(`input[name="reject"][value="elevations.proposed"]`)
	r.fill("#note", "The elevations are not to scale.")
	r.officerStep("#mark-invalid", "officer-planning-app-invalid")
	r.expectText("#plan-state", r.pick(catalogue["plan.state.invalid"]))
}

// resendPlanningDocuments signs in as the resident, who sees what the
// officer asked for and sends it: the form sent empty first.
func (r *resident) resendPlanningDocuments() {
	r.t.Helper()
	r.signInAs("#persona")
	r.click("#nav-planning")
	r.waitPage("planning-start")
	r.click(`#my-planning-applications a`)
	r.onPage("planning-application")
	r.expectText("#plan-requests", "not to scale")
	r.click("#send-documents")
	r.onError("planning-application")
	r.uploadDocument("#type", "#send-documents", r.samplePDF("elevations-to-scale"), `document.getElementById("plan-resent") !== null`)
	r.audit("planning-application-resent")
}

// decidePlanning signs in as the officer again and takes the application
// through the rest of the planning lifecycle: valid (from the day it
// arrived, with its statutory dates), consultation, assessment,
// recommendation, then granted.
func (r *resident) decidePlanning() {
	r.t.Helper()
	r.signInAs("#persona-1") // the officer
	r.click("#start-officer-planning")
	r.waitPage("officer-planning")
	r.click(`#planning-register .govuk-summary-card:first-of-type a`)
	r.waitPage("officer-planning-app")
	r.officerStep("#mark-valid", "officer-planning-app-valid")
	r.expectText("#plan-state", r.pick(catalogue["plan.state.valid"]))
	// Valid from 23 November 2026: decided within 8 weeks beginning with
	// the day after (DMPO 2015 art. 34(2)(a)).
	r.expectText("#plan-deadline", r.pick(councilkit.Text{English: "18 January 2027", Welsh: "18 Ionawr 2027"}))
	r.officerStep("#move-consultation", "officer-planning-app-consultation")
	r.recordComment()
	r.officerStep("#move-assessment", "officer-planning-app-assessment")
	r.officerStep("#move-awaiting_determination", "officer-planning-app-awaiting")
	r.click("#decision") // granted
	r.officerStep("#determine", "officer-planning-app-granted")
	r.expectText("#plan-decision", r.pick(catalogue["plan.decision.granted"]))
}

// refundPayment refunds part of the council tax payment: the amount
// cleared first (error summary), then £1.
func (r *resident) refundPayment() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-officer-payments")
	r.onPage("officer-payments")
	r.click(`#payments tbody a`)
	r.onPage("officer-refund")
	r.clear("amount")
	r.click("#refund")
	r.onError("officer-refund")
	r.fill("#amount", "1.00")
	r.fill("#reason", r.pick(councilkit.Text{English: "Paid twice", Welsh: "Talwyd ddwywaith"}))
	r.click("#refund")
	r.do(chromedp.WaitVisible(chromedp.CSS("#refund-panel")))
	r.audit("officer-refund-done")
}

// searchApplications opens the officers' list of school applications and
// searches it for an application there is not.
func (r *resident) searchApplications() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-officer-applications")
	r.onPage("officer-applications")
	r.do(chromedp.WaitVisible(chromedp.CSS("#applications")))
	r.fill("#q", "no-such-application")
	r.click("#filter")
	r.do(chromedp.WaitVisible(chromedp.CSS("#no-applications")))
	r.audit("officer-applications-none")
}

// allocateSchoolPlaces runs the admissions allocation.
func (r *resident) allocateSchoolPlaces() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-officer-admissions")
	r.onPage("officer-admissions")
	r.click("#run-allocation")
	r.do(chromedp.WaitVisible(chromedp.CSS("#school-results")))
	// A preview until offer day: the publish button is disabled.
	r.expectText("#round-state", r.pick(catalogue["adm.off.preview"]))
	if got := r.eval(`String(document.getElementById("publish").disabled)`); got != "true" {
		r.t.Errorf("before offer day the publish button is enabled (disabled=%s)", got)
	}
	r.audit("officer-admissions-run")
}

// seeSchoolOffer signs in as the resident, whose application now shows
// the offer the allocation made.
func (r *resident) seeSchoolOffer() {
	r.t.Helper()
	r.signInAs("#persona")
	r.click("#nav-schools")
	r.waitPage("signin") // the header's sign-in made no identity check
	r.click("#persona")
	r.click("#sign-in")
	r.waitPage("schools-start")
	r.click(`#my-school-applications a`)
	r.waitPage("schools-application")
	// Before offer day the parent sees only that it was received.
	r.expectText("#application-panel", r.pick(catalogue["adm.app.received"]))
	r.expectText("#offer-day", "2027")
	r.audit("schools-application-before-offer-day")
}

// respondOnOfferDay moves the portal's clock to national offer day: the
// parent sees the offer, fails to choose, accepts, then declines; the
// officer publishes and sees the decline and the waiting list's offer.
func (r *resident) respondOnOfferDay() {
	r.t.Helper()
	r.clock.Set(time.Date(2027, time.April, 16, 9, 0, 0, 0, time.UTC))
	// The sessions have long expired: sign in again.
	r.visit("/schools")
	r.waitPage("signin")
	r.click("#persona")
	r.click("#sign-in")
	r.waitPage("schools-start")
	r.click(`#my-school-applications a`)
	r.waitPage("schools-application")
	r.expectText("#offer-panel", r.pick(catalogue["adm.app.offer"]))
	r.audit("schools-application-offer")
	r.click("#respond-button")
	r.onError("schools-application")
	r.expectText("#error-summary", r.pick(catalogue["adm.respond.required"]))
	r.click("#response") // accept
	r.click("#respond-button")
	// Wait for the new page's own element: the old page has a panel too.
	r.do(chromedp.WaitVisible(chromedp.CSS("#offer-accepted")))
	r.expectText("#offer-panel", r.pick(catalogue["adm.app.accepted"]))
	r.audit("schools-application-accepted")
	r.click("#response") // decline, the one choice left
	r.click("#respond-button")
	r.do(chromedp.WaitVisible(chromedp.CSS("#declined")))
	r.audit("schools-application-declined")

	// The parent's answer on offer day published the round (the package
	// publishes on the first response): the officer sees it published, the
	// decline and the waiting list's offer.
	r.signInAs("#persona-1") // the officer
	r.visit("/officer/admissions")
	r.waitPage("officer-admissions")
	r.expectText("#round-state", r.pick(catalogue["adm.off.visible"]))
	r.expectText("#published-at", "2027")
	r.expectText("#responses", r.pick(catalogue["adm.status.declined"]))
	r.expectText("#responses", r.pick(catalogue["adm.status.fromlist"]))
	r.audit("officer-admissions-published")
}

// lockCouncilTaxLookup tries account references in turn until the lookup
// is locked (payCouncilTax made the first failure).
func (r *resident) lockCouncilTaxLookup() {
	r.t.Helper()
	// Other journeys may have failed lookups too: try until locked.
	for i := range ctClientFailures + 1 {
		r.visit("/council-tax")
		r.waitPage("ct-lookup")
		r.fill("#account_reference", fmt.Sprintf("3%07d", i))
		r.fill("#postcode", "AV1 1AA")
		r.click("#continue")
		// The poll may start on the page being left: try again when the
		// navigation interrupts it.
		var err error
		for range 5 {
			_, err = chromedp.Run(r.ctx, chromedp.Poll[bool](`location.pathname === "/council-tax" && document.readyState === "complete" && (document.getElementById("error-summary") !== null || document.querySelector('main[data-page="error"]') !== null)`,
				chromedp.WithPollingTimeout(time.Minute)))
			if err == nil {
				break
			}
		}
		if err != nil {
			r.t.Fatalf("no answer to a lookup: %v", err)
		}
		if r.eval(`document.querySelector("main").dataset.page`) == "error" {
			break
		}
	}
	r.waitPage("error")
	r.expectText("h1", r.pick(catalogue["err.ctlocked.title"]))
	r.audit("error-ct-locked")
}

// otherCouncil visits the deployment's second council, by its path
// prefix: its start page, its bill lookup, and a service it does not offer.
func (r *resident) otherCouncil() {
	r.t.Helper()
	r.visit("/glanrhyd/")
	r.onPage("home")
	name := "Glanrhyd County Borough Council"
	if r.lang == "cy" {
		name = "Cyngor Bwrdeistref Sirol Glanrhyd"
	}
	r.expectText("#council-home", name)
	r.visit("/glanrhyd/council-tax")
	r.onPage("ct-lookup")
	r.visit("/glanrhyd/planning")
	r.onPage("error")
	r.expectText("h1", r.pick(catalogue["err.notoffered.title"]))
}

// notFound visits an address the portal does not have.
func (r *resident) notFound() {
	r.t.Helper()
	r.visit("/no-such-page")
	r.onPage("error")
}
