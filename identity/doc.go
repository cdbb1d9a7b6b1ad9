// Package identity holds the typed identifiers of residents and places that
// every council service uses — National Insurance numbers, postcodes, UPRNs
// and USRNs, NHS numbers, unique pupil numbers, National Grid and WGS84
// positions — together with Address, Contact and Person, name match keys and
// an explainable person match.
//
// Every identifier is a small value type built by a parser that normalises
// and validates it against its published rules (HMRC, BS 7666, Ordnance
// Survey, the NHS Data Dictionary, the Department for Education), with a
// useful zero value meaning "not known", String, JSON and SQL marshalling.
// Personal data never leaks by accident: errors never repeat the input, and
// NINO, NHSNumber, UPN, Address, Person and Contact implement
// slog.LogValuer so that logging one prints a redacted form such as
// AB******C.
package identity
