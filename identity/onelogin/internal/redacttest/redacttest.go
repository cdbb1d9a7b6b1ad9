// Package redacttest checks that values holding secrets print and log
// without them, for the tests of onelogin and oneloginfake.
package redacttest

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/big"
	"strconv"
	"strings"
	"testing"
)

// Verbs are the fmt verbs every value is printed with.
var Verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// Renderings returns v as printed with each of Verbs (alone and inside a
// slice), by fmt.Sprint and fmt.Sprintln, and logged through slog's JSON
// and text handlers, each labelled. Callers check values and pointers
// separately.
func Renderings(v any) map[string]string {
	out := map[string]string{}
	for _, verb := range Verbs {
		out[verb] = fmt.Sprintf(verb, v)
		out["in a slice "+verb] = fmt.Sprintf(verb, []any{v})
	}
	out["Sprint"] = fmt.Sprint(v)
	out["Sprintln"] = fmt.Sprintln(v)
	var js, text strings.Builder
	slog.New(slog.NewJSONHandler(&js, nil)).Info("m", "value", v)
	slog.New(slog.NewTextHandler(&text, nil)).Info("m", "value", v)
	out["slog JSON"], out["slog text"] = js.String(), text.String()
	return out
}

// Check fails t if any rendering of v contains any of secrets.
func Check(t testing.TB, name string, v any, secrets ...string) {
	t.Helper()
	for how, s := range Renderings(v) {
		for _, secret := range secrets {
			if secret == "" {
				continue
			}
			if strings.Contains(strings.ToLower(s), strings.ToLower(secret)) {
				t.Errorf("%s printed with %s shows secret %.12q…: %.300s", name, how, secret, s)
			}
		}
	}
}

// Strings returns the forms in which a secret string could show: as is,
// and hex encoded (as %x prints a string).
func Strings(secrets ...string) []string {
	var out []string
	for _, s := range secrets {
		out = append(out, s, hex.EncodeToString([]byte(s)))
	}
	return out
}

// Ints returns the forms in which a secret big integer could show: decimal
// and hex, base64url of its bytes (as in a JWK), and its machine words in
// decimal (as %#v prints a big.Int).
func Ints(ns ...*big.Int) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.String(), n.Text(16), base64.RawURLEncoding.EncodeToString(n.Bytes()))
		for _, w := range n.Bits() {
			if w > 1<<40 { // short words could match by chance
				out = append(out, strconv.FormatUint(uint64(w), 10), strconv.FormatUint(uint64(w), 16))
			}
		}
	}
	return out
}

// PrivateKey returns the forms in which a private key could show.
func PrivateKey(k any) []string {
	switch k := k.(type) {
	case *ecdsa.PrivateKey:
		b, err := k.Bytes()
		if err != nil {
			panic(err)
		}
		return Ints(new(big.Int).SetBytes(b))
	case *rsa.PrivateKey:
		return Ints(append([]*big.Int{k.D}, k.Primes...)...)
	}
	panic(fmt.Sprintf("redacttest: key of type %T", k))
}
