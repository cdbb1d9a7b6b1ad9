// Package odp reads and writes planning applications in the Digital
// Planning Data Schemas (version 0.7.7), the "Open Digital Planning" format
// in which PlanX submits applications to back-office systems such as BOPS.
//
// Import turns a payload into a planning.Application, keeping the payload as
// the application's Source; Export writes the application back, changing
// only the fields the model holds, so that everything else PlanX sent (the
// questions and answers, constraints, CIL details) survives the round trip.
// An application made in councilkit rather than imported is exported from
// the model alone. Exports validate against the schemas' application.json
// (the package's tests check every one with a JSON Schema validator).
//
// Strictness belongs in validation, not in parsing: a document the schemas
// accept always imports. A value councilkit cannot normalise (an agent's
// postcode abroad, a postcode in free text, a UPRN that is not one, a fee
// in fractions of a penny) is kept as given and reported by Validate with
// a stable code, as is a fee that differs from the one the Fees Regulations
// set for the application's date. Date-times are read per RFC 3339, lower-
// case "t" and "z" and leap seconds included. An imported application is in
// planning.StateSubmitted, received on the day (in London) it was
// submitted, ready for MarkValid or Invalidate. Only a payload that is not
// JSON or that the schemas refuse gets a *PathError, naming the JSON path of
// the first problem found; Import never panics.
package odp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/calendar"
	"github.com/lgds/councilkit/identity"
	"github.com/lgds/councilkit/payments"
	"github.com/lgds/councilkit/planning"
)

// Version is the schemas' version this package reads and writes.
const Version = "0.7.7"

// ErrMalformed is matched by every *PathError.
var ErrMalformed = errors.New("odp: payload does not match the Digital Planning Data Schemas")

// SchemaURL is the schemas' address written into metadata.schema of an
// application built from the model.
const SchemaURL = "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas/application.json"

// PathError reports a problem at one place in a payload. Its message names
// the place and what was expected, never the value found, so it is safe to
// log.
type PathError struct {
	// Path is the JSON path, such as "data.applicant.email" or "files[2].type".
	Path string
	// Problem says what was expected there.
	Problem string
	// Err is an underlying error, if any.
	Err error
}

func (e *PathError) Error() string { return "odp: " + e.Path + ": " + e.Problem }

// Is reports whether target is ErrMalformed.
func (e *PathError) Is(target error) bool { return target == ErrMalformed }

// Unwrap returns the underlying error.
func (e *PathError) Unwrap() error { return e.Err }

// Text explains the error to a caseworker in English and Welsh, naming the
// place in the payload (never the value found there).
func (e *PathError) Text() councilkit.Text {
	return text("payload.path", "path", e.Path, "version", Version)
}

// maxPayload bounds what Import reads; real payloads are under 100 KB.
const maxPayload = 16 << 20

// reader walks a decoded payload, remembering the first problem that makes
// the payload unreadable and every value it keeps without normalising.
type reader struct {
	err  error
	kept []kept
}

// kept is a value the schemas allow that councilkit cannot normalise (a
// fee in fractions of a penny, a number too large for a float64): the
// model holds the zero value, the payload the value as given, and Validate
// reports the problem while the model's value is still the zero one.
type kept struct {
	path    string // the JSON path in the payload
	field   string // the model's field
	code    councilkit.Code
	msg     councilkit.Text
	unfixed func(a *planning.Application) bool
}

func (r *reader) keep(path, field string, code councilkit.Code, msg councilkit.Text, unfixed func(*planning.Application) bool) {
	r.kept = append(r.kept, kept{path: path, field: field, code: code, msg: msg, unfixed: unfixed})
}

func (r *reader) fail(path, problem string, err error) {
	if r.err == nil {
		r.err = &PathError{Path: path, Problem: problem, Err: err}
	}
}

// field returns m[key] as a T, and false if it is absent or null (a
// problem, "required <kind> is missing", when required) or of another kind
// (a problem, want).
func field[T any](r *reader, m map[string]any, path, key string, required bool, kind, want string) (T, bool) {
	var zero T
	v, ok := m[key]
	if !ok || v == nil {
		if required {
			r.fail(councilkit.JoinField(path, key), "required "+kind+" is missing", nil)
		}
		return zero, false
	}
	x, ok := v.(T)
	if !ok {
		r.fail(councilkit.JoinField(path, key), want, nil)
	}
	return x, ok
}

// obj returns the object at m[key]; ok is false if absent. A value of the
// wrong kind is a problem.
func (r *reader) obj(m map[string]any, path, key string, required bool) (map[string]any, bool) {
	return field[map[string]any](r, m, path, key, required, "object", "want an object")
}

func (r *reader) arr(m map[string]any, path, key string) []any {
	a, _ := field[[]any](r, m, path, key, false, "array", "want an array")
	return a
}

func (r *reader) str(m map[string]any, path, key string, required bool) string {
	s, _ := field[string](r, m, path, key, required, "string", "want a string")
	return s
}

func (r *reader) boolean(m map[string]any, path, key string) bool {
	b, _ := field[bool](r, m, path, key, false, "boolean", "want true or false")
	return b
}

func (r *reader) number(m map[string]any, path, key string) (json.Number, bool) {
	return field[json.Number](r, m, path, key, false, "number", "want a number")
}

// float returns the number at m[key]. A number the schemas allow but a
// float64 cannot hold (1e400) is kept in the payload and reported by
// Validate under field, while get still reads zero from the model.
func (r *reader) float(m map[string]any, path, key, field string, get func(*planning.Application) float64) float64 {
	n, ok := r.number(m, path, key)
	if !ok {
		return 0
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) {
		r.keep(councilkit.JoinField(path, key), field, councilkit.CodeInvalid, textNumber,
			func(a *planning.Application) bool { return get == nil || get(a) == 0 })
		return 0
	}
	return f
}

