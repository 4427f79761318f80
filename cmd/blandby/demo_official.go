package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/web"
)

// officialDB is the database `demo --official` uses when --db is not
// given: the real lists are kept apart from the synthetic demo's.
const officialDB = "blandby-official.db"

// demoOfficial records the published lists 2010–2023 that come with
// blandby (once: a second run finds them recorded) and serves them, with a
// source line instead of the synthetic banner.
func (m *Main) demoOfficial(cmd *cobra.Command, addr string, noServe bool) error {
	if _, given := m.dbAddress(cmd); !given {
		if err := cmd.Flags().Set("db", officialDB); err != nil {
			return err
		}
	}
	st, err := m.openStore(cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := cmd.Context()
	pubs, err := st.Publications(ctx)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch recorded := officialRecorded(pubs); {
	case !recorded && len(pubs) > 0:
		return blandby.Told(blandby.CodeConflict, msg.Text("cli.error.official_other_lists", len(pubs)))
	case !recorded:
		reg, cat, err := m.namesAndRules()
		if err != nil {
			return err
		}
		if pubs, err = app.ImportOfficial(ctx, st, cat, reg, cliActor("demo"), "blandby demo --official", fs.FS(official.Published),
			"published", "official/published", version, time.Now().UTC()); err != nil {
			return err
		}
	}
	fmt.Fprintf(&buf, "%s (%d–%d)\n", msg.T(m.lang, "cli.demo_official.recorded"), pubs[0].Year, pubs[len(pubs)-1].Year)
	if err := emit(cmd, &buf); err != nil {
		return err
	}
	if noServe {
		return nil
	}
	opts, err := officialOptions(pubs)
	if err != nil {
		return err
	}
	return m.serve(ctx, st, addr, false, opts)
}

// officialRecorded reports whether published lists are the published
// lists that come with blandby (an import of official).
func officialRecorded(pubs []store.Publication) bool {
	for _, p := range pubs {
		for _, in := range p.Inputs {
			if in.Role == app.OfficialRole {
				return true
			}
		}
	}
	return false
}

// officialOptions are the web options of a store whose publications are
// pubs: for the published lists, the source line and the counts of the
// years of which only the counts were published (2024); none for others.
func officialOptions(pubs []store.Publication) (web.Options, error) {
	if !officialRecorded(pubs) {
		return web.Options{}, nil
	}
	published := map[int]bool{}
	for _, p := range pubs {
		published[p.Year] = true
	}
	counts, err := official.PublishedListCounts()
	if err != nil {
		return web.Options{}, err
	}
	opts := web.Options{Source: msg.Text("web.official_source")}
	for _, c := range counts {
		if !published[c.Year] && len(c.N) > 0 {
			opts.CountsOnly = append(opts.CountsOnly, web.YearCounts{Year: c.Year, Counts: c.N})
		}
	}
	return opts, nil
}
