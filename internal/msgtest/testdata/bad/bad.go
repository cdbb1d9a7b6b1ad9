package bad

import "github.com/lgds/councilkit/internal/msg"

var messages = msg.Catalogue{
	"required": {English: "Enter a value", Welsh: "Rhowch werth"},
	"too_long": {English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"},
	"unused":   {English: "Nobody asks for this", Welsh: "Does neb yn gofyn am hyn"},
}

func text(key string, args ...any) (string, string) { return messages.Format(key, args...) }

func use(name string) {
	text("required")
	text("too_long", "limit", "255")
	text("too_long", name, "255")
	text("too_long", "max")
	text("missing")
}
