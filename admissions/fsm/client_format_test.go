package fsm

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/lgds/councilkit"
)

// tokenTransport stands for an OAuth 2 transport holding a client secret
// and a bearer token, as golang.org/x/oauth2/clientcredentials makes.
type tokenTransport struct {
	ClientSecret string
	Token        string
}

func (t *tokenTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("not for use")
}

// TestClientNeverPrintsSecrets prints a Client holding secrets in its base
// URL (user information, an api_key query parameter, a fragment) and in
// its HTTP client's transport with every usual verb, by value and by
// pointer, alone and inside a struct, and logs it with slog's text and
// JSON handlers: no secret may appear (issue 15, finding 9).
func TestClientNeverPrintsSecrets(t *testing.T) {
	secrets := []string{"user-s3cret", "pw-s3cret", "key-s3cret", "frag-s3cret", "client-s3cret", "token-s3cret"}
	hc := &http.Client{Transport: &tokenTransport{ClientSecret: "client-s3cret", Token: "token-s3cret"}}
	c, err := NewClient("https://user-s3cret:pw-s3cret@fsm.example.gov.uk/api?api_key=key-s3cret#frag-s3cret", hc,
		councilkit.MustParseCouncil("E06000047"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T %v"} {
		fmt.Fprintf(&out, verb+"\n", c)
		fmt.Fprintf(&out, verb+"\n", *c)
		fmt.Fprintf(&out, verb+"\n", struct{ Client *Client }{c})
		fmt.Fprintf(&out, verb+"\n", struct{ Client Client }{*c})
		fmt.Fprintf(&out, verb+"\n", []*Client{c})
	}
	fmt.Fprintln(&out, c)
	out.WriteString(fmt.Sprint(c, *c) + "\n")
	for _, h := range []slog.Handler{slog.NewTextHandler(&out, nil), slog.NewJSONHandler(&out, nil)} {
		slog.New(h).Info("client", "ptr", c, "value", *c, slog.Any("any", c))
	}
	got := out.String()
	for _, s := range secrets {
		if strings.Contains(got, s) {
			t.Errorf("printed or logged Client shows %q:\n%s", s, got)
		}
	}
	// It must still say what it is.
	if !strings.Contains(got, "fsm.example.gov.uk/api") || !strings.Contains(got, "E06000047") {
		t.Errorf("redacted output lost the host or council:\n%s", got)
	}
}
