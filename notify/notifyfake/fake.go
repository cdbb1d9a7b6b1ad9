// Package notifyfake is a stand-in for GOV.UK Notify, for tests and local
// development: a real HTTP server on loopback that answers the REST API's
// send and status requests as Notify documents them, checks each request's
// token and fields as Notify does, and records what was sent so that a
// test (or a development page) can show it. It never sends anything.
//
// Like Notify's test API keys, every message it accepts is delivered at
// once. Failures can be injected with FailNext.
package notifyfake

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/uuid"

	"github.com/lgds/councilkit"
	"github.com/lgds/councilkit/identity"
)

// Config sets up a Server. The zero Config is usable.
type Config struct {
	// Clock is the server's time, for checking tokens' iat and stamping
	// messages; nil means the system clock.
	Clock councilkit.Clock
	// Templates, when not empty, are the template IDs the service has: a
	// message for another gives Notify's "Template not found". Each maps
	// to the template's subject, for the record.
	Templates map[string]string
	// Content maps a template ID to its body. The server checks a
	// message's personalisation against the ((placeholders)) of its
	// subject and body as Notify does, refusing one that leaves any out
	// with a 400 BadRequestError "Missing personalisation: …", and
	// records the body filled in. As in Notify, placeholder names ignore
	// case, spaces, hyphens and underscores, and a ((name??text))
	// placeholder shows text when name is "yes", "true" or the like.
	Content map[string]string
}

// Message is one message the server accepted.
type Message struct {
	ID              string
	Type            string // email, sms or letter
	To              string // the email address or phone number
	Address         []string
	TemplateID      string
	Personalisation map[string]string
	Reference       string
	ReplyToID       string
	SenderID        string
	CreatedAt       time.Time
	// Subject and Body are the template's subject and body (Config) with
	// the placeholders filled in, for a development page to show.
	Subject, Body string
}

// String describes the message without its recipient or personalisation
// values: "email 6c7e… ref GW-1 [amount name]".
func (m Message) String() string {
	keys := make([]string, 0, len(m.Personalisation))
	for k := range m.Personalisation {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return m.Type + " " + m.TemplateID + " ref " + m.Reference + " [" + strings.Join(keys, " ") + "]"
}

// LogValue logs the message without its recipient, address, body or
// personalisation values.
func (m Message) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", m.ID), slog.String("type", m.Type),
		slog.String("template_id", m.TemplateID), slog.String("reference", m.Reference),
		slog.Int("personalisation", len(m.Personalisation)))
}

// Server is a fake GOV.UK Notify. It is safe for concurrent use.
type Server struct {
	*httptest.Server
	key       string
	serviceID string
	secret    string
	cfg       Config

	mu    sync.Mutex
	sent  []Message
	fails []failure
}

type failure struct {
	status int
	name   string
}

// NewServer starts a fake Notify on loopback. Close it when done.
func NewServer(cfg Config) *Server {
	if cfg.Clock == nil {
		cfg.Clock = councilkit.SystemClock{}
	}
	s := &Server{cfg: cfg, serviceID: uuid.NewString(), secret: uuid.NewString()}
	s.key = "councilkit_fake-" + s.serviceID + "-" + s.secret
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIKey returns an API key this server accepts, in Notify's format.
func (s *Server) APIKey() string { return s.key }

// Sent returns a copy of the messages accepted so far, oldest first.
func (s *Server) Sent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.sent...)
}

// FailNext makes the next n requests fail with an HTTP status and Notify's
// error name, such as (500, "Exception") or (429, "RateLimitError").
func (s *Server) FailNext(n, status int, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fails = append(s.fails, failure{status, name})
	}
}

func writeErr(w http.ResponseWriter, status int, name, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"status_code": status,
		"errors":      []map[string]string{{"error": name, "message": msg}},
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !s.authorised(w, r) {
		return
	}
	s.mu.Lock()
	if len(s.fails) > 0 {
		f := s.fails[0]
		s.fails = s.fails[1:]
		s.mu.Unlock()
		writeErr(w, f.status, f.name, "injected by notifyfake")
		return
	}
	s.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v2/notifications":
		s.list(w, r)
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v2/notifications/"):
		s.send(w, r, strings.TrimPrefix(r.URL.Path, "/v2/notifications/"))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v2/notifications/"):
		s.status(w, strings.TrimPrefix(r.URL.Path, "/v2/notifications/"))
	default:
		writeErr(w, http.StatusNotFound, "NotFound", "Not Found")
	}
}

