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
// Rounding happens in few, documented places. Each precept line's band
// amount is its band D times the band's ratio, rounded half up to the penny,
// and a band's total is the sum of its lines (s30(2) of the Local Government
// Finance Act 1992); periods of liability are rounded cumulatively so they
// always add up to the year's exact total rounded once; instalments follow
// Schedule 1 paragraph 2(6): whole pounds after a first instalment that
// takes the odd pence.
package counciltax
