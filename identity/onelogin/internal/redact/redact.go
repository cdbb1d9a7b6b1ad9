// Package redact prints values that hold secrets or personal data without
// them, for the fmt.Formatter and slog.LogValuer methods of onelogin and
// oneloginfake.
package redact

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// Hidden stands for a value left out; it prints as [redacted] (quoted
// under %#v) and logs as the string "[redacted]".
const Hidden = hidden("[redacted]")

type hidden string

func (h hidden) String() string       { return string(h) }
func (h hidden) GoString() string     { return strconv.Quote(string(h)) }
func (h hidden) LogValue() slog.Value { return slog.StringValue(string(h)) }

// Field is a field to print. Value must be safe to print with %v and %#v.
type Field struct {
	Name  string
	Value any
}

// Format writes typ's fields for any verb: %#v as typ{Name:value, …} with
// values in Go syntax, %+v as {Name:value …}, and every other verb as
// {value …}, so that no verb (%x, %q, %d …) can reach the fields it leaves
// out.
func Format(f fmt.State, verb rune, typ string, fields ...Field) {
	sharp := verb == 'v' && f.Flag('#')
	named := sharp || verb == 'v' && f.Flag('+')
	if sharp {
		io.WriteString(f, typ)
	}
	io.WriteString(f, "{")
	for i, fl := range fields {
		switch {
		case i > 0 && sharp:
			io.WriteString(f, ", ")
		case i > 0:
			io.WriteString(f, " ")
		}
		if named {
			io.WriteString(f, fl.Name+":")
		}
		if sharp {
			fmt.Fprintf(f, "%#v", fl.Value)
		} else {
			fmt.Fprintf(f, "%v", fl.Value)
		}
	}
	io.WriteString(f, "}")
}

// LogValue returns fields as a slog group.
func LogValue(fields ...Field) slog.Value {
	attrs := make([]slog.Attr, len(fields))
	for i, fl := range fields {
		attrs[i] = slog.Any(fl.Name, fl.Value)
	}
	return slog.GroupValue(attrs...)
}
