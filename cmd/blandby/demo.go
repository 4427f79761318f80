package main

import (
	"bytes"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/web"
)

// defaultAddr is where the server listens unless --addr says otherwise:
// loopback only.
const defaultAddr = "127.0.0.1:8080"

func (m *Main) demoCommand() *cobra.Command {
	var addr string
	var noServe, officialLists bool
	var opts demo.Options
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Compute and publish every list 2010–2025 from a synthetic Denmark, and serve the web UI",
		Long: `On first run, generate a synthetic Denmark (the residents of about 250 housing areas and the
national and regional reference values, data years 2006–2024), compute every list year 2010–2025
under the rule set in force that year, publish the lists into the database (--db, default
./blandby.db) and serve the web UI. A later run reuses the database. The data are synthetic, and
every page says so; a database holding real lists is refused. The first run also creates a demo
user for each role with a random password, and an API token for the admin, and prints them once:
demo credentials, for the synthetic data only.`,
		Example: `  blandby demo
  blandby demo --addr 127.0.0.1:9000
  blandby demo --no-serve --lang en`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if officialLists {
				return m.demoOfficial(cmd, addr, noServe)
			}
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			opts.SoftwareVersion = version
			opts.Progress = func(line blandby.Text) { fmt.Fprintln(m.Stderr, "demo:", line.In(m.lang)) }
			sum, err := demo.Prepare(cmd.Context(), st, cat, opts)
			if err != nil {
				return err
			}
			// The generator's memory (most of a gigabyte at full scale) is
			// garbage now; give it back before serving.
			debug.FreeOSMemory()
			var buf bytes.Buffer
			if err := sum.WriteTable(&buf, m.lang); err != nil {
				return err
			}
			if err := m.addDemoUsers(cmd.Context(), st, addr, &buf); err != nil {
				return err
			}
			if err := emit(cmd, &buf); err != nil {
				return err
			}
			if noServe {
				return nil
			}
			return m.serve(cmd.Context(), st, addr, true, web.Options{})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", defaultAddr, "address to serve on")
	cmd.Flags().BoolVar(&noServe, "no-serve", false, "prepare the database and print the summary, but do not serve")
	cmd.Flags().BoolVar(&officialLists, "official", false, "the real published lists 2010–2023 instead of the synthetic Denmark (in "+officialDB+" unless --db is given)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 0, "seed of the synthetic Denmark (default 1)")
	cmd.Flags().Float64Var(&opts.Scale, "scale", 0, "population scale (default 1, full size)")
	cmd.Flags().IntVar(&opts.FirstYear, "first-year", 0, "first list year (default 2010)")
	cmd.Flags().IntVar(&opts.LastYear, "last-year", 0, "last list year (default 2025)")
	return cmd
}
