package good

import "github.com/lgds/councilkit/internal/msg"

var messages = msg.Catalogue{
	"required": {English: "Enter a value", Welsh: "Rhowch werth"},
	"too_long": {English: "Must be {max} characters or fewer", Welsh: "Rhaid iddo fod yn {max} nod neu lai"},
	"band":     {English: "Band", Welsh: "Band"},
}

var bandKey = [...]string{"band"}

func text(key string, args ...any) (string, string) { return messages.Format(key, args...) }

func use() {
	text("required")
	text("too_long", "max", "255")
	text(bandKey[0])
}
