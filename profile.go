package councilkit

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"

	"golang.org/x/text/language"
)

// Profile is what a deployment says about one council it serves: the facts
// every bill, notice, email and page prints about the council, in English
// and Welsh. councilkit holds no national list of councils (they are
// reorganised often, and a list compiled here would age); each deployment
// gives the profiles of the councils it serves, in one place, as a
// [Directory].
//
// The zero Profile has no council and is not valid.
type Profile struct {
	// Council is the council's GSS code.
	Council Council `json:"council"`
	// Name is the council's name as it signs its letters, such as
	// {"Cardiff Council", "Cyngor Caerdydd"}. Required in English; the
	// Welsh defaults to the English (councils in England rarely give one).
	Name Text `json:"name"`
	// Address is the council's postal address for correspondence, one
	// line of the address per line of text.
	Address Text `json:"address"`
	// Phone is the contact centre's number as residents dial it.
	Phone string `json:"phone,omitempty"`
	// Email is the contact address for residents.
	Email string `json:"email,omitempty"`
	// Website is the council's home page (https).
	Website string `json:"website,omitempty"`
	// OpeningHours says when the contact centre answers, such as
	// {"Monday to Friday, 8:30am to 5pm", "Dydd Llun i ddydd Gwener, 8:30yb i 5yp"}.
	OpeningHours Text `json:"opening_hours"`
}

// Codes for the problems Profile.Validate reports.
const (
	CodeInvalidPhone Code = "invalid_phone"
)

// Validate reports every problem with p at once as a *ValidationError: a
// council is required, a name in English, and a Website, if given, must be
// an https address; an Email must be one address.
func (p Profile) Validate() error {
	var ps Problems
	if p.Council.IsZero() {
		ps.Add("council", CodeRequired, RequiredText())
	}
	if strings.TrimSpace(p.Name.English) == "" {
		ps.Add("name.en", CodeRequired, RequiredText())
	}
	if p.Website != "" {
		u, err := url.Parse(p.Website)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			ps.Add("website", CodeInvalidURL, text("profile.website.invalid"))
		}
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
			ps.Add("email", CodeInvalidEmail, text("email.invalid"))
		}
	}
	if p.Phone != "" && !plausiblePhone(p.Phone) {
		ps.Add("phone", CodeInvalidPhone, text("profile.phone.invalid"))
	}
	return ps.Err()
}

// plausiblePhone accepts digits, spaces and one leading +, with 3 to 15
// digits (ITU-T E.164's maximum; 3 allows 101 and 999-style numbers).
func plausiblePhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 15
}

// NameIn returns the council's name in the language of tag (English unless
// tag is Welsh), or its GSS code when the profile has no name.
func (p Profile) NameIn(tag language.Tag) string {
	if n := p.Name.In(tag); n != "" {
		return n
	}
	return p.Council.String()
}

// IsZero reports whether p is the zero Profile: no council, no name, no
// contact details.
func (p Profile) IsZero() bool { return p == Profile{} }

// HasContact reports whether p gives any way to reach the council: an
// address, phone number, email address or website.
func (p Profile) HasContact() bool {
	return strings.TrimSpace(p.Address.English+p.Address.Welsh) != "" || p.Phone != "" || p.Email != "" || p.Website != ""
}

var contactLabels = struct{ heading, phone, email, website, hours Text }{
	heading: text("contact.heading"),
	phone:   text("contact.phone"),
	email:   text("contact.email"),
	website: text("contact.website"),
	hours:   text("contact.hours"),
}

// AppendContact appends the council's contact details to dst as plain
// text in the language of tag (English unless tag is Welsh), for the foot
// of a bill, notice or letter: a heading, the council's name, the lines of
// its address, then "Phone: …", "Email: …", "Website: …" and "Opening
// hours: …" for those given, each line ending in a newline. It appends
// nothing when p has no contact details ([Profile.HasContact]).
func (p Profile) AppendContact(dst []byte, tag language.Tag) []byte {
	if !p.HasContact() {
		return dst
	}
	line := func(label Text, v string) {
		if v == "" {
			return
		}
		if label != (Text{}) {
			dst = append(dst, label.In(tag)...)
			dst = append(dst, ": "...)
		}
		dst = append(dst, v...)
		dst = append(dst, '\n')
	}
	line(Text{}, contactLabels.heading.In(tag))
	line(Text{}, p.NameIn(tag))
	for l := range strings.SplitSeq(p.Address.In(tag), "\n") {
		line(Text{}, strings.TrimSpace(l))
	}
	line(contactLabels.phone, p.Phone)
	line(contactLabels.email, p.Email)
	line(contactLabels.website, p.Website)
	line(contactLabels.hours, strings.TrimSpace(p.OpeningHours.In(tag)))
	return dst
}

// Contact returns the council's contact details as [Profile.AppendContact]
// writes them, or "" when p has none.
func (p Profile) Contact(tag language.Tag) string {
	return string(p.AppendContact(nil, tag))
}

// ErrUnknownCouncil is returned by [Directory.Profile] for a council the
// deployment does not serve.
var ErrUnknownCouncil = errors.New("councilkit: council not served by this deployment")

// Directory holds the profiles of the councils one deployment serves. It is
// built once by [NewDirectory] and never changes, so it is safe for
// concurrent use. The zero Directory serves no council.
type Directory struct {
	profiles map[Council]Profile
	order    []Council
}

// NewDirectory checks every profile and returns a Directory of them. Its
// error is a *ValidationError listing every problem, with fields indexed by
// the profile's position ("[1].name.en"), including a council given twice.
func NewDirectory(profiles ...Profile) (*Directory, error) {
	d := &Directory{profiles: make(map[Council]Profile, len(profiles))}
	var ps Problems
	for i, p := range profiles {
		var ve *ValidationError
		if err := p.Validate(); errors.As(err, &ve) {
			for _, q := range ve.Problems {
				q.Field = fmt.Sprintf("[%d].%s", i, q.Field)
				ps.AddProblem(q)
			}
			continue
		}
		if _, dup := d.profiles[p.Council]; dup {
			ps.Add(fmt.Sprintf("[%d].council", i), CodeDuplicate, text("directory.duplicate"))
			continue
		}
		d.profiles[p.Council] = p
		d.order = append(d.order, p.Council)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// Profile returns the profile of council c, or an error wrapping
// ErrUnknownCouncil.
func (d *Directory) Profile(c Council) (Profile, error) {
	if d != nil {
		if p, ok := d.profiles[c]; ok {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("%w: %s", ErrUnknownCouncil, c)
}

// Name returns council c's name in the language of tag, or its GSS code
// when the directory does not hold it: a bill is never printed without
// saying whose it is.
func (d *Directory) Name(c Council, tag language.Tag) string {
	p, err := d.Profile(c)
	if err != nil {
		return c.String()
	}
	return p.NameIn(tag)
}

// Councils returns the councils in the order they were given.
func (d *Directory) Councils() []Council {
	if d == nil {
		return nil
	}
	return append([]Council(nil), d.order...)
}
