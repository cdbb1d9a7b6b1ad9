package councilkit

import (
	"errors"
	"sync"
	"testing"

	"golang.org/x/text/language"
)

func cardiff() Profile {
	return Profile{
		Council: MustParseCouncil("W06000015"),
		Name:    Text{English: "Cardiff Council", Welsh: "Cyngor Caerdydd"},
		Address: Text{English: "County Hall\nAtlantic Wharf\nCardiff\nCF10 4UW", Welsh: "Neuadd y Sir\nGlanfa'r Iwerydd\nCaerdydd\nCF10 4UW"},
		Phone:   "029 2087 2087",
		Email:   "contact@example.gov.uk",
		Website: "https://www.example.gov.uk",
	}
}

func TestProfileValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Profile)
		fields []string
	}{
		{"valid", func(*Profile) {}, nil},
		{"no council", func(p *Profile) { p.Council = Council{} }, []string{"council"}},
		{"no English name", func(p *Profile) { p.Name.English = " " }, []string{"name.en"}},
		{"http website", func(p *Profile) { p.Website = "http://www.example.gov.uk" }, []string{"website"}},
		{"website not a URL", func(p *Profile) { p.Website = "www.example.gov.uk" }, []string{"website"}},
		{"two emails", func(p *Profile) { p.Email = "a@example.com, b@example.com" }, []string{"email"}},
		{"named email", func(p *Profile) { p.Email = "Council <a@example.com>" }, []string{"email"}},
		{"phone with letters", func(p *Profile) { p.Phone = "029 CALL NOW" }, []string{"phone"}},
		{"phone too long", func(p *Profile) { p.Phone = "+44 1234 567 890 1234" }, []string{"phone"}},
		{"everything wrong at once", func(p *Profile) { *p = Profile{Website: "ftp://x", Phone: "x"} },
			[]string{"council", "name.en", "website", "phone"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := cardiff()
			c.change(&p)
			err := p.Validate()
			var got []string
			var ve *ValidationError
			if errors.As(err, &ve) {
				for _, q := range ve.Problems {
					got = append(got, q.Field)
					if q.Message.English == "" || q.Message.Welsh == "" {
						t.Errorf("%s: message lacks a language", q.Field)
					}
				}
			} else if err != nil {
				t.Fatalf("error %v is not a *ValidationError", err)
			}
			if len(got) != len(c.fields) {
				t.Fatalf("problems at %v, want %v", got, c.fields)
			}
			for i := range got {
				if got[i] != c.fields[i] {
					t.Fatalf("problems at %v, want %v", got, c.fields)
				}
			}
		})
	}
}

func TestDirectory(t *testing.T) {
	durham := Profile{Council: MustParseCouncil("E06000047"), Name: Text{English: "Durham County Council"}}
	d, err := NewDirectory(cardiff(), durham)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Name(MustParseCouncil("W06000015"), Welsh); got != "Cyngor Caerdydd" {
		t.Errorf("Welsh name %q", got)
	}
	// A council in England with no Welsh name is named in English on a
	// Welsh page.
	if got := d.Name(durham.Council, Welsh); got != "Durham County Council" {
		t.Errorf("Welsh name of Durham %q", got)
	}
	// A council the deployment does not serve: its code, and
	// ErrUnknownCouncil from Profile.
	other := MustParseCouncil("E09000022")
	if got := d.Name(other, English); got != "E09000022" {
		t.Errorf("unknown council's name %q", got)
	}
	if _, err := d.Profile(other); !errors.Is(err, ErrUnknownCouncil) {
		t.Errorf("Profile(unknown) = %v", err)
	}
	if got := d.Councils(); len(got) != 2 || got[0] != cardiff().Council || got[1] != durham.Council {
		t.Errorf("Councils() = %v", got)
	}
	// Councils returns a copy.
	d.Councils()[0] = other
	if d.Councils()[0] != cardiff().Council {
		t.Error("Councils() shares its slice")
	}
	var nilDir *Directory
	if _, err := nilDir.Profile(other); !errors.Is(err, ErrUnknownCouncil) || nilDir.Councils() != nil {
		t.Error("a nil Directory serves a council")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); _ = d.Name(durham.Council, English) }()
	}
	wg.Wait()
}