// amount returns the amount at m[key], in any JSON spelling of a whole
// number of pence ("258", "258.00", "2.58e2"). An amount the schemas allow
// but money cannot hold (fractions of a penny, more than the largest
// Amount) is kept in the payload and reported by Validate under field.
func (r *reader) amount(m map[string]any, path, key, field string, get func(*planning.Application) payments.Amount) payments.Amount {
	n, ok := r.number(m, path, key)
	if !ok {
		return payments.Amount{}
	}
	if a, err := payments.ParseAmount(string(n)); err == nil && !strings.ContainsAny(string(n), "eE") {
		return a
	}
	var q big.Rat
	if len(n) <= 64 {
		if _, ok := q.SetString(string(n)); ok {
			q.Mul(&q, big.NewRat(100, 1))
			if q.IsInt() && q.Num().IsInt64() {
				return payments.Pence(q.Num().Int64())
			}
		}
	}
	r.keep(councilkit.JoinField(path, key), field, councilkit.CodeInvalid, textAmount,
		func(a *planning.Application) bool { return get(a).IsZero() })
	return payments.Amount{}
}

var (
	textNumber = text("value.number_too_large")
	textDate   = text("value.date_out_of_range")
	textAmount = text("value.amount_not_pence")
)

// date returns the RFC 3339 full-date at m[key]. One the schemas allow but
// calendar.Date cannot hold (the year 0000) is kept in the payload and
// reported by Validate under field while get still reads zero.
func (r *reader) date(m map[string]any, path, key, field string, get func(*planning.Application) calendar.Date) calendar.Date {
	s := r.str(m, path, key, false)
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		if _, terr := time.Parse(time.DateOnly, s); terr == nil && len(s) == len(time.DateOnly) {
			r.keep(councilkit.JoinField(path, key), field, councilkit.CodeInvalid, textDate,
				func(a *planning.Application) bool { return get(a).IsZero() })
			return calendar.Date{}
		}
		r.fail(councilkit.JoinField(path, key), "want a date YYYY-MM-DD", err)
	}
	return d
}

