package govukpay

import (
	"testing"

	"github.com/lgds/councilkit/internal/msgtest"
)

func TestMessages(t *testing.T) { msgtest.Check(t, messages, msgtest.Options{}) }
