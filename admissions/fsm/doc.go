// Package fsm decides entitlement to free school lunches in England and
// checks a parent's benefits the way the Department for Education's
// eligibility checking service does. It models the law and guidance of
// England only.
//
// A child is entitled to a free school lunch on request if a parent
// receives a qualifying benefit (Education Act 1996 section 512ZB(4) and
// the orders under it: Universal Credit within an earnings limit, income
// support, income-based Jobseeker's Allowance, income-related Employment
// and Support Allowance, asylum support under Part 6 of the Immigration and
// Asylum Act 1999, Child Tax Credit without Working Tax Credit on an income
// of up to £16,190, the guarantee credit of Pension Credit, or the
// four-week Working Tax Credit run-on); if the child is in reception, year
// 1 or year 2 at a state-funded school (universal infant free school meals,
// section 512ZB(4A)); or if the child keeps the transitional protection
// that came with the Universal Credit earnings limit in April 2018, which
// the Department for Education ended for every child at the end of the
// 2025/26 school year (31 August 2026). From 1 September 2026 every
// household on Universal Credit qualifies, whatever its earnings: that rule
// rests on the minister's statement of 5 June 2025, as no implementing
// statutory instrument had been traced when it was written, so its Source
// is marked Provisional.
//
// Children of households with no recourse to public funds (NRPF) qualify
// from 1 April 2022 under the Department for Education's guidance, not
// under section 512ZB: the DfE made permanent, announcing it on 24 March
// 2022, the extension it first gave some NRPF groups during the pandemic.
// The household's annual income must be no more than £22,700 outside London
// with one child, £26,300 with two or more, and £31,500 in London with one
// child, £34,500 with two or more (BasisNoRecourseToPublicFunds; see
// NRPF; the London figures' sources are marked provisional, as they could
// not be checked against the text of the guidance when the rule was
// written). The council decides it on evidence of the household's immigration
// circumstances and income, so a parent on this route needs neither a
// National Insurance nor a NASS number. Not modelled: the pandemic-era
// temporary extension before April 2022 (other groups and limits), the
// guidance's condition on the household's capital, and how the income is
// assessed, which the council does before giving AnnualIncome.
//
// The rules are data: a RuleSet per date on which the law changed, each
// rule and figure carrying its legal source and the date it took effect, so
// a Decision can be reproduced as at any date and explains itself rule by
// rule. Decide applies them to an Application. A Checker mirrors the DfE
// eligibility checking API (submit a check on a parent's name, date of
// birth and National Insurance or NASS number, then poll its status: queued,
// eligible, not eligible, parent not found, error), with single and bulk
// checks; LocalChecker answers from the council's own records with these
// rules, and Client calls the DfE service over HTTP. Wales, Scotland and
// Northern Ireland have their own rules, including their own provision for
// families with no recourse to public funds, which this package does not
// hold; the Welsh text of decisions is for Welsh-speaking residents of
// England and for councils that publish in both languages.
//
// Where the law leaves room, the package says what it assumes: year groups
// follow the date of birth (adjust with Child.YearOffset); universal infant
// meals assume a state-funded school; under the rules before 1 April 2025
// a protected child's "phase" is early years, primary (reception to year
// 6), secondary (years 7 to 11) or sixth form; school years end on 31
// August; a benefit-based decision is reviewed a term (three months) later
// until 31 August 2026 and a year later from 1 September 2026, following
// the DfE's advice to re-check yearly, which is guidance, not law. Every
// Checker must pass the conformance suite in package fsmtest.
//
// # Records
//
// A council keeps each application and the decision made on it as a
// Record, in a Store: MemStore here, postgres.FreeSchoolMealsStore for
// PostgreSQL, each passing fsmtest.RunStoreTests and following the store
// conventions of the root package (the council second in every method, a
// versioned Update with Modify to retry it, List oldest first by the day
// received). Record.Decide decides a record as at its clock's day and
// notes when. A decision made or changed records the event
// fsm.decision.made.v1 (see ChangeEvents and package events) in the same
// write as the change: its data is the record's ID, the outcome, basis,
// rule set, day decided and review day, never the parent's or child's
// name, date of birth or National Insurance or NASS number, which stay in
// the record and out of errors and logs (Record.LogValue). Not modelled:
// retention (Delete removes a record when the council's retention period
// ends), and checks made with a Checker, which are not stored.
package fsm
