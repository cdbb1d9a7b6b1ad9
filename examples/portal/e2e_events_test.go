package main

import "github.com/chromedp/chromedp"

// The event pages in the browser journey (TestBrowserJourneys): each is
// audited with axe-core in both languages like every other page.

// officerWebhooks registers a webhook endpoint as the officer: first
// with nothing filled in (the error summary), then the portal's own
// health check, which refuses the POST deliveries, so that the
// deliveries page has failures to show. Then the development page of
// messages sent, which by now holds the resident's receipt.
func (r *resident) officerWebhooks() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-officer-webhooks")
	r.onPage("officer-webhooks")
	r.click("#register")
	r.onError("officer-webhooks")
	r.fill("#url", r.base+"/healthz")
	r.click(`input[name="types"]`)
	r.click("#types-1")
	r.click("#register")
	r.do(chromedp.WaitVisible(chromedp.CSS("#secret-banner")))
	r.audit("officer-webhooks-secret")
	r.visit("/")
	r.click("#start-dev-messages")
	r.onPage("dev-messages")
}

// officerDeliveries lists the deliveries made since, and the dead
// letters (none yet).
func (r *resident) officerDeliveries() {
	r.t.Helper()
	r.visit("/")
	r.click("#start-officer-deliveries")
	r.onPage("officer-deliveries")
	r.visit(deliveriesPath + "?state=dead")
	r.waitPage("officer-deliveries")
	r.audit("officer-deliveries-dead")
}

// yourApplications shows the resident's timeline.
func (r *resident) yourApplications() {
	r.t.Helper()
	r.click("#nav-tracking")
	r.onPage("tracking")
	r.do(chromedp.WaitVisible(chromedp.CSS("#timeline")))
}
