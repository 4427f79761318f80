package main

import (
	"bytes"
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/msg"
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
		Short: msg.T(m.lang, "cli.demo.short"),
		Long:  msg.T(m.lang, "cli.demo.long"),
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
	cmd.Flags().StringVar(&addr, "addr", defaultAddr, msg.T(m.lang, "cli.flag.addr"))
	cmd.Flags().BoolVar(&noServe, "no-serve", false, msg.T(m.lang, "cli.flag.no_serve"))
	cmd.Flags().BoolVar(&officialLists, "official", false, msg.T(m.lang, "cli.flag.official", officialDB))
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 0, msg.T(m.lang, "cli.demo.flag.seed"))
	cmd.Flags().Float64Var(&opts.Scale, "scale", 0, msg.T(m.lang, "cli.flag.scale"))
	cmd.Flags().IntVar(&opts.FirstYear, "first-year", 0, msg.T(m.lang, "cli.flag.first_year"))
	cmd.Flags().IntVar(&opts.LastYear, "last-year", 0, msg.T(m.lang, "cli.flag.last_year"))
	return cmd
}
