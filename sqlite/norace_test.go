//go:build !race

package sqlite

// raceEnabled reports whether the race detector is on: figures measured
// under it say nothing about the code.
const raceEnabled = false