func TestNewDirectoryProblems(t *testing.T) {
	_, err := NewDirectory(cardiff(), Profile{Name: Text{English: "No code"}}, cardiff())
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("NewDirectory = %v, want a *ValidationError", err)
	}
	want := []struct {
		field string
		code  Code
	}{{"[1].council", CodeRequired}, {"[2].council", CodeDuplicate}}
	if len(ve.Problems) != len(want) {
		t.Fatalf("problems %+v", ve.Problems)
	}
	for i, w := range want {
		if ve.Problems[i].Field != w.field || ve.Problems[i].Code != w.code {
			t.Errorf("problem %d = %s %s, want %s %s", i, ve.Problems[i].Field, ve.Problems[i].Code, w.field, w.code)
		}
	}
}

// TestProfileContact: the contact block a bill or letter ends with, in the
// reader's language, skipping what the profile does not give.
func TestProfileContact(t *testing.T) {
	p := cardiff()
	p.OpeningHours = Text{English: "Monday to Friday, 8:30am to 5pm", Welsh: "Dydd Llun i ddydd Gwener, 8:30yb i 5yp"}
	cases := []struct {
		name string
		p    Profile
		tag  language.Tag
		want string
	}{
		{"English", p, English, "Contact details\nCardiff Council\nCounty Hall\nAtlantic Wharf\nCardiff\nCF10 4UW\n" +
			"Phone: 029 2087 2087\nEmail: contact@example.gov.uk\nWebsite: https://www.example.gov.uk\nOpening hours: Monday to Friday, 8:30am to 5pm\n"},
		{"Welsh", p, Welsh, "Manylion cyswllt\nCyngor Caerdydd\nNeuadd y Sir\nGlanfa'r Iwerydd\nCaerdydd\nCF10 4UW\n" +
			"Ffôn: 029 2087 2087\nE-bost: contact@example.gov.uk\nGwefan: https://www.example.gov.uk\nOriau agor: Dydd Llun i ddydd Gwener, 8:30yb i 5yp\n"},
		// A council in England with no Welsh: English words under Welsh
		// labels, blank address lines dropped.
		{"Welsh without a Welsh name", Profile{Council: MustParseCouncil("E06000047"), Name: Text{English: "Durham County Council"},
			Address: Text{English: "County Hall\n\n  Durham  \n"}, Website: "https://www.example.org"}, Welsh,
			"Manylion cyswllt\nDurham County Council\nCounty Hall\nDurham\nGwefan: https://www.example.org\n"},
		// An address given only in Welsh is still an address.
		{"Welsh address only", Profile{Council: MustParseCouncil("W06000015"), Name: Text{English: "Cardiff Council", Welsh: "Cyngor Caerdydd"},
			Address: Text{Welsh: "Blwch Post 1\nCaerdydd"}}, Welsh, "Manylion cyswllt\nCyngor Caerdydd\nBlwch Post 1\nCaerdydd\n"},
		{"name only", Profile{Council: MustParseCouncil("E06000047"), Name: Text{English: "Durham County Council"}}, English, ""},
		{"zero", Profile{}, Welsh, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Contact(c.tag); got != c.want {
				t.Errorf("Contact:\n%s\nwant:\n%s", got, c.want)
			}
			if got := string(c.p.AppendContact([]byte("x"), c.tag)); got != "x"+c.want {
				t.Errorf("AppendContact lost the prefix: %q", got)
			}
		})
	}
}

func TestProfileIsZero(t *testing.T) {
	if !(Profile{}).IsZero() {
		t.Error("zero Profile is not IsZero")
	}
	if (Profile{Phone: "101"}).IsZero() || cardiff().IsZero() {
		t.Error("a Profile with a field set is IsZero")
	}
}
