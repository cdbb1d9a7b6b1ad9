package counciltax

import (
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/lgds/councilkit"
)

var labels = struct {
	title, council, area, band, bandD, yourBand, annual, periods, days, liability, reduction, payable, instalments, exempt, class, exception, disabled, premium, to councilkit.Text
}{
	title:       text("bill.title"),
	council:     text("bill.council"),
	area:        text("bill.area"),
	band:        text("bill.band"),
	bandD:       text("bill.band_d"),
	yourBand:    text("bill.your_band"),
	annual:      text("bill.annual"),
	periods:     text("bill.periods"),
	days:        text("bill.days"),
	liability:   text("bill.liability"),
	reduction:   text("bill.reduction"),
	payable:     text("bill.payable"),
	instalments: text("bill.instalments"),
	exempt:      text("bill.exempt"),
	class:       text("bill.class"),
	exception:   text("bill.no_premium"),
	disabled:    text("bill.disabled"),
	premium:     text("bill.premium"),
	to:          text("bill.to"),
}

// Text renders the bill as plain text in English or Welsh, for letters,
// tests and support staff. Amounts are formatted like £1,234.56 and dates
// like 1 April 2025 (1 Ebrill 2025).
//
// The council is named from the bill's [Bill.Profile] in the reader's
// language ("Cyngor: Cyngor Caerdydd"), and the bill ends with the
// council's contact details ([councilkit.Profile.AppendContact]). Without a
// profile for the bill's council the bill names it by its GSS code.
func (b *Bill) Text(tag language.Tag) string {
	return string(b.AppendText(nil, tag))
}

// String renders the bill as English plain text.
func (b *Bill) String() string { return b.Text(councilkit.English) }

