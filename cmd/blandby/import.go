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
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/register"
)

func (m *Main) importCommand() *cobra.Command {
	var details, geometry, by string
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import published history, indicator files, the areas registry or area names into the database",
	}
	historyCmd := &cobra.Command{
		Use:   "history FILE",
		Short: "Record published lists from a history file (year, area_id, category)",
		Args:  cobra.ExactArgs(1),
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
				fmt.Fprintf(&buf, "recorded the published list of %d (%d areas)\n", p.Year, len(p.Entries))
			}
			return emit(cmd, &buf)
		},
	}

	indicatorsCmd := &cobra.Command{
		Use:   "indicators FILE",
		Short: "Store the indicators of an indicator file (standard or published layout), one set per year",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m.storedNames = true
			set, err := m.readIndicators(args[0])
			if err != nil {
				return err
			}
			if details != "" {
				return usageError{command: "import indicators", err: fmt.Errorf("--details is written by blandby compute; import it with the computation (compute --save)")}
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
				fmt.Fprintf(&buf, "stored the indicators of %d as set %d (%d areas)\n", s.Year, s.ID, len(s.Rows))
			}
			return emit(cmd, &buf)
		},
	}
	indicatorsCmd.Flags().StringVar(&details, "details", "", "")
	_ = indicatorsCmd.Flags().MarkHidden("details")
	areasCmd := &cobra.Command{
		Use:   "areas FILE",
		Short: "Add or update areas from an areas registry, with polygons from --geometry (GeoJSON)",
		Args:  cobra.ExactArgs(1),
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
			fmt.Fprintf(&buf, "stored %d areas (%d with polygons)\n", areas.Len(), len(shapes))
			return emit(cmd, &buf)
		},
	}
	areasCmd.Flags().StringVar(&geometry, "geometry", "", "GeoJSON file of the areas' polygons (features with properties.area_id)")
	departmentsCmd := &cobra.Command{
		Use:   "departments FILE",
		Short: "Add or update the areas' departments and the housing organisations that own them",
		Long: `Add or update the public-housing departments (almene boligafdelinger) of the stored areas from
a CSV file: department_id, area_id, housing_org, and optionally department_name, family_dwellings,
youth_dwellings and elderly_dwellings. A housing_org user's scope is the departments of its
organisation. Every area must be stored already; the file is stored whole or not at all.`,
		Args: cobra.ExactArgs(1),
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
			fmt.Fprintf(&buf, "stored %d departments\n", len(read))
			return emit(cmd, &buf)
		},
	}
	var officialDir string
	officialCmd := &cobra.Command{
		Use:   "official",
		Short: "Record the published lists 2010–2023 (official/published) as the published history",
		Long: `Record every published list 2010–2023 that comes with blandby (official/published: the
names as printed each year, with their sources) as imported publications, one per list year
under the rule set of its year. Names resolve through the area registry (official/areas.yaml,
extended by --area-names). Each list records how many areas were published (counts.csv) and
how many of them the files name: the udsat and forebyggelse lists after 2017 are known only in
part. --dir reads another directory of the same layout. All lists are recorded or none.`,
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
	officialCmd.Flags().StringVar(&officialDir, "dir", "", "directory of list files (areas_YYYY.csv, counts.csv) instead of the bundled official/published")
	areaNamesCmd := &cobra.Command{
		Use:   "area-names FILE",
		Short: "Store a file of area names (aliases) that extends the area registry for every later command",
		Long: `Store a file of area names in the area registry's YAML format (docs/official.md: areas with
id, name, municipality_code, aliases and events) in the database, as an extension of the
bundled registry (official/areas.yaml): a new id adds an area, a known id adds aliases and
events to it. Every later command that uses the database resolves names through the
registry extended by the stored files, in the order they were stored (and by --area-names
on top). The file is checked exactly as --area-names is, against the bundled registry and
the files stored before it: an area in another municipality than the registry's, or a name
another area of the municipality carries, stores nothing. A stored file is never changed: a
later file adds to it.`,
		Example: `  blandby import area-names names.yaml`,
		Args:    cobra.ExactArgs(1),
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
			fmt.Fprintf(&buf, "stored %s as area names %d (sha256 %.12s); the registry holds %d areas\n", f.Source, f.Seq, f.SHA256, reg.Len())
			return emit(cmd, &buf)
		},
	}
	areaNamesCmd.Flags().StringVar(&by, "by", "", "who imports, for the audit trail (default: the operating-system user)")
	cmd.AddCommand(areaNamesCmd)
	for _, c := range []*cobra.Command{historyCmd, indicatorsCmd, areasCmd, departmentsCmd, officialCmd} {
		c.Flags().StringVar(&by, "by", "", "who imports, for the audit trail (default: the operating-system user)")
		m.encodingFlag(c)
		cmd.AddCommand(c)
	}
	return cmd
}
