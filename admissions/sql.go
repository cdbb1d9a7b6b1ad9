package admissions

import (
	"database/sql/driver"
	"fmt"
	"strconv"
)

// Value implements driver.Valuer: the year group as an integer, Reception
// being 0, as DfE census data records it.
func (g YearGroup) Value() (driver.Value, error) {
	if !g.Valid() {
		return nil, fmt.Errorf("%w: %d", ErrInvalidYearGroup, int(g))
	}
	return int64(g), nil
}

// Scan implements sql.Scanner from an integer (0 for Reception) or from
// text ParseYearGroup accepts.
func (g *YearGroup) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		if v < int64(Reception) || v > int64(Year13) {
			return fmt.Errorf("%w: %d", ErrInvalidYearGroup, v)
		}
		*g = YearGroup(v)
		return nil
	case string:
		return g.UnmarshalText([]byte(v))
	case []byte:
		return g.UnmarshalText(v)
	}
	return fmt.Errorf("%w: cannot scan %T", ErrInvalidYearGroup, src)
}

// Value implements driver.Valuer: the calendar year the school year starts
// in, NULL for the zero SchoolYear.
func (y SchoolYear) Value() (driver.Value, error) {
	if y == 0 {
		return nil, nil
	}
	return int64(y), nil
}

// Scan implements sql.Scanner from an integer, its text, or NULL.
func (y *SchoolYear) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*y = 0
		return nil
	case int64:
		*y = SchoolYear(v)
		return nil
	case string:
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("admissions: school year is not a year")
		}
		*y = SchoolYear(n)
		return nil
	case []byte:
		return y.Scan(string(v))
	}
	return fmt.Errorf("admissions: cannot scan %T into a school year", src)
}

// Value implements driver.Valuer: the phase's name.
func (p Phase) Value() (driver.Value, error) {
	b, err := p.MarshalText()
	return string(b), err
}

// Scan implements sql.Scanner from the phase's name.
func (p *Phase) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return p.UnmarshalText([]byte(v))
	case []byte:
		return p.UnmarshalText(v)
	}
	return fmt.Errorf("admissions: cannot scan %T into a phase", src)
}
