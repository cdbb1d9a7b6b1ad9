package events

import (
	"crypto/rand"
	"sync"

	"github.com/google/uuid"
)

// newID returns a new random UUID (version 4, RFC 9562 section 5.4) in
// canonical form, as uuid.NewString does. Its 122 random bits come from
// crypto/rand, read a block at a time into buffers that each serve one
// caller at a time and hand out every byte once, which costs far less
// than a call to the operating system's random source for every event.
// The buffers are this package's own: unlike uuid.EnableRandPool, nothing
// changes how other packages' UUIDs are made.
func newID() string {
	var u uuid.UUID
	b := idBlocks.Get().(*idBlock)
	if b.left < len(u) {
		rand.Read(b.buf[:]) // never fails: it crashes the program instead
		b.left = len(b.buf)
	}
	off := len(b.buf) - b.left
	copy(u[:], b.buf[off:])
	clear(b.buf[off : off+len(u)]) // handed out: not to be kept
	b.left -= len(u)
	idBlocks.Put(b)
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // variant 10 (RFC 9562)
	return u.String()
}

// idBlock is random bytes of which the last left are not yet used.
type idBlock struct {
	buf  [512]byte
	left int
}

var idBlocks = sync.Pool{New: func() any { return new(idBlock) }}
