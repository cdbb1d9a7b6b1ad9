package admissions

import (
	"encoding/binary"
	"math/rand/v2"
)

// byteRand turns fuzzer bytes into a seed for a PCG source.
type byteRand struct{ b []byte }

func newByteRand(b []byte) byteRand { return byteRand{b} }

func (r byteRand) rand(seed uint64) *rand.Rand {
	var extra [8]byte
	copy(extra[:], r.b)
	return rand.New(rand.NewPCG(seed, binary.LittleEndian.Uint64(extra[:])))
}
