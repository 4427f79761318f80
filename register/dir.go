package register

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/blandby/blandby"
)

// Dir is a directory of register files, one per data year.
type Dir struct {
	Path  string
	files map[int]string
}

// OpenDir finds the register files (.csv and .parquet) in a directory and
// the data year of each, from its first row. Two files of the same year are
// an error.
func OpenDir(path string) (*Dir, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, blandby.Errorf(blandby.CodeInvalid, "register directory %s: %w", path, err)
	}
	d := &Dir{Path: path, files: map[int]string{}}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		named, ok := yearInName(e.Name())
		if !ok {
			continue
		}
		file := filepath.Join(path, e.Name())
		year, err := FileYear(file)
		if err != nil {
			return nil, err
		}
		if year != named {
			return nil, blandby.Errorf(blandby.CodeInvalid, "%s holds data year %d, not the %d of its name", file, year, named)
		}
		if other, dup := d.files[year]; dup {
			return nil, blandby.Errorf(blandby.CodeInvalid, "%s and %s both hold data year %d (one file per data year)", other, file, year)
		}
		d.files[year] = file
	}
	if len(d.files) == 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "register directory %s holds no register files (named register-YYYY.csv or register-YYYY.parquet)", path)
	}
	return d, nil
}

// FileName returns the name of a data year's register file:
// register-YYYY.csv or register-YYYY.parquet.
func FileName(year int, format Format) string { return fmt.Sprintf("register-%d.%s", year, format) }

// yearInName returns the year of a register file name; other files (the
// areas registry, the reference file, outputs) are not register files.
func yearInName(name string) (int, bool) {
	format, ok := FormatOf(name)
	if !ok {
		return 0, false
	}
	var year int
	if n, err := fmt.Sscanf(name, "register-%4d."+string(format), &year); n != 1 || err != nil || FileName(year, format) != name {
		return 0, false
	}
	return year, true
}

// Years returns the data years held, ascending.
func (d *Dir) Years() []int { return slices.Sorted(maps.Keys(d.files)) }

// Files returns the files of the data years, in year order; a missing year
// is an error that lists the years held.
func (d *Dir) Files(years []int) ([]string, error) {
	years = slices.Clone(years)
	sort.Ints(years)
	var out []string
	for _, y := range years {
		f, ok := d.files[y]
		if !ok {
			return nil, blandby.Errorf(blandby.CodeInvalid, "%s has no register file for data year %d (it has %s)", d.Path, y, yearRanges(d.Years()))
		}
		out = append(out, f)
	}
	return out, nil
}

// yearRanges writes years compactly: "2006–2012, 2015".
func yearRanges(years []int) string {
	s := ""
	for i := 0; i < len(years); {
		j := i
		for j+1 < len(years) && years[j+1] == years[j]+1 {
			j++
		}
		if s != "" {
			s += ", "
		}
		if j > i {
			s += fmt.Sprintf("%d–%d", years[i], years[j])
		} else {
			s += fmt.Sprint(years[i])
		}
		i = j + 1
	}
	return s
}
