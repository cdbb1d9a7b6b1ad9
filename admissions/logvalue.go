package admissions

import "log/slog"

// Results, rounds and books hold every child's application. Logged without
// a LogValue, slog would print them field by field, names and dates of
// birth included; these give a summary instead.

// LogValue implements slog.LogValuer: the round's identity and counts,
// never a child's details.
func (r *Result) LogValue() slog.Value {
	placed := 0
	for i := range r.Outcomes {
		if r.Outcomes[i].Basis != Unplaced {
			placed++
		}
	}
	return slog.GroupValue(
		slog.String("council", r.Council.String()),
		slog.String("entry", r.EntryYear.String()),
		slog.String("year", r.SchoolYear.String()),
		slog.Uint64("seed", r.TieBreak.Seed),
		slog.String("tie_break", r.TieBreak.Mode.String()),
		slog.Int("applications", len(r.Outcomes)),
		slog.Int("placed", placed),
		slog.Int("schools", len(r.Schools)),
	)
}

// LogValue implements slog.LogValuer: the round's size only.
func (rd *Round) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("entry", rd.s.EntryYear.String()),
		slog.String("year", rd.s.SchoolYear.String()),
		slog.Int("applications", len(rd.apps)),
		slog.Int("schools", len(rd.s.Schools)),
	)
}

// LogValue implements slog.LogValuer: the book's size only.
func (b *Book) LogValue() slog.Value {
	b.mu.Lock()
	defer b.mu.Unlock()
	waiting := 0
	for _, bs := range b.schools {
		waiting += len(bs.waiting)
	}
	return slog.GroupValue(
		slog.String("entry", b.s.EntryYear.String()),
		slog.String("year", b.s.SchoolYear.String()),
		slog.Int("children", len(b.kids)),
		slog.Int("waiting", waiting),
	)
}
