package tracking

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every message has English and Welsh with the same placeholders, and is
// used: the services' and statuses' keys by their names, the others in the
// package's code.
func TestMessages(t *testing.T) {
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	var code strings.Builder
	for _, f := range []string{"tracking.go", "fold.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code.Write(b)
	}
	for key, m := range messages {
		if strings.TrimSpace(m.English) == "" || strings.TrimSpace(m.Welsh) == "" {
			t.Errorf("%s lacks English or Welsh", key)
		}
		en, cy := placeholder.FindAllString(m.English, -1), placeholder.FindAllString(m.Welsh, -1)
		slices.Sort(en)
		slices.Sort(cy)
		if !slices.Equal(en, cy) {
			t.Errorf("%s: placeholders %v in English, %v in Welsh", key, en, cy)
		}
		kind, name, _ := strings.Cut(key, ".")
		switch kind {
		case "service":
			if !slices.Contains(serviceNames[1:], name) {
				t.Errorf("%s names no service", key)
			}
		case "status":
			if !slices.Contains(statusNames[:], name) {
				t.Errorf("%s names no status", key)
			}
		default:
			if !strings.Contains(code.String(), `"`+key+`"`) {
				t.Errorf("%s is not used", key)
			}
		}
	}
	for _, n := range statusNames {
		if _, ok := messages["status."+n]; !ok {
			t.Errorf("status %s has no label", n)
		}
	}
	for _, n := range serviceNames[1:] {
		if _, ok := messages["service."+n]; !ok {
			t.Errorf("service %s has no label", n)
		}
	}
}