// decode parses a payload into generic JSON values, numbers kept exact.
func decode(data []byte) (map[string]any, error) {
	if len(data) > maxPayload {
		return nil, &PathError{Path: "$", Problem: "payload larger than 16 MiB"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, &PathError{Path: "$", Problem: "not valid JSON", Err: err}
	}
	if dec.More() {
		return nil, &PathError{Path: "$", Problem: "more than one JSON value"}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &PathError{Path: "$", Problem: "want an object"}
	}
	return m, nil
}

// Import reads a Digital Planning Data Schemas application payload and
// returns the application for council c, in planning.StateSubmitted with
// Received set to the day (in London) of metadata.submittedAt. The
// application keeps the payload as its Source. A fee with a GOV.UK Pay
// reference is taken as paid; only designations the site intersects are
// kept. Values the schemas allow but councilkit cannot normalise are kept
// as given (Party.PostcodeText, Site.PostcodeText, UPRNText, USRNText) or
// left in Source, and reported by Validate. A payload that is not JSON or
// that the schemas refuse gets a *PathError.
func Import(data []byte, c councilkit.Council) (*planning.Application, error) {
	root, err := decode(data)
	if err != nil {
		return nil, err
	}
	a, _, err := fromDoc(root)
	if err != nil {
		return nil, err
	}
	a.Council = c
	a.Source = append(json.RawMessage(nil), data...)
	return a, nil
}

func fromDoc(root map[string]any) (*planning.Application, []kept, error) {
	r := &reader{}
	a := &planning.Application{}
	data, _ := r.obj(root, "", "data", true)
	meta, _ := r.obj(root, "", "metadata", true)
	if r.err != nil {
		return nil, nil, r.err
	}

	// data.application
	app, _ := r.obj(data, "data", "application", true)
	if app != nil {
		if t, ok := r.obj(app, "data.application", "type", true); ok {
			code := r.str(t, "data.application.type", "value", true)
			if code != "" {
				ty, err := planning.ParseApplicationType(code)
				if err != nil {
					r.fail("data.application.type.value", "not an application type of the schemas", err)
				}
				a.Type = ty
			}
		}
		if fee, ok := r.obj(app, "data.application", "fee", true); ok {
			const p = "data.application.fee"
			a.Fee.NotApplicable = r.boolean(fee, p, "notApplicable")
			a.Fee.Calculated = r.amount(fee, p, "calculated", "fee.calculated", func(a *planning.Application) payments.Amount { return a.Fee.Calculated })
			a.Fee.Payable = r.amount(fee, p, "payable", "fee.payable", func(a *planning.Application) payments.Amount { return a.Fee.Payable })
			if cat, ok := r.obj(fee, p, "category", false); ok {
				a.Fee.Category = r.category(cat)
			}
			if ex, ok := r.obj(fee, p, "exemption", false); ok {
				for _, k := range []string{"disability", "resubmission"} {
					if r.boolean(ex, p+".exemption", k) {
						a.Fee.Exemptions = append(a.Fee.Exemptions, k)
					}
				}
			}
			if red, ok := r.obj(fee, p, "reduction", false); ok {
				for _, k := range []string{"sports", "parishCouncil", "alternative"} {
					if r.boolean(red, p+".reduction", k) {
						a.Fee.Reductions = append(a.Fee.Reductions, k)
					}
				}
			}
			if ref, ok := r.obj(fee, p, "reference", false); ok {
				a.Fee.PaymentReference = r.str(ref, p+".reference", "govPay", false)
			}
			a.Fee.Paid = a.Fee.PaymentReference != ""
		}
		if dec, ok := r.obj(app, "data.application", "declaration", true); ok {
			a.Declaration.Accurate = r.boolean(dec, "data.application.declaration", "accurate")
			if conn, ok := r.obj(dec, "data.application.declaration", "connection", true); ok {
				a.Declaration.Connection = r.str(conn, "data.application.declaration.connection", "value", true)
				a.Declaration.ConnectionDescription = r.str(conn, "data.application.declaration.connection", "description", false)
			}
		}
	}

	if u, ok := r.obj(data, "data", "user", true); ok {
		a.UserRole = r.str(u, "data.user", "role", true)
	}

	// data.applicant
	if ap, ok := r.obj(data, "data", "applicant", true); ok {
		a.Applicant = r.party(ap, "data.applicant")
		if own, ok := r.obj(ap, "data.applicant", "ownership", false); ok {
			a.Ownership = r.ownership(own, "data.applicant.ownership")
		}
		if ag, ok := r.obj(ap, "data.applicant", "agent", false); ok {
			p := r.party(ag, "data.applicant.agent")
			a.Agent = &p
		}
	}

	// data.property
	if prop, ok := r.obj(data, "data", "property", true); ok {
		if ad, ok := r.obj(prop, "data.property", "address", true); ok {
			r.siteAddress(ad, "data.property.address", &a.Site)
		}
		a.Site.Ward = r.str(prop, "data.property", "ward", false)
		a.Site.Region = r.str(prop, "data.property", "region", false)
		for i, l := range r.arr(prop, "data.property", "localAuthorityDistrict") {
			s, ok := l.(string)
			if !ok {
				r.fail(councilkit.IndexField("data.property.localAuthorityDistrict", i), "want a string", nil)
				continue
			}
			a.Site.LocalAuthorityDistricts = append(a.Site.LocalAuthorityDistricts, s)
		}
		if pt, ok := r.obj(prop, "data.property", "type", false); ok {
			a.Site.PropertyType = r.str(pt, "data.property.type", "value", false)
		}
		if pl, ok := r.obj(prop, "data.property", "planning", false); ok {
			for i, d := range r.arr(pl, "data.property.planning", "designations") {
				path := councilkit.IndexField("data.property.planning.designations", i)
				dm, ok := d.(map[string]any)
				if !ok {
					r.fail(path, "want an object", nil)
					continue
				}
				if r.boolean(dm, path, "intersects") {
					a.Site.Designations = append(a.Site.Designations, r.str(dm, path, "value", true))
				}
			}
		}
	}

	// data.proposal
	if pr, ok := r.obj(data, "data", "proposal", true); ok {
		const p = "data.proposal"
		a.Proposal.Description = r.str(pr, p, "description", true)
		for i, t := range r.arr(pr, p, "projectType") {
			tm, ok := t.(map[string]any)
			if !ok {
				r.fail(councilkit.IndexField(p+".projectType", i), "want an object", nil)
				continue
			}
			a.Proposal.ProjectTypes = append(a.Proposal.ProjectTypes, r.str(tm, councilkit.IndexField(p+".projectType", i), "value", true))
		}
		if b, ok := r.obj(pr, p, "boundary", false); ok {
			if site, ok := b["site"]; ok {
				raw, err := json.Marshal(site)
				if err != nil {
					r.fail(p+".boundary.site", "want GeoJSON", err)
				}
				a.Site.RedLine = raw
			}
			if area, ok := r.obj(b, p+".boundary", "area", false); ok {
				a.Site.RedLineAreaM2 = r.float(area, p+".boundary.area", "squareMetres", "site.red_line_area_m2",
					func(a *planning.Application) float64 { return a.Site.RedLineAreaM2 })
			}
		}
		if ext, ok := r.obj(pr, p, "extend", false); ok {
			if area, ok := r.obj(ext, p+".extend", "area", false); ok {
				a.Proposal.FloorSpaceM2 = r.float(area, p+".extend.area", "squareMetres", "proposal.floor_space_m2",
					func(a *planning.Application) float64 { return a.Proposal.FloorSpaceM2 })
			}
		}
		if d, ok := r.obj(pr, p, "date", false); ok {
			a.Proposal.Start = r.date(d, p+".date", "start", "proposal.start",
				func(a *planning.Application) calendar.Date { return a.Proposal.Start })
			a.Proposal.Completion = r.date(d, p+".date", "completion", "proposal.completion",
				func(a *planning.Application) calendar.Date { return a.Proposal.Completion })
		}
	}

	// files
	for i, f := range r.arr(root, "", "files") {
		path := councilkit.IndexField("files", i)
		fm, ok := f.(map[string]any)
		if !ok {
			r.fail(path, "want an object", nil)
			continue
		}
		doc := planning.Document{Name: r.str(fm, path, "name", true), Description: r.str(fm, path, "description", false)}
		for j, t := range r.arr(fm, path, "type") {
			tp := councilkit.IndexField(path+".type", j)
			tm, ok := t.(map[string]any)
			if !ok {
				r.fail(tp, "want an object", nil)
				continue
			}
			dt, err := planning.ParseDocumentType(r.str(tm, tp, "value", true))
			if err != nil && r.err == nil {
				r.fail(tp+".value", "not a file type of the schemas", err)
			}
			doc.Types = append(doc.Types, dt)
		}
		a.Documents = append(a.Documents, doc)
	}

	// metadata
	a.ID = r.str(meta, "metadata", "id", true)
	a.Organisation = r.str(meta, "metadata", "organisation", false)
	if s := r.str(meta, "metadata", "submittedAt", true); s != "" {
		t, err := parseDateTime(s)
		if err != nil {
			r.fail("metadata.submittedAt", "want an RFC 3339 date and time", err)
		}
		a.SubmittedAt = t
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	// The application arrives as submitted, received on the day (in
	// London) it was submitted, ready to be made valid or invalid.
	a.Lifecycle = planning.Lifecycle{State: planning.StateSubmitted, History: []planning.Transition{
		{From: planning.StateNone, To: planning.StateSubmitted, At: a.SubmittedAt.UTC(), By: importedBy}}}
	a.Received = calendar.DateOf(a.SubmittedAt)
	return a, r.kept, nil
}

// importedBy records Import as the maker of an imported application's move
// to StateSubmitted.
const importedBy = "odp.Import"

// category returns the Schedule 1 category with the largest amount in the
// schemas' fee breakdown, if the calculator models it.
func (r *reader) category(m map[string]any) planning.FeeCategory {
	best, cat := 0.0, planning.CategoryNone
	for key, c := range map[string]planning.FeeCategory{"one": planning.CategoryDwellings,
		"two": planning.CategoryBuildings, "sixAndSeven": planning.CategoryHouseholder,
		"fourteen": planning.CategoryChangeOfUse} {
		if _, isNum := m[key].(json.Number); !isNum {
			continue
		}
		if f, err := strconv.ParseFloat(string(m[key].(json.Number)), 64); err == nil && f > best {
			best, cat = f, c
		}
	}
	return cat
}

func (r *reader) party(m map[string]any, path string) planning.Party {
	var p planning.Party
	p.Type = r.str(m, path, "type", false)
	if n, ok := r.obj(m, path, "name", false); ok {
		p.Title = r.str(n, councilkit.JoinField(path, "name"), "title", false)
		p.GivenNames = r.str(n, councilkit.JoinField(path, "name"), "first", false)
		p.FamilyName = r.str(n, councilkit.JoinField(path, "name"), "last", false)
	}
	if c, ok := r.obj(m, path, "company", false); ok {
		p.Company = r.str(c, councilkit.JoinField(path, "company"), "name", false)
	}
	p.Contact.Email = r.str(m, path, "email", false)
	if ph, ok := r.obj(m, path, "phone", false); ok {
		p.Contact.Phone = r.str(ph, councilkit.JoinField(path, "phone"), "primary", false)
	}
	if ad, ok := r.obj(m, path, "address", false); ok {
		ap := councilkit.JoinField(path, "address")
		if r.boolean(ad, ap, "sameAsSiteAddress") {
			p.SameAddressAsSite = true
		} else {
			for _, k := range []string{"line1", "line2"} {
				if l := r.str(ad, ap, k, false); l != "" {
					p.Address.Lines = append(p.Address.Lines, l)
				}
			}
			p.Address.Town = r.str(ad, ap, "town", false)
			if pc := r.str(ad, ap, "postcode", false); pc != "" {
				if v, err := identity.ParsePostcode(pc); err == nil {
					p.Address.Postcode = v
				} else {
					p.PostcodeText = pc // an address abroad, or free text
				}
			}
		}
	}
	return p
}

func (r *reader) ownership(m map[string]any, path string) planning.Ownership {
	var o planning.Ownership
	if c := r.str(m, path, "certificate", false); c != "" {
		if err := o.Certificate.UnmarshalText([]byte(c)); err != nil {
			r.fail(councilkit.JoinField(path, "certificate"), "want a, b, c or d", err)
		}
	}
	o.Interest = r.str(m, path, "interest", false)
	o.AgriculturalTenants = r.boolean(m, path, "agriculturalTenants")
	o.NoticeGiven = r.boolean(m, path, "noticeGiven")
	if np, ok := r.obj(m, path, "noticePublished", false); ok && r.boolean(np, councilkit.JoinField(path, "noticePublished"), "status") {
		o.NoticePublished = r.date(np, councilkit.JoinField(path, "noticePublished"), "date", "ownership.notice_published",
			func(a *planning.Application) calendar.Date { return a.Ownership.NoticePublished })
	}
	for i, ow := range r.arr(m, path, "owners") {
		op := councilkit.IndexField(councilkit.JoinField(path, "owners"), i)
		om, ok := ow.(map[string]any)
		if !ok {
			r.fail(op, "want an object", nil)
			continue
		}
		owner := planning.Owner{Name: r.str(om, op, "name", true),
			Notified: r.date(om, op, "noticeDate", councilkit.JoinField(councilkit.IndexField("ownership.owners", i), "notified"),
				func(a *planning.Application) calendar.Date {
					if i < len(a.Ownership.Owners) {
						return a.Ownership.Owners[i].Notified
					}
					return calendar.Date{}
				}),
			Interest: r.str(om, op, "interest", false), NoticeGiven: r.boolean(om, op, "noticeGiven"),
			NoNoticeReason: r.str(om, op, "noNoticeReason", false)}
		switch ad := om["address"].(type) {
		case string:
			owner.Address = ad
		case map[string]any:
			var parts []string
			for _, k := range []string{"line1", "line2", "town", "postcode"} {
				if s := r.str(ad, councilkit.JoinField(op, "address"), k, false); s != "" {
					parts = append(parts, s)
				}
			}
			owner.Address = strings.Join(parts, ", ")
		}
		o.Owners = append(o.Owners, owner)
	}
	return o
}

func (r *reader) siteAddress(m map[string]any, path string, s *planning.Site) {
	s.Title = r.str(m, path, "title", true)
	s.Proposed = r.str(m, path, "source", true) == "Proposed by applicant"
	ad := &s.Address
	ad.LatLon = identity.LatLon{
		Lat: r.float(m, path, "latitude", "site.address.lat_lon", func(a *planning.Application) float64 { return a.Site.Address.LatLon.Lat }),
		Lon: r.float(m, path, "longitude", "site.address.lat_lon", func(a *planning.Application) float64 { return a.Site.Address.LatLon.Lon })}
	ad.Grid = identity.GridPoint{
		Easting:  r.float(m, path, "x", "site.address.grid", func(a *planning.Application) float64 { return a.Site.Address.Grid.Easting }),
		Northing: r.float(m, path, "y", "site.address.grid", func(a *planning.Application) float64 { return a.Site.Address.Grid.Northing })}
	if s.Proposed {
		return
	}
	if u := r.str(m, path, "uprn", false); u != "" {
		if v, err := identity.ParseUPRN(u); err == nil {
			ad.UPRN = v
		} else {
			s.UPRNText = u
		}
	}
	if u := r.str(m, path, "usrn", false); u != "" {
		if v, err := identity.ParseUSRN(u); err == nil {
			s.USRN = v
		} else {
			s.USRNText = u
		}
	}
	sao, pao, street := r.str(m, path, "sao", false), r.str(m, path, "pao", false), r.str(m, path, "street", false)
	if sao != "" {
		ad.Lines = append(ad.Lines, sao)
	}
	switch {
	case pao != "" && isNumberish(pao) && street != "":
		ad.Lines = append(ad.Lines, pao+" "+street)
	default:
		for _, l := range []string{pao, street} {
			if l != "" {
				ad.Lines = append(ad.Lines, l)
			}
		}
	}
	ad.Town = r.str(m, path, "town", false)
	if pc := r.str(m, path, "postcode", false); pc != "" {
		if v, err := identity.ParsePostcode(pc); err == nil {
			ad.Postcode = v
		} else {
			s.PostcodeText = pc
		}
	}
}

// errDateTime is the underlying error for a submission time too long to be
// an RFC 3339 date-time.
var errDateTime = errors.New("odp: date-time too long")

// parseDateTime reads an RFC 3339 date-time (RFC 3339 section 5.6): "T"
// and "Z" in either case (the note to section 5.6 allows lower-case "t" and
// "z"), any number of digits of fractional seconds, "Z" or a numeric
// offset, and a leap second ":60" (section 5.7), which time.Time cannot
// hold and is read as the first instant of the next second. time.Parse
// alone refuses the lower-case letters and the leap second.
func parseDateTime(s string) (time.Time, error) {
	if len(s) > 64 {
		return time.Time{}, errDateTime
	}
	b := []byte(s)
	if len(b) > 10 && b[10] == 't' {
		b[10] = 'T'
	}
	if n := len(b); n > 0 && b[n-1] == 'z' {
		b[n-1] = 'Z'
	}
	leap := len(b) >= 19 && b[10] == 'T' && b[16] == ':' && b[17] == '6' && b[18] == '0'
	if leap {
		b[17], b[18] = '5', '9'
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		return time.Time{}, err
	}
	if leap {
		t = t.Add(time.Second)
	}
	return t, nil
}

// isNumberish reports whether a primary addressable object is a house
// number ("40", "12A", "3-5") that goes on the street line.
func isNumberish(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9' && len(s) <= 8 && !strings.Contains(s, " ")
}

// Export writes an application as a payload. An imported application is
// written as its Source, with every field the model holds replaced by the
// model's value where the model differs from what was imported. Any other
// application is built from the model alone, which must then hold every
// fact the schemas require (a *PathError names the first one missing); the
// payload's metadata.source is "Any" and it has no questions and answers.
func Export(a *planning.Application) ([]byte, error) {
	var root map[string]any
	before := &planning.Application{}
	native := len(a.Source) == 0
	if native {
		if err := checkNative(a); err != nil {
			return nil, err
		}
		root = map[string]any{
			"data": map[string]any{"application": map[string]any{}, "user": map[string]any{}, "applicant": map[string]any{},
				"property": map[string]any{"address": map[string]any{}}, "proposal": map[string]any{}},
			"responses": []any{},
			"files":     []any{},
			"metadata":  map[string]any{"source": "Any", "schema": SchemaURL},
		}
	} else {
		var err error
		if root, err = decode(a.Source); err != nil {
			return nil, err
		}
		if before, _, err = fromDoc(root); err != nil {
			return nil, err
		}
	}
	data := root["data"].(map[string]any)
	app := data["application"].(map[string]any)

	if native || a.Type != before.Type {
		if a.Type.IsZero() {
			return nil, &PathError{Path: "data.application.type", Problem: "an application type is required"}
		}
		app["type"] = map[string]any{"value": a.Type.String(), "description": a.Type.Description()}
	}
	if native || !slices.Equal(a.Fee.Exemptions, before.Fee.Exemptions) || !slices.Equal(a.Fee.Reductions, before.Fee.Reductions) ||
		a.Fee.Calculated != before.Fee.Calculated || a.Fee.Payable != before.Fee.Payable ||
		a.Fee.NotApplicable != before.Fee.NotApplicable || a.Fee.PaymentReference != before.Fee.PaymentReference {
		app["fee"] = feeDoc(a.Fee, app["fee"])
	}
	if native || a.Declaration != before.Declaration {
		conn := map[string]any{"value": a.Declaration.Connection}
		if a.Declaration.ConnectionDescription != "" {
			conn["description"] = a.Declaration.ConnectionDescription
		}
		app["declaration"] = map[string]any{"accurate": a.Declaration.Accurate, "connection": conn}
	}
	if native || a.UserRole != before.UserRole {
		data["user"] = map[string]any{"role": a.UserRole}
	}
	applicant := data["applicant"].(map[string]any)
	if native || !partyEqual(a.Applicant, before.Applicant) {
		writeParty(applicant, a.Applicant, true)
	}
	if (native && a.Ownership.Certificate != planning.CertificateNone) || (!native && !ownershipEqual(a.Ownership, before.Ownership)) {
		applicant["ownership"] = ownershipDoc(a.Ownership, before.Ownership.Owners, applicant["ownership"])
	}
	switch {
	case a.Agent == nil && before.Agent != nil:
		delete(applicant, "agent")
	case a.Agent != nil && (before.Agent == nil || !partyEqual(*a.Agent, *before.Agent)):
		ag, _ := applicant["agent"].(map[string]any)
		if ag == nil {
			ag = map[string]any{}
		}
		writeParty(ag, *a.Agent, false)
		delete(ag, "type")
		applicant["agent"] = ag
	}
	prop := data["property"].(map[string]any)
	switch {
	case native && len(a.Site.Designations) > 0:
		ds, err := designationsDoc(a.Site.Designations)
		if err != nil {
			return nil, err
		}
		// The schemas require the list of sources; councilkit does not
		// record where a site's designations were looked up.
		prop["planning"] = map[string]any{"designations": ds, "sources": []any{}}
	case !native && !slices.Equal(a.Site.Designations, before.Site.Designations):
		return nil, &PathError{Path: "data.property.planning.designations", Problem: "designations come from the planning data service and cannot be changed here"}
	}
	if native || !siteEqual(a.Site, before.Site) {
		writeSite(prop["address"].(map[string]any), a.Site)
	}
	if native || a.Site.Ward != before.Site.Ward {
		prop["ward"] = a.Site.Ward
	}
	if native || a.Site.Region != before.Site.Region {
		prop["region"] = a.Site.Region
	}
	if native || !slices.Equal(a.Site.LocalAuthorityDistricts, before.Site.LocalAuthorityDistricts) {
		lads := []any{}
		for _, l := range a.Site.LocalAuthorityDistricts {
			lads = append(lads, l)
		}
		prop["localAuthorityDistrict"] = lads
	}
	if native || a.Site.PropertyType != before.Site.PropertyType {
		d, ok := propertyTypeDescriptions[a.Site.PropertyType]
		if !ok {
			return nil, &PathError{Path: "data.property.type", Problem: "not a property type of the schemas"}
		}
		prop["type"] = map[string]any{"value": a.Site.PropertyType, "description": d}
	}
	pr := data["proposal"].(map[string]any)
	if native || a.Proposal.Description != before.Proposal.Description {
		pr["description"] = a.Proposal.Description
	}
	if native || !slices.Equal(a.Proposal.ProjectTypes, before.Proposal.ProjectTypes) {
		var pts []any
		for _, t := range a.Proposal.ProjectTypes {
			d, ok := projectTypeDescriptions[t]
			if !ok {
				return nil, &PathError{Path: "data.proposal.projectType", Problem: "not a project type of the schemas"}
			}
			pts = append(pts, map[string]any{"value": t, "description": d})
		}
		pr["projectType"] = pts
	}
	if !bytes.Equal(compact(a.Site.RedLine), compact(before.Site.RedLine)) || a.Site.RedLineAreaM2 != before.Site.RedLineAreaM2 {
		if len(a.Site.RedLine) == 0 {
			delete(pr, "boundary")
		} else {
			var site any
			if err := json.Unmarshal(a.Site.RedLine, &site); err != nil {
				return nil, &PathError{Path: "data.proposal.boundary.site", Problem: "want GeoJSON", Err: err}
			}
			pr["boundary"] = map[string]any{"site": site, "area": map[string]any{
				"squareMetres": floatNumber(a.Site.RedLineAreaM2),
				"hectares":     floatNumber(a.Site.RedLineAreaM2 / 10000)}}
		}
	}
	if a.Proposal.Start != before.Proposal.Start || a.Proposal.Completion != before.Proposal.Completion {
		d := map[string]any{}
		if !a.Proposal.Start.IsZero() {
			d["start"] = a.Proposal.Start.String()
		}
		if !a.Proposal.Completion.IsZero() {
			d["completion"] = a.Proposal.Completion.String()
		}
		pr["date"] = d
	}
	if !documentsEqual(a.Documents, before.Documents) {
		var files []any
		for i, d := range a.Documents {
			f := map[string]any{"name": d.Name}
			if d.Description != "" {
				f["description"] = d.Description
			}
			var types []any
			for _, t := range d.Types {
				desc := t.Description()
				if desc == "" {
					return nil, &PathError{Path: councilkit.IndexField("files", i) + ".type", Problem: "not a file type of the schemas"}
				}
				types = append(types, map[string]any{"value": string(t), "description": desc})
			}
			f["type"] = types
			files = append(files, f)
		}
		if files == nil {
			files = []any{}
		}
		root["files"] = files
	}
	meta := root["metadata"].(map[string]any)
	if native || a.ID != before.ID {
		meta["id"] = a.ID
	}
	if native || a.Organisation != before.Organisation {
		meta["organisation"] = a.Organisation
	}
	if native || !a.SubmittedAt.Equal(before.SubmittedAt) {
		// Written with its own offset, as imported; RFC 3339 has four-digit
		// years only.
		if y := a.SubmittedAt.Year(); y < 0 || y > 9999 {
			return nil, &PathError{Path: "metadata.submittedAt", Problem: "the submission time must fall in the years 0000 to 9999"}
		}
		meta["submittedAt"] = a.SubmittedAt.Format(time.RFC3339Nano)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("odp: encoding: %w", err)
	}
	return buf.Bytes(), nil
}

// checkNative reports the first fact the schemas require that an
// application built from the model lacks.
func checkNative(a *planning.Application) error {
	missing := func(path, what string) error { return &PathError{Path: path, Problem: what} }
	s := a.Site
	switch {
	case a.Type.IsZero():
		return missing("data.application.type", "an application type is required")
	case a.Declaration.Connection == "":
		return missing("data.application.declaration.connection.value", "the connection statement is required")
	case a.UserRole == "":
		return missing("data.user.role", "who filled in the application is required")
	case a.Applicant.Type == "":
		return missing("data.applicant.type", "the applicant type is required")
	case a.Applicant.FamilyName == "" || a.Applicant.GivenNames == "":
		return missing("data.applicant.name", "the applicant's name is required")
	case a.Applicant.Contact.Email == "" || a.Applicant.Contact.Phone == "":
		return missing("data.applicant.email", "the applicant's email and phone are required")
	case !a.Applicant.SameAddressAsSite && (len(a.Applicant.Address.Lines) == 0 || postcodeText(a.Applicant.Address.Postcode, a.Applicant.PostcodeText) == ""):
		return missing("data.applicant.address", "the applicant's address is required")
	case a.Agent != nil && (len(a.Agent.Address.Lines) == 0 || postcodeText(a.Agent.Address.Postcode, a.Agent.PostcodeText) == "" || a.Agent.Contact.Email == ""):
		return missing("data.applicant.agent", "the agent's name, address, email and phone are required")
	case s.Title == "" || s.Address.LatLon.IsZero() || s.Address.Grid.IsZero():
		return missing("data.property.address", "the site's title and coordinates are required")
	case !s.Proposed && (orText(s.Address.UPRN.String(), s.UPRNText) == "" || orText(s.USRN.String(), s.USRNText) == "" ||
		postcodeText(s.Address.Postcode, s.PostcodeText) == "" || s.Address.Town == "" || len(s.Address.Lines) == 0):
		return missing("data.property.address", "a site from Ordnance Survey needs its UPRN, USRN, street, town and postcode")
	case s.Ward == "":
		return missing("data.property.ward", "the ward is required")
	case s.Region == "":
		return missing("data.property.region", "the region is required")
	case len(s.LocalAuthorityDistricts) == 0:
		return missing("data.property.localAuthorityDistrict", "the local authority district is required")
	case s.PropertyType == "":
		return missing("data.property.type", "the property type is required")
	case a.Proposal.Description == "" || len(a.Proposal.ProjectTypes) == 0:
		return missing("data.proposal", "the description and project types are required")
	case a.ID == "" || a.Organisation == "" || a.SubmittedAt.IsZero():
		return missing("metadata", "the ID, organisation and submission time are required")
	}
	return nil
}

// designationsDoc writes the designations a site built in councilkit
// intersects, each with the description the schemas require beside its
// code.
func designationsDoc(ds []string) ([]any, error) {
	out := make([]any, 0, len(ds))
	for i, d := range ds {
		desc, ok := designationDescriptions[d]
		if !ok {
			return nil, &PathError{Path: councilkit.IndexField("data.property.planning.designations", i) + ".value", Problem: "not a planning designation of the schemas"}
		}
		out = append(out, map[string]any{"value": d, "description": desc, "intersects": true})
	}
	return out, nil
}

func compact(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

// floatNumber writes f as a JSON number in its shortest decimal form.
func floatNumber(f float64) json.Number { return json.Number(strconv.FormatFloat(f, 'f', -1, 64)) }

func amountNumber(a payments.Amount) json.Number {
	if a.Pence()%100 == 0 {
		return json.Number(strconv.FormatInt(a.Pence()/100, 10))
	}
	return json.Number(a.Plain())
}

func feeDoc(f planning.Fee, old any) any {
	if f.NotApplicable {
		return map[string]any{"notApplicable": true}
	}
	m, _ := old.(map[string]any)
	if m == nil || m["notApplicable"] != nil {
		m = map[string]any{}
	}
	m["calculated"] = amountNumber(f.Calculated)
	m["payable"] = amountNumber(f.Payable)
	ex := map[string]any{"disability": slices.Contains(f.Exemptions, "disability"), "resubmission": slices.Contains(f.Exemptions, "resubmission")}
	red := map[string]any{"sports": slices.Contains(f.Reductions, "sports"), "parishCouncil": slices.Contains(f.Reductions, "parishCouncil"),
		"alternative": slices.Contains(f.Reductions, "alternative")}
	m["exemption"], m["reduction"] = ex, red
	if f.PaymentReference != "" {
		m["reference"] = map[string]any{"govPay": f.PaymentReference}
	} else {
		delete(m, "reference")
	}
	return m
}

func partyEqual(x, y planning.Party) bool {
	return x.Type == y.Type && x.Title == y.Title && x.GivenNames == y.GivenNames && x.FamilyName == y.FamilyName &&
		x.Company == y.Company && x.Contact == y.Contact && x.SameAddressAsSite == y.SameAddressAsSite &&
		x.PostcodeText == y.PostcodeText && addressEqual(x.Address, y.Address)
}

func addressEqual(x, y identity.Address) bool {
	return slices.Equal(x.Lines, y.Lines) && x.Town == y.Town && x.Postcode == y.Postcode &&
		x.UPRN == y.UPRN && x.Grid == y.Grid && x.LatLon == y.LatLon
}

// writeParty writes p into m: an applicant (BaseApplicant) or the agent's
// own details (Agent.agent), whose address has no sameAsSiteAddress.
func writeParty(m map[string]any, p planning.Party, applicant bool) {
	if p.Type != "" {
		m["type"] = p.Type
	}
	name := map[string]any{"first": p.GivenNames, "last": p.FamilyName}
	if p.Title != "" {
		name["title"] = p.Title
	}
	m["name"] = name
	if p.Company != "" {
		m["company"] = map[string]any{"name": p.Company}
	} else {
		delete(m, "company")
	}
	m["email"] = p.Contact.Email
	m["phone"] = map[string]any{"primary": p.Contact.Phone}
	if p.SameAddressAsSite && applicant {
		m["address"] = map[string]any{"sameAsSiteAddress": true}
		return
	}
	ad := map[string]any{"town": p.Address.Town, "postcode": postcodeText(p.Address.Postcode, p.PostcodeText)}
	if old, ok := m["address"].(map[string]any); ok {
		for _, k := range []string{"county", "country"} {
			if v, ok := old[k]; ok {
				ad[k] = v
			}
		}
	}
	if len(p.Address.Lines) > 0 {
		ad["line1"] = p.Address.Lines[0]
	}
	if len(p.Address.Lines) > 1 {
		ad["line2"] = strings.Join(p.Address.Lines[1:], ", ")
	}
	if applicant {
		ad["sameAsSiteAddress"] = false
	}
	m["address"] = ad
}

func ownershipEqual(x, y planning.Ownership) bool {
	return x.Certificate == y.Certificate && x.Interest == y.Interest && x.AgriculturalTenants == y.AgriculturalTenants &&
		x.NoticeGiven == y.NoticeGiven && x.NoticePublished == y.NoticePublished && slices.Equal(x.Owners, y.Owners)
}

func ownershipDoc(o planning.Ownership, imported []planning.Owner, old any) any {
	m, _ := old.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	if o.Certificate != planning.CertificateNone {
		m["certificate"] = o.Certificate.String()
	} else {
		delete(m, "certificate")
	}
	if o.Interest != "" {
		m["interest"] = o.Interest
	}
	m["agriculturalTenants"] = o.AgriculturalTenants
	if o.NoticeGiven {
		m["noticeGiven"] = true
	}
	if !o.NoticePublished.IsZero() {
		m["noticePublished"] = map[string]any{"status": true, "date": o.NoticePublished.String()}
	}
	if len(o.Owners) > 0 {
		oldOwners, _ := m["owners"].([]any)
		var owners []any
		for i, ow := range o.Owners {
			if i < len(imported) && i < len(oldOwners) && imported[i] == ow {
				owners = append(owners, oldOwners[i]) // unchanged: keep the address as given
				continue
			}
			owners = append(owners, ownerDoc(ow))
		}
		m["owners"] = owners
	} else {
		delete(m, "owners")
	}
	return m
}

// ownerDoc writes an owner in the one of the schemas' three forms its
// facts fit: with the day notice was given, with notice given on a day not
// stated, or with the reason notice was not given. The model holds the
// owner's address as one line, written as the address's first line.
func ownerDoc(ow planning.Owner) map[string]any {
	e := map[string]any{"name": ow.Name, "address": map[string]any{"line1": ow.Address, "town": "", "postcode": ""}}
	switch {
	case !ow.Notified.IsZero():
		e["noticeDate"] = ow.Notified.String()
	case ow.NoticeGiven:
		e["interest"], e["noticeGiven"] = ow.Interest, true
	default:
		e["interest"], e["noticeGiven"], e["noNoticeReason"] = ow.Interest, false, ow.NoNoticeReason
	}
	return e
}

func siteEqual(x, y planning.Site) bool {
	return addressEqual(x.Address, y.Address) && x.Title == y.Title && x.Proposed == y.Proposed && x.USRN == y.USRN &&
		x.PostcodeText == y.PostcodeText && x.UPRNText == y.UPRNText && x.USRNText == y.USRNText
}

// postcodeText returns the postcode to write: the parsed one, or else the
// text kept as given.
func postcodeText(pc identity.Postcode, text string) string {
	if pc.IsZero() {
		return text
	}
	return pc.String()
}

// orText returns the parsed value's text, or else the text kept as given.
func orText(parsed, text string) string {
	if parsed == "" {
		return text
	}
	return parsed
}

func writeSite(m map[string]any, s planning.Site) {
	m["title"] = s.Title
	m["latitude"] = floatNumber(s.Address.LatLon.Lat)
	m["longitude"] = floatNumber(s.Address.LatLon.Lon)
	m["x"] = floatNumber(s.Address.Grid.Easting)
	m["y"] = floatNumber(s.Address.Grid.Northing)
	if s.Proposed {
		for k := range m {
			switch k {
			case "title", "latitude", "longitude", "x", "y":
			default:
				delete(m, k)
			}
		}
		m["source"] = "Proposed by applicant"
		return
	}
	m["source"] = "Ordnance Survey"
	m["uprn"] = orText(s.Address.UPRN.String(), s.UPRNText)
	m["usrn"] = orText(s.USRN.String(), s.USRNText)
	m["town"] = s.Address.Town
	pc := postcodeText(s.Address.Postcode, s.PostcodeText)
	m["postcode"] = pc
	if len(s.Address.Lines) > 0 {
		last := s.Address.Lines[len(s.Address.Lines)-1]
		if i := strings.IndexByte(last, ' '); i > 0 && isNumberish(last[:i]) {
			m["pao"], m["street"] = last[:i], last[i+1:]
		} else if len(s.Address.Lines) >= 2 {
			m["pao"], m["street"] = s.Address.Lines[len(s.Address.Lines)-2], last
		} else {
			m["pao"], m["street"] = last, last
		}
	}
	m["singleLine"] = strings.Join(append(slices.Clone(s.Address.Lines), s.Address.Town, pc), ", ")
}

func documentsEqual(x, y []planning.Document) bool {
	return slices.EqualFunc(x, y, func(a, b planning.Document) bool {
		return a.Name == b.Name && a.Description == b.Description && slices.Equal(a.Types, b.Types)
	})
}
