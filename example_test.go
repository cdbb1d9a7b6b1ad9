package councilkit_test

import (
	"errors"
	"fmt"

	"github.com/lgds/councilkit"
)

func ExampleParseCouncil() {
	c, err := councilkit.ParseCouncil("W06000015")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c, c.Kind())

	_, err = councilkit.ParseCouncil("E05000001")
	fmt.Println(errors.Is(err, councilkit.ErrInvalidCouncil))
	// Output:
	// W06000015 Welsh principal area
	// true
}

func ExampleProblems() {
	// Check a form, collecting every problem rather than stopping at the
	// first, then show them in the resident's language.
	var ps councilkit.Problems
	ps.Add("child.name", councilkit.CodeRequired, councilkit.Text{
		English: "Enter the child's full name",
		Welsh:   "Rhowch enw llawn y plentyn",
	})
	ps.Add(councilkit.IndexField("preferences", 2), councilkit.CodeDuplicate, councilkit.Text{
		English: "You have already chosen this school",
		Welsh:   "Rydych chi eisoes wedi dewis yr ysgol hon",
	})
	err := ps.Err()

	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s %s: %s\n", p.Field, p.Code, p.Message.In(councilkit.Welsh))
		}
	}
	// Output:
	// child.name required: Rhowch enw llawn y plentyn
	// preferences[2] duplicate: Rydych chi eisoes wedi dewis yr ysgol hon
}

func ExampleValidateStruct() {
	type Contact struct {
		Email    string `json:"email" validate:"required,email"`
		Language string `json:"language" validate:"oneof=en cy"`
	}
	err := councilkit.ValidateStruct(Contact{Email: "resident.example.com", Language: "fr"})
	var ve *councilkit.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.Field, p.Code)
		}
	}
	// Output:
	// email invalid_email
	// language invalid_choice
}

// A deployment names the councils it serves once; every bill, notice and
// page then prints the name in the reader's language.
func ExampleNewDirectory() {
	dir, err := councilkit.NewDirectory(
		councilkit.Profile{
			Council: councilkit.MustParseCouncil("W06000015"),
			Name:    councilkit.Text{English: "Cardiff Council", Welsh: "Cyngor Caerdydd"},
			Phone:   "029 2087 2087",
		},
		councilkit.Profile{
			Council: councilkit.MustParseCouncil("E06000047"),
			Name:    councilkit.Text{English: "Durham County Council"},
		},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	cardiff := councilkit.MustParseCouncil("W06000015")
	fmt.Println(dir.Name(cardiff, councilkit.English))
	fmt.Println(dir.Name(cardiff, councilkit.Welsh))
	fmt.Println(dir.Name(councilkit.MustParseCouncil("E06000047"), councilkit.Welsh))
	// Output:
	// Cardiff Council
	// Cyngor Caerdydd
	// Durham County Council
}
