package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/register"
)

func (m *Main) importCommand() *cobra.Command {
	var details, geometry, by string
	cmd := &cobra.Command{
		Use:   "import",
		Short: msg.T(m.lang, "cli.import.short"),
	}
	historyCmd := &cobra.Command{
		Use:   "history " + msg.T(m.lang, "cli.arg.file"),
		Short: msg.T(m.lang, "cli.import.history.short"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			h, err := m.readHistory(args[0], nil)
			if err != nil {
				return err
			}
			inputs, err := record.Inputs("history", args[0])
			if err != nil {
				return err
			}
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			pubs, err := app.ImportHistory(cmd.Context(), st, cat, cliActor(by), actor(by), h, inputs[0], version, time.Now().UTC())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			for _, p := range pubs {
				fmt.Fprintln(&buf, msg.N(m.lang, "cli.import.recorded", len(p.Entries), p.Year, len(p.Entries)))
			}
			return emit(cmd, &buf)
		},
	}

	indicatorsCmd := &cobra.Command{
		Use:   "indicators " + msg.T(m.lang, "cli.arg.file"),
		Short: msg.T(m.lang, "cli.import.indicators.short"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m.storedNames = true
			set, err := m.readIndicators(args[0])
			if err != nil {
				return err
			}
			if details != "" {
				return usage("import indicators", msg.Text("cli.error.import_details"))
			}
			inputs, err := record.Inputs("indicators", args[0])
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			sets, err := app.ImportIndicators(cmd.Context(), st, cliActor(by), set, inputs, time.Now().UTC())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			for _, s := range sets {
				fmt.Fprintln(&buf, msg.N(m.lang, "cli.import.indicators_stored", len(s.Rows), s.Year, s.ID, len(s.Rows)))
			}
			return emit(cmd, &buf)
		},
	}
	indicatorsCmd.Flags().StringVar(&details, "details", "", "")
	_ = indicatorsCmd.Flags().MarkHidden("details")
	areasCmd := &cobra.Command{
		Use:   "areas " + msg.T(m.lang, "cli.arg.file"),
		Short: msg.T(m.lang, "cli.import.areas.short"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			areas, err := readWith(m, args[0], register.ReadAreas)
			if err != nil {
				return err
			}
			var shapes map[string]json.RawMessage
			if geometry != "" {
				r, name, closeFn, err := m.open(geometry)
				if err != nil {
					return err
				}
				shapes, err = register.ReadAreaGeometry(r, name, areas)
				closeFn()
				if err != nil {
					return err
				}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := app.ImportAreas(cmd.Context(), st, cliActor(by), args[0], areas, shapes); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintln(&buf, msg.N(m.lang, "cli.import.areas_stored", areas.Len(), areas.Len(), len(shapes)))
			return emit(cmd, &buf)
		},
	}
	areasCmd.Flags().StringVar(&geometry, "geometry", "", msg.T(m.lang, "cli.flag.geometry"))
	departmentsCmd := &cobra.Command{
		Use:   "departments " + msg.T(m.lang, "cli.arg.file"),
		Short: msg.T(m.lang, "cli.import.departments.short"),
		Long:  msg.T(m.lang, "cli.import.departments.long"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			read, err := readWith(m, args[0], register.ReadDepartments)
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := app.ImportDepartments(cmd.Context(), st, cliActor(by), args[0], read); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintln(&buf, msg.N(m.lang, "cli.import.departments_stored", len(read)))
			return emit(cmd, &buf)
		},
	}
	var officialDir string
	officialCmd := &cobra.Command{
		Use:     "official",
		Short:   msg.T(m.lang, "cli.import.official.short"),
		Long:    msg.T(m.lang, "cli.import.official.long"),
		Example: `  blandby import official`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m.storedNames = true
			reg, cat, err := m.namesAndRules()
			if err != nil {
				return err
			}
			fsys, dir, name := fs.FS(official.Published), "published", "official/published"
			if officialDir != "" {
				fsys, dir, name = os.DirFS(officialDir), ".", officialDir
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			pubs, err := app.ImportOfficial(cmd.Context(), st, cat, reg, cliActor(by), actor(by), fsys, dir, name, version, time.Now().UTC())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			for _, p := range pubs {
				fmt.Fprintf(&buf, "%d:", p.Year)
				for i, c := range p.Counts {
					sep := ","
					if i == 0 {
						sep = ""
					}
					published := "?"
					if c.Known {
						published = strconv.Itoa(c.Published)
					}
					fmt.Fprintf(&buf, "%s %s %d of %s named", sep, c.Category, c.Named, published)
				}
				fmt.Fprintln(&buf)
			}
			return emit(cmd, &buf)
		},
	}
	officialCmd.Flags().StringVar(&officialDir, "dir", "", msg.T(m.lang, "cli.flag.dir"))
	areaNamesCmd := &cobra.Command{
		Use:     "area-names " + msg.T(m.lang, "cli.arg.file"),
		Short:   msg.T(m.lang, "cli.import.area_names.short"),
		Long:    msg.T(m.lang, "cli.import.area_names.long"),
		Example: `  blandby import area-names names.yaml`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, name, closeFn, err := m.open(args[0])
			if err != nil {
				return err
			}
			data, err := io.ReadAll(r)
			closeFn()
			if err != nil {
				return fmt.Errorf("read %s: %w", name, err)
			}
			base, err := official.Registry()
			if err != nil {
				return fmt.Errorf("load the area registry: %w", err)
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			f, reg, err := app.ImportAreaNames(cmd.Context(), st, cliActor(by), actor(by), base, name, data, time.Now().UTC())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintln(&buf, msg.T(m.lang, "cli.import.area_names_stored", f.Source, f.Seq, f.SHA256, reg.Len()))
			return emit(cmd, &buf)
		},
	}
	areaNamesCmd.Flags().StringVar(&by, "by", "", msg.T(m.lang, "cli.import.flag.by"))
	cmd.AddCommand(areaNamesCmd)
	for _, c := range []*cobra.Command{historyCmd, indicatorsCmd, areasCmd, departmentsCmd, officialCmd} {
		c.Flags().StringVar(&by, "by", "", msg.T(m.lang, "cli.import.flag.by"))
		m.encodingFlag(c)
		cmd.AddCommand(c)
	}
	return cmd
}
