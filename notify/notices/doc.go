// Package notices tells residents, through GOV.UK Notify, what happened to
// their payments and applications: a [Handler] is an events.Handler that
// turns a council's events into Notify emails and text messages, in the
// resident's language.
//
// # What it sends
//
// Each event type below sends one [Kind] of message, by email and by text
// as the council has [Templates] for and the resident has an address:
//
//	payment.succeeded                  PaymentReceipt
//	admissions.application.submitted   ApplicationReceived
//	admissions.offer.made              OfferMade
//	fsm.decision.made                  FreeSchoolMealsDecision
//	planning.application.submitted     PlanningReceived
//	planning.application.determined    PlanningDecided
//
// Other events are not messages of this package (a service may subscribe
// its own handler to them). GOV.UK Pay can send its own payment
// confirmation email (a setting of the council's Pay service): a council
// that sends receipts here turns that off, or leaves PaymentReceipt
// without templates, so a resident is not told twice.
//
// # Who is told
//
// Events carry no personal data, so the handler asks the service's
// [Recipients] who to tell about each event: an email address and/or a
// phone number, a language and a name, read from the service's own records
// by the event's council and subject. The template is the Welsh one for a
// Welsh-speaking resident when the council has one, the English one
// otherwise, and the words and dates in the personalisation are in the
// same language ("2 Rhagfyr 2026", "yn gymwys"). [Recipient] and
// [Outcome] never print or log an address, a name or a personalisation
// value.
//
// One Handler serves one council and its own Notify service (each council
// has its own API key, templates and reply-to addresses): it ignores other
// councils' events. A deployment serving several councils subscribes one
// Handler per council.
//
// # Placeholders
//
// A council creates, in its Notify service, templates whose ((placeholders))
// are among these (Notify refuses a message that leaves out a placeholder
// its template has, so a template may use fewer, never others). Every kind
// fills:
//
//	((name))       the resident's name as the service holds it (may be empty)
//	((council))    the council's name in the resident's language (Config.Directory)
//	((reference))  the service's reference: the payment's reference, the
//	               application's ID, the planning reference once issued
//
// and each kind adds:
//
//	PaymentReceipt           ((amount)) "£45.00"; ((paid_on)) the day paid, in
//	                         London; ((payment_id))
//	ApplicationReceived      ((year_group)) "Reception"/"Dosbarth Derbyn", "Year 7"/
//	                         "Blwyddyn 7"; ((school_year)) "2027 to 2028"/"2027 i
//	                         2028"; ((preferences)) how many schools were named;
//	                         ((received_on))
//	OfferMade                ((school_urn)); ((preference)) "1" for a first
//	                         preference, "0" for a school not named;
//	                         ((named_preference)) yes/no; ((offer_day));
//	                         ((respond_by))
//	FreeSchoolMealsDecision  ((eligible)) yes/no; ((decision)) "eligible"/"yn
//	                         gymwys", "not eligible"/"yn anghymwys";
//	                         ((decided_on)); ((review_on)) (empty if none)
//	PlanningReceived         ((application_type)) the Digital Planning Data
//	                         Schemas code; ((received_on))
//	PlanningDecided          ((decision)) "granted"/"caniatawyd",
//	                         "refused"/"gwrthodwyd"; ((granted)) yes/no;
//	                         ((decided_on))
//
// Notify matches names ignoring case, spaces, hyphens and underscores, so
// a template may write ((Paid on)). Yes/no values are for Notify's optional
// content, ((eligible??text)), which Notify shows for "yes".
// Dates are written "2 December 2026" or "2 Rhagfyr 2026". A service adds
// placeholders of its own (a school's name) in Recipient.Personalisation.
//
// # Never sent twice, never lost
//
// Events are delivered at least once, so every message's [Outcome] is kept
// in a [Ledger] under the event's ID and channel: a message already sent,
// failed or skipped is not sent again. The Notify reference of every
// message is the event's ID (not personal data, and the same on every
// attempt), so a message can be found in Notify's dashboard by the event
// that caused it.
//
// The handler claims a message before sending it ([Ledger.Claim]),
// recording the attempt as pending in one atomic step, so that two
// instances given the same event at once (a redelivery while the first
// delivery is still sending) do not both send: the one that does not get
// the claim returns an error wrapping [ErrInProgress] and the event is
// given again later. A claim whose attempt never finished (the process
// stopped) lapses after Config.ClaimTimeout. [MemLedger] keeps outcomes
// in memory, for one instance, tests and development; a deployment keeps
// them in its database (postgres.DB.NoticesLedger), where they survive a
// restart and are shared by every instance. Where Notify's
// documentation says a request may be sent again (a 500, a 429 rate limit)
// the notify client has retried already; what still fails is returned as
// an error, with the outcome left pending and its reason logged, so that
// the event is given again later: Notify unavailable or unreachable, the
// daily limit (it resets at midnight), a refused API key or clock (an
// operator must act, and no message is lost meanwhile). When a pending
// message is tried again, the handler first asks Notify for a message with
// that reference, if the Sender is a [Finder] (*notify.Client is), so a
// send whose answer was lost in transport is recorded as sent, not sent
// twice. Notify keeps messages for 7 days. The lookup is the best Notify's
// API allows, not a guarantee: Notify saves the messages of a service it
// runs as "high volume" through a queue, so such a message may not be
// listed for a moment after Notify accepted it, and a retry in that moment
// would send it again.
//
// A message Notify refuses for good (a 400: a placeholder missing from the
// personalisation, an unknown template, a recipient a trial service cannot
// send to) or that cannot be made (an address the notify package refuses,
// event data that does not decode) is recorded as StateFailed with Notify's
// error name and message, logged at error level, and Handle returns nil, so
// that later events about the same record are not held up behind it.
// [MemLedger.Outcomes] lists them, and [Handler.Resend] tries a failed
// message again once the template is put right.
//
// Not modelled: letters (Client.SendLetter sends one; no event here calls
// for one yet), the delivery status Notify reports later (a bounced email:
// Client.Notification reads it), other event types (a refund, a council
// tax bill), and the templates themselves, which a council writes in its
// Notify service.
package notices
