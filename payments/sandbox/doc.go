// Package sandbox is an in-process payment provider for development, tests
// and demonstration portals. It behaves like a GOV.UK Pay test account: no
// money moves, and GOV.UK Pay's published mock card numbers decide each
// outcome ("Test your integration", Mock card numbers,
// https://docs.payments.service.gov.uk/testing_govuk_pay/#mock-card-numbers).
//
// The resident's part of the journey, which on GOV.UK Pay happens on its own
// pages, is played by calling Visit, PayWithCard and CancelByUser. Everything
// is deterministic: provider IDs are numbered in order and time comes from
// the clock passed in.
package sandbox