// authorised checks the bearer token as Notify does: HS256 signed by the
// key's secret, issued by the service, iat within 30 seconds.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		writeErr(w, http.StatusUnauthorized, "AuthError", "Unauthorized: authentication token must be provided")
		return false
	}
	parsed, err := jwt.ParseSigned(tok, []jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		writeErr(w, http.StatusForbidden, "AuthError", "Invalid token: signature, api token not found")
		return false
	}
	var claims struct {
		Issuer   string `json:"iss"`
		IssuedAt *int64 `json:"iat"`
	}
	if err := parsed.Claims([]byte(s.secret), &claims); err != nil || claims.Issuer != s.serviceID {
		writeErr(w, http.StatusForbidden, "AuthError", "Invalid token: signature, api token not found")
		return false
	}
	if claims.IssuedAt == nil {
		writeErr(w, http.StatusForbidden, "AuthError", "Invalid token: iat field not provided")
		return false
	}
	skew := s.cfg.Clock.Now().Unix() - *claims.IssuedAt
	if skew > 30 || skew < -30 {
		writeErr(w, http.StatusForbidden, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
		return false
	}
	return true
}

var (
	ukPostcode   = regexp.MustCompile(`^[A-Za-z]{1,2}[0-9][0-9A-Za-z]? ?[0-9][A-Za-z]{2}$`)
	countryWords = regexp.MustCompile(`^[A-Za-z][A-Za-z .'-]*$`)
)

