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
//
// # Printing and logging personal data
//
// Redaction happens in slog only. NINO, NHSNumber, UPN, Postcode, Address,
// Person, Contact, Candidate, GridPoint and LatLon implement
// slog.LogValuer (with value receivers, so a pointer logs redacted too),
// and slog's handlers call it when one of them is an attribute's value,
// directly or in a slog.Group:
//
//	logger.Info("claim", "applicant", person, "nino", nino) // redacted
//
// Everything else shows the value in full, because the types also exist
// to be stored and displayed: String, the fmt verbs %v, %+v, %s and %q
// (and %#v, which shows a NINO's or Postcode's characters as bytes),
// MarshalText, MarshalJSON and driver.Valuer. That includes
// fmt.Errorf("%v", nino), log.Printf, and slog given the String result,
// or a slice, map or struct of your own holding one of these types: slog
// prints those with fmt or encoding/json, which do not redact. Log each
// value as its own attribute, or give your own struct a LogValue method.
package identity
