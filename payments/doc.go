// Package payments is the shared core for taking residents' money: an exact
// [Amount] of pounds and pence, one payment lifecycle, and payment service
// providers behind one interface.
//
// An Amount is a whole number of pence. It never passes through a float, it
// parses the ways residents and files write money ("£1,234.56", "1234.5",
// "-0.01"), formats for English and Welsh pages, and divides without losing a
// penny: [Amount.Split] and [Amount.Allocate] always return parts that add up
// to the whole, with the odd pennies going to the parts with the largest
// remainders, earlier parts first.
package payments
