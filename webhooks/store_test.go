package webhooks_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/webhooks"
	"github.com/lgds/councilkit/webhooks/webhookstest"
)

func TestMemStore(t *testing.T) {
	webhookstest.RunStoreTests(t, func(t *testing.T) webhooks.Store { return new(webhooks.MemStore) })
}

// Rules.AllowLoopbackHTTP lets http:// through to loopback hosts only.
func TestRulesAllowLoopbackHTTP(t *testing.T) {
	s := webhooks.NewMemStore(webhooks.Rules{AllowLoopbackHTTP: true, MaxEndpoints: 3})
	ctx := context.Background()
	for _, u := range []string{"http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://[::1]:9/x", "http://127.9.9.9/"} {
		e := webhookstest.NewEndpoint(webhookstest.Lambeth, "")
		e.URL = u
		if err := s.Rules.Check(webhookstest.Lambeth, e); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1/hooks", "http://localhost.example.com/", "http://ledger.example.gov.uk/"} {
		e := webhookstest.NewEndpoint(webhookstest.Lambeth, "")
		e.URL = u
		var ve *councilkit.ValidationError
		if err := s.CreateEndpoint(ctx, webhookstest.Lambeth, e); !errors.As(err, &ve) || !ve.Has("url", webhooks.CodeInsecureURL) {
			t.Errorf("%s: %v", u, err)
		}
	}
	for range 3 {
		if err := s.CreateEndpoint(ctx, webhookstest.Lambeth, webhookstest.NewEndpoint(webhookstest.Lambeth, "")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateEndpoint(ctx, webhookstest.Lambeth, webhookstest.NewEndpoint(webhookstest.Lambeth, "")); !errors.Is(err, webhooks.ErrTooManyEndpoints) {
		t.Errorf("fourth of MaxEndpoints 3: %v", err)
	}
}
