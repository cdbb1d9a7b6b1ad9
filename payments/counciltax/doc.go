// Package counciltax computes council tax bills for England, Wales and
// Scotland: the amount set for each valuation band as the sum of its precept
// lines, discounts, exemptions, disabled band reductions, premiums, council
// tax reduction, daily apportionment over part of a year, and the statutory
// instalment plan, in whole pence with no floating point anywhere.
//
// A billing authority sets, for each financial year and each part of its
// area, a band D amount made up of its own precept and those of the county,
// police, fire and parish; every other band is a fixed proportion of band D
// (6/9 to 18/9 in England, to 21/9 in Wales, 240/360 to 882/360 in
// Scotland). [Charges] describe those precepts; [Charges.Compile] checks them
// and builds a [Table] holding every band's amount for every line, so that a
// bill run over hundreds of thousands of dwellings does a few dozen integer
// operations per bill. An [Account] says which days someone is liable, with
// what discount, exemption, reduction or premium; [Table.Compute] turns it
// into a [Bill] that explains itself (the band and its ratio, one line per
// precept, each period with its legal basis, and the instalments under
// Schedule 1 to the Council Tax (Administration and Enforcement) Regulations
// 1992) and can be sent to a portal as JSON or printed as plain text in
// English or Welsh.
//
// A bill names its council from the council's [councilkit.Profile], given
// once with the charges ([Charges.Profile]) from the deployment's
// [councilkit.Directory]: the text bill prints the name in the reader's
// language ("Cyngor: Cyngor Caerdydd") and ends with the council's address,
// telephone, email, website and opening hours. Without a profile it prints
// the council's GSS code. The package holds no list of councils.
//
// A precept line can be given in three ways. From the figures councils
// actually hold, a precept (or council tax requirement) and the tax base it
// is spread over ([PreceptLine.Precept], [TaxBase]): every band is then
// precept × ratio ÷ tax base, computed exactly with shopspring/decimal and
// rounded once (ss31B, 34(3) and 36 of the Local Government Finance Act
// 1992 divide and multiply without rounding). From a printed band D alone,
// for councils that publish only that, which can leave a band a penny away
// from the council's own table because the printed band D is already
// rounded; [Fraction] carries an unrounded band D where it is known. Or as
// the amounts stated for every band ([PreceptLine.Bands]).
//
// Rounding happens in few, documented places. Each precept line's band
// amount is its band D times the band's ratio, rounded half up to the penny,
// and a band's total is the sum of its lines (s30(2) of the Local Government
// Finance Act 1992); periods of liability are rounded cumulatively so they
// always add up to the year's exact total rounded once; instalments follow
// Schedule 1 paragraph 2(6): whole pounds after a first instalment that
// takes the odd pence.
//
// Premiums are checked against the statutory maximum of the financial year
// a determination takes effect in ([MaxPremium]): in England s11B (from
// 2013) and s11C (from 2025); in Wales ss12A and 12B, up to 100% for
// financial years from 1 April 2017 and up to 300% from 1 April 2023 (WSI
// 2022/370), a dwelling's time empty counting only from 1 April 2016; in
// Scotland a doubling at most. Not modelled: the classes of dwelling
// excepted from premiums by regulations, which the caller applies through
// [PremiumException] or by not giving a premium; the rule that a first
// second homes determination be made at least a year before the financial
// year it relates to (ss11C and 12B); council tax requirements, special
// expenses and referendum limits, which councils calculate before the
// figures reach this package; and Northern Ireland's domestic rates.
//
// # Issued bills
//
// A billing authority keeps each bill it issues as a BillRecord (the
// account reference, the liable people and the address, which are personal
// data, the Bill, when it was issued and every Adjustment since) in a
// Store: MemStore here, postgres.CouncilTaxStore for PostgreSQL, each
// passing counciltaxtest.RunStoreTests and following the store conventions
// of the root package. An adjustment replaces the bill (computed with
// Table.Adjust) and is recorded with BillRecord.Adjust; the adjustments are
// append-only, and a change of the amount payable that no adjustment
// records is refused (CheckUpdate). Issuing records the event
// counciltax.bill.issued.v1 and each adjustment counciltax.bill.adjusted.v1
// (ChangeEvents), in the same write as the change, with the account
// reference, year, band, amounts and dates but never a name or an address.
// Not modelled: recovery (reminders, summonses, liability orders),
// payments received against a bill, and deleting bills.
package counciltax
