// Package payments is the shared core for taking residents' money: exact
// amounts of pounds and pence, one payment lifecycle, and payment service
// providers behind one interface, GOV.UK Pay first (package govukpay), with
// an in-process sandbox (package sandbox) for development.
//
// Money is an [Amount]: a whole number of pence that never passes through a
// float. It parses what residents and files write ("£1,234.56", "1234.5",
// "-0.01"), formats for English and Welsh pages, and divides without losing a
// penny: [Amount.Split] and [Amount.Allocate] always return parts that add up
// to the whole, the odd pennies going to the parts with the largest
// remainders, earlier parts first. Multiplication by a ratio or percentage
// takes an explicit [RoundingMode]. Amounts are JSON integers of pence, as in
// GOV.UK Pay's API ([AmountString] gives "12.34"), and bigint pence in SQL.
//
// A [Payment] follows GOV.UK Pay's status lifecycle (created, started,
// submitted, capturable, then one of success, failed, cancelled or error),
// only ever moving forward: news from the provider that arrives late or
// twice, as webhooks do, never moves a payment back. A [Service] starts
// payments idempotently (the same [IdempotencyKey] never charges twice),
// confirms them by asking the provider (the resident's return to the
// service proves nothing), applies signed webhooks (telling the service of
// each change one makes, through [WebhookConfig].OnApplied), and refunds so
// that the refunds of a payment can never exceed it, even when two race:
// each refund is reserved in the [Store] through [Modify], whose versioned
// [Store.Update] never lets a stale write win, before the provider is
// asked, and the provider is sent GOV.UK Pay's refund_amount_available
// guard. Every stored payment belongs to a council, the second argument of
// every [Store] method, and a [Store] never shows one council's payments to
// another; payment IDs are strings (uuid.NewString); [MemStore] is the
// in-memory default (its zero value is ready), the store errors are
// councilkit's, and package paymentstest is the conformance suite every
// store must pass. [BuildSettlement] totals a day's takings per fund code as CSV for the
// council's ledger.
//
// # Casework
//
// A council's finance officers search, filter, sort and page through its
// payments: a [Filter] selects by status, dates, fund, exact [Filter].Reference
// and free text ([Filter].Query, a substring of the reference or description
// ignoring the case of A to Z, in which LIKE's wildcards are plain text),
// in a [Sort] (oldest, the zero value, newest, or by amount), and
// [ListPage] returns a [Page] at a time, each with the opaque [Cursor] of
// the next ([Page].Next, passed back as [Filter].After). Pages are found by
// keyset, not by offset, so that a page deep in a large council's list
// costs what the first does and a payment made meanwhile never makes a
// page skip or repeat another. A refund records why it was made, in the
// officer's words ([RefundRequest].Reason, required), and who asked
// ([Refund].RequestedBy, the actor of the request); the reason is free
// text and may be personal, so it is never put in an event or a log line
// ([RefundReason]). Who did what to a payment, and when, is read from its
// events with events.History.
//
// A refund, whether asked of the [Service] or reported by a webhook, is
// recorded only against a payment that succeeded; any other is refused with
// a [*StateError] matching [ErrNotPaid], as is news contradicting a finished
// payment ([ErrIllegalTransition]), and nothing stored changes. Webhook
// bodies that are not messages are refused with a [*WebhookError]. Both
// carry a stable code and English and Welsh text. GOV.UK Pay's failed,
// expired, captured and settled events count in their own right, even when
// the resource sent with them is an earlier snapshot
// ([WebhookEventType.Implies]).
//
// A [ProviderPayment] also carries what a finance team reconciles with:
// what the resident paid (TotalAmount, including any corporate card
// surcharge), the provider's fee and net amount, the card ([CardDetails]:
// brand, first six and last four digits; the cardholder's name is never
// printed or logged), the metadata as returned and the capture submit time.
// The stored [Payment] does not keep these: read them from the provider.
// Billing addresses are not read at all.
package payments
