package onelogin

import (
	"context"
	"net/http"
)

// LevelFunc returns the level the request's resident signed in at, from the
// service's own session, and false if they have not signed in.
type LevelFunc func(r *http.Request) (Level, bool)

// SignInFunc starts a sign-in at level need: typically it calls
// Client.AuthURL, keeps the AuthRequest in the session and redirects.
type SignInFunc func(w http.ResponseWriter, r *http.Request, need Level)

type levelKey struct{}

// RequireLevel returns middleware that lets a request through only if its
// resident signed in at a level that satisfies need. A resident not signed
// in, or signed in lower (say Cl.Cm without an identity check, when the
// page needs Cl.Cm.P2), is sent to signIn to sign in again at need. The
// resident's level is in the request context for the next handler
// (LevelFromContext).
func RequireLevel(need Level, current LevelFunc, signIn SignInFunc) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			have, ok := current(r)
			if !ok || !have.Satisfies(need) {
				signIn(w, r, need)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), levelKey{}, have)))
		})
	}
}

// LevelFromContext returns the level RequireLevel found.
func LevelFromContext(ctx context.Context) (Level, bool) {
	l, ok := ctx.Value(levelKey{}).(Level)
	return l, ok
}