// AppendText appends the plain-text bill to dst.
func (b *Bill) AppendText(dst []byte, tag language.Tag) []byte {
	l := func(t councilkit.Text) string { return t.In(tag) }
	dst = append(dst, l(labels.title)...)
	dst = append(dst, ' ')
	dst = append(dst, b.Year.String()...)
	dst = append(dst, '\n')
	dst = append(dst, l(labels.council)...)
	dst = append(dst, ": "...)
	dst = append(dst, b.CouncilName(tag)...)
	if b.Area != "" {
		dst = append(dst, ", "...)
		dst = append(dst, l(labels.area)...)
		dst = append(dst, ": "...)
		dst = append(dst, b.Area...)
	}
	dst = append(dst, '\n')
	dst = append(dst, l(labels.band)...)
	dst = append(dst, ' ')
	dst = append(dst, b.Band.String()...)
	dst = append(dst, " ("...)
	dst = append(dst, b.Ratio...)
	dst = append(dst, " × "...)
	dst = append(dst, l(labels.bandD)...)
	dst = append(dst, ")\n\n"...)

	dst = pad(dst, "", 36)
	dst = padLeft(dst, l(labels.bandD), 12)
	dst = padLeft(dst, l(labels.yourBand), 12)
	dst = append(dst, '\n')
	for _, ln := range b.Lines {
		dst = pad(dst, ln.Name, 36)
		dst = padLeft(dst, ln.BandD.String(), 12)
		dst = padLeft(dst, ln.Amount.String(), 12)
		dst = append(dst, '\n')
	}
	dst = pad(dst, l(labels.annual), 48)
	dst = padLeft(dst, b.Annual.String(), 12)
	dst = append(dst, "\n\n"...)

	dst = append(dst, l(labels.periods)...)
	dst = append(dst, '\n')
	for _, s := range b.Periods {
		dst = append(dst, s.From.Long(tag)...)
		dst = append(dst, ' ')
		dst = append(dst, l(labels.to)...)
		dst = append(dst, ' ')
		dst = append(dst, s.To.Long(tag)...)
		dst = append(dst, ", "...)
		dst = strconv.AppendInt(dst, int64(s.Days), 10)
		dst = append(dst, ' ')
		dst = append(dst, l(labels.days)...)
		dst = append(dst, " @ "...)
		dst = append(dst, s.Annual.String()...)
		dst = append(dst, '\n')
		if s.Exempt != 0 {
			dst = append(dst, "  "...)
			dst = append(dst, l(labels.exempt)...)
			dst = append(dst, ": "...)
			dst = append(dst, l(labels.class)...)
			dst = append(dst, ' ')
			dst = append(dst, s.Exempt.Letter()...)
			dst = append(dst, " – "...)
			dst = append(dst, l(s.Exempt.Text())...)
			dst = append(dst, '\n')
		}
		if s.Disabled {
			dst = append(dst, "  "...)
			dst = append(dst, l(labels.disabled)...)
			dst = append(dst, '\n')
		}
		if s.Discount.Kind != NoDiscount {
			dst = append(dst, "  "...)
			dst = append(dst, l(s.Discount.Kind.Text())...)
			dst = append(dst, ' ')
			dst = appendPercent(dst, s.Discount.Rate)
			dst = append(dst, '\n')
		}
		if s.Exception != 0 {
			dst = append(dst, "  "...)
			dst = append(dst, l(labels.exception)...)
			dst = append(dst, ": "...)
			dst = append(dst, l(labels.class)...)
			dst = append(dst, ' ')
			dst = append(dst, s.Exception.Letter()...)
			dst = append(dst, " – "...)
			dst = append(dst, l(s.Exception.Text())...)
			dst = append(dst, '\n')
		}
		if s.PremiumRate != 0 {
			dst = append(dst, "  "...)
			dst = append(dst, l(s.Premium.Text())...)
			dst = append(dst, ' ')
			dst = appendPercent(dst, s.PremiumRate)
			dst = append(dst, '\n')
		}
		dst = pad(dst, "", 48)
		dst = padLeft(dst, s.Amount.String(), 12)
		dst = append(dst, '\n')
	}
	dst = append(dst, '\n')
	dst = pad(dst, l(labels.liability), 48)
	dst = padLeft(dst, b.Liability.String(), 12)
	dst = append(dst, '\n')
	if !b.Reduction.IsZero() {
		dst = pad(dst, l(labels.reduction), 48)
		dst = padLeft(dst, b.Reduction.Neg().String(), 12)
		dst = append(dst, '\n')
	}
	dst = pad(dst, l(labels.payable), 48)
	dst = padLeft(dst, b.Payable.String(), 12)
	dst = append(dst, "\n\n"...)
	dst = append(dst, l(labels.instalments)...)
	dst = append(dst, '\n')
	for _, in := range b.Instalments {
		dst = pad(dst, in.Due.Long(tag), 48)
		dst = padLeft(dst, in.Amount.String(), 12)
		dst = append(dst, '\n')
	}
	if b.hasProfile() && b.Profile.HasContact() {
		dst = append(dst, '\n')
		dst = b.Profile.AppendContact(dst, tag)
	}
	return dst
}

// hasProfile reports whether the bill carries its own council's profile.
func (b *Bill) hasProfile() bool {
	return !b.Council.IsZero() && b.Profile.Council == b.Council
}

// CouncilName returns the bill's council's name in the language of tag
// from [Bill.Profile], or the council's GSS code when the bill has no
// profile for its council: what the text bill prints, for a page or letter
// that lays the bill out itself.
func (b *Bill) CouncilName(tag language.Tag) string {
	if b.hasProfile() {
		return b.Profile.NameIn(tag)
	}
	return b.Council.String()
}

// pad appends s and spaces to make width runes.
func pad(dst []byte, s string, width int) []byte {
	dst = append(dst, s...)
	for n := utf8.RuneCountInString(s); n < width; n++ {
		dst = append(dst, ' ')
	}
	return dst
}

// padLeft appends spaces and s to make width runes.
func padLeft(dst []byte, s string, width int) []byte {
	for n := utf8.RuneCountInString(s); n < width; n++ {
		dst = append(dst, ' ')
	}
	return append(dst, s...)
}
