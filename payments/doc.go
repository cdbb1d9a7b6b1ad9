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
// service proves nothing), applies signed webhooks, and refunds so that the
// refunds of a payment can never exceed it, even when two race: each refund
// is reserved in the [Store] inside one atomic update before the provider is
// asked, and the provider is sent GOV.UK Pay's refund_amount_available
// guard. Every stored payment belongs to a council, and a [Store] never
// shows one council's payments to another; [MemStore] is the in-memory
// default and package paymentstest the conformance suite every store must
// pass. [BuildSettlement] totals a day's takings per fund code as CSV for the
// council's ledger.
package payments