func (s *Server) send(w http.ResponseWriter, r *http.Request, kind string) {
	var body struct {
		Email           string            `json:"email_address"`
		Phone           string            `json:"phone_number"`
		TemplateID      string            `json:"template_id"`
		Personalisation map[string]string `json:"personalisation"`
		Reference       string            `json:"reference"`
		ReplyToID       string            `json:"email_reply_to_id"`
		SenderID        string            `json:"sms_sender_id"`
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || json.Unmarshal(data, &body) != nil {
		writeErr(w, http.StatusBadRequest, "ValidationError", "Invalid JSON supplied in POST data")
		return
	}
	if err := uuid.Validate(body.TemplateID); err != nil {
		writeErr(w, http.StatusBadRequest, "ValidationError", "template_id is not a valid UUID")
		return
	}
	if len(s.cfg.Templates) > 0 {
		if _, ok := s.cfg.Templates[body.TemplateID]; !ok {
			writeErr(w, http.StatusBadRequest, "BadRequestError", "Template not found")
			return
		}
	}
	subject, text, missing := s.render(body.TemplateID, body.Personalisation)
	if len(missing) > 0 {
		writeErr(w, http.StatusBadRequest, "BadRequestError", "Missing personalisation: "+strings.Join(missing, ", "))
		return
	}
	if len(body.Reference) > 1000 {
		writeErr(w, http.StatusBadRequest, "ValidationError", "reference is too long")
		return
	}
	m := Message{ID: uuid.NewString(), Type: kind, TemplateID: body.TemplateID, Personalisation: body.Personalisation,
		Reference: body.Reference, ReplyToID: body.ReplyToID, SenderID: body.SenderID, CreatedAt: s.cfg.Clock.Now().UTC(),
		Subject: subject, Body: text}
	switch kind {
	case "email":
		if !strings.Contains(body.Email, "@") {
			writeErr(w, http.StatusBadRequest, "ValidationError", "email_address Not a valid email address")
			return
		}
		m.To = body.Email
	case "sms":
		if strings.Count(body.Phone, "")-1 < 7 {
			writeErr(w, http.StatusBadRequest, "ValidationError", "phone_number Not enough digits")
			return
		}
		m.To = body.Phone
	case "letter":
		for i := 1; i <= 7; i++ {
			k := "address_line_" + strconv.Itoa(i)
			if v := strings.TrimSpace(body.Personalisation[k]); v != "" {
				m.Address = append(m.Address, v)
			}
		}
		if len(m.Address) < 3 {
			writeErr(w, http.StatusBadRequest, "ValidationError", "Address must be at least 3 lines")
			return
		}
		last := m.Address[len(m.Address)-1]
		if _, err := identity.ParsePostcode(last); err != nil && (ukPostcode.MatchString(last) || !countryWords.MatchString(last)) {
			writeErr(w, http.StatusBadRequest, "ValidationError", "Last line of address must be a real UK postcode or another country")
			return
		}
	default:
		writeErr(w, http.StatusNotFound, "NotFound", "Not Found")
		return
	}
	s.mu.Lock()
	s.sent = append(s.sent, m)
	s.mu.Unlock()
	resp := map[string]any{
		"id":        m.ID,
		"reference": nullable(m.Reference),
		"content":   map[string]string{"subject": m.Subject, "body": bodyOf(m)},
		"uri":       s.URL + "/v2/notifications/" + m.ID,
		"template":  map[string]any{"id": m.TemplateID, "version": 1, "uri": s.URL + "/v2/template/" + m.TemplateID},
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(resp)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) status(w http.ResponseWriter, id string) {
	if err := uuid.Validate(id); err != nil {
		writeErr(w, http.StatusBadRequest, "ValidationError", "notification_id is not a valid UUID")
		return
	}
	s.mu.Lock()
	var found *Message
	for i := range s.sent {
		if s.sent[i].ID == id {
			m := s.sent[i]
			found = &m
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeErr(w, http.StatusNotFound, "NoResultFound", "No result found")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(s.notification(*found))
}

// list answers GET /v2/notifications: the messages that match the
// template_type, status and reference filters, newest first, up to 250,
// older than older_than if given.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typ, status, ref, older := q.Get("template_type"), q.Get("status"), q.Get("reference"), q.Get("older_than")
	if typ != "" && typ != "email" && typ != "sms" && typ != "letter" {
		writeErr(w, http.StatusBadRequest, "ValidationError", "template_type "+typ+" is not one of [sms, email, letter]")
		return
	}
	if older != "" && uuid.Validate(older) != nil {
		writeErr(w, http.StatusBadRequest, "ValidationError", "older_than is not a valid UUID")
		return
	}
	s.mu.Lock()
	sent := slices.Clone(s.sent)
	s.mu.Unlock()
	out := []map[string]any{}
	skipping := older != ""
	for i := len(sent) - 1; i >= 0 && len(out) < 250; i-- {
		m := sent[i]
		if skipping {
			skipping = m.ID != older
			continue
		}
		n := s.notification(m)
		if typ != "" && m.Type != typ || ref != "" && m.Reference != ref || status != "" && n["status"] != status {
			continue
		}
		out = append(out, n)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"notifications": out,
		"links":         map[string]string{"current": s.URL + r.URL.String()},
	})
}

// placeholder is Notify's ((placeholder)) or ((placeholder??optional text)).
var placeholder = regexp.MustCompile(`\(\(([^()]+)\)\)`)

// placeholderKey normalises a placeholder's name as Notify does: case,
// spaces, hyphens and underscores do not count, so ((First name)) is
// filled by "first_name".
func placeholderKey(name string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, name)
}

// truthy are the values that show a ((name??text)) placeholder's text, in
// any case.
var truthy = []string{"yes", "y", "true", "t", "1", "include", "show"}

// render fills the template's subject and body with the personalisation
// and lists the placeholders it does not give, sorted.
func (s *Server) render(templateID string, p map[string]string) (subject, body string, missing []string) {
	values := make(map[string]string, len(p))
	for k, v := range p {
		values[placeholderKey(k)] = v
	}
	fill := func(text string) string {
		return placeholder.ReplaceAllStringFunc(text, func(ph string) string {
			inner := ph[2 : len(ph)-2]
			name, optional, conditional := strings.Cut(inner, "??")
			v, ok := values[placeholderKey(name)]
			if !ok {
				if !slices.Contains(missing, name) {
					missing = append(missing, name)
				}
				return ph
			}
			if conditional {
				if slices.Contains(truthy, strings.ToLower(v)) {
					return optional
				}
				return ""
			}
			return v
		})
	}
	subject = fill(s.cfg.Templates[templateID])
	body = fill(s.cfg.Content[templateID])
	slices.Sort(missing)
	return subject, body, missing
}

// notification is the JSON of a message as GET /v2/notifications shows it.
func (s *Server) notification(m Message) map[string]any {
	found := &m
	status := "delivered"
	if found.Type == "letter" {
		status = "received"
	}
	resp := map[string]any{
		"id": found.ID, "reference": nullable(found.Reference), "type": found.Type, "status": status,
		"template":     map[string]any{"id": found.TemplateID, "version": 1, "uri": "/v2/template/" + found.TemplateID + "/1"},
		"body":         bodyOf(*found),
		"created_at":   found.CreatedAt.Format("2006-01-02T15:04:05.000000Z"),
		"sent_at":      found.CreatedAt.Format("2006-01-02T15:04:05.000000Z"),
		"completed_at": found.CreatedAt.Format("2006-01-02T15:04:05.000000Z"),
	}
	switch found.Type {
	case "email":
		resp["email_address"] = found.To
		resp["subject"] = found.Subject
	case "sms":
		resp["phone_number"] = found.To
	}
	return resp
}

// bodyOf is the message's body, or a stand-in for a template whose content
// the server was not given.
func bodyOf(m Message) string {
	if m.Body != "" {
		return m.Body
	}
	return fmt.Sprintf("(template %s)", m.TemplateID)
}
