package tracking

import (
	"testing"

	"github.com/lgds/councilkit/internal/msgtest"
)

func TestMessages(t *testing.T) { msgtest.Check(t, messages, msgtest.Options{}) }

// Every service and status has a label, under the key of its name, so an
// appended service or status without one fails here.
func TestLabelKeys(t *testing.T) {
	if len(statusLabels) != len(statusNames) {
		t.Errorf("%d status labels for %d statuses", len(statusLabels), len(statusNames))
	}
	for i, n := range statusNames {
		if i < len(statusLabels) && statusLabels[i] != "status."+n {
			t.Errorf("status %s is labelled by %q", n, statusLabels[i])
		}
	}
	if len(serviceLabels) != len(serviceNames) {
		t.Errorf("%d service labels for %d services", len(serviceLabels), len(serviceNames))
	}
	for i, n := range serviceNames[1:] {
		if i+1 < len(serviceLabels) && serviceLabels[i+1] != "service."+n {
			t.Errorf("service %s is labelled by %q", n, serviceLabels[i+1])
		}
	}
}
