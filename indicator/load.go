package indicator

import (
	"context"
	"fmt"

	"github.com/blandby/blandby/register"
)

// Load reads register files (one per data year) into aggregated data. Each
// worker of a read counts into its own tables, merged when the file is
// done, so a read costs no locking. A bad file fails the whole load.
func Load(ctx context.Context, files []string, areas *register.Areas, ref *register.Reference, opts register.ReadOptions) (*Data, []register.Stats, error) {
	data := NewData(areas, ref)
	var stats []register.Stats
	var done int64
	for _, f := range files {
		year, err := register.FileYear(f)
		if err != nil {
			return nil, nil, err
		}
		o := opts
		if opts.Progress != nil {
			base := done
			o.Progress = func(n int64) { opts.Progress(base + n) }
		}
		tables := make([]*YearTables, opts.WorkerCount())
		for w := range tables {
			tables[w] = NewYearTables(year, areas.Len())
		}
		st, err := register.ReadFile(ctx, f, areas, o, func(worker int, b *register.Batch) error {
			if b.Year != year {
				return fmt.Errorf("read %s: a batch of year %d in a file of data year %d", f, b.Year, year)
			}
			tables[worker].Add(b)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		merged := NewYearTables(year, areas.Len())
		for _, t := range tables {
			merged.Merge(t)
		}
		data.Add(merged)
		stats = append(stats, st)
		done += st.Bytes
	}
	return data, stats, nil
}
