package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/register"
	"github.com/blandby/blandby/store"
)

func (m *Main) importCommand() *cobra.Command {
	var details, geometry, by string
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import published history, indicator files or the areas registry into the database",
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
			ruleSets := map[int]string{}
			for _, y := range h.Years() {
				rs, err := cat.ForListYear(y)
				if err != nil {
					return err
				}
				ruleSets[y] = rs.ID
			}
			var pubs []store.Publication
			if err := m.audited(cmd.Context(), st, by, auth.ActionImport, "history "+args[0], func() error {
				pubs, err = st.ImportHistory(cmd.Context(), h, store.ImportMeta{Input: inputs[0], ImportedBy: actor(by),
					ImportedAt: time.Now().UTC(), SoftwareVersion: version, RuleSets: ruleSets})
				return err
			}); err != nil {
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
			var sets []store.IndicatorSet
			for _, y := range set.Years() {
				sets = append(sets, store.IndicatorSet{Year: y, Origin: store.Imported, Source: args[0], Inputs: inputs,
					CreatedAt: time.Now().UTC(), Rows: set.Year(y)})
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var ids []int64
			if err := m.audited(cmd.Context(), st, by, auth.ActionImport, "indicators "+args[0], func() error {
				ids, err = st.AddIndicatorSets(cmd.Context(), sets)
				return err
			}); err != nil {
				return err
			}
			var buf bytes.Buffer
			for i, s := range sets {
				fmt.Fprintf(&buf, "stored the indicators of %d as set %d (%d areas)\n", s.Year, ids[i], len(s.Rows))
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
			var list []store.Area
			for i := range areas.Len() {
				a := areas.At(int32(i))
				list = append(list, store.Area{Area: a, Geometry: shapes[a.ID]})
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := m.audited(cmd.Context(), st, by, auth.ActionImport, "areas "+args[0], func() error {
				return st.PutAreas(cmd.Context(), list)
			}); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "stored %d areas (%d with polygons)\n", len(list), len(shapes))
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
			ds := make([]store.Department, len(read))
			for i, d := range read {
				ds[i] = store.Department{ID: d.ID, AreaID: d.AreaID, HousingOrg: d.HousingOrg, Name: d.Name,
					FamilyDwellings: d.FamilyDwellings, YouthDwellings: d.YouthDwellings, ElderlyDwellings: d.ElderlyDwellings}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := m.audited(cmd.Context(), st, by, auth.ActionImport, "departments "+args[0], func() error {
				return st.PutDepartments(cmd.Context(), ds)
			}); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "stored %d departments\n", len(ds))
			return emit(cmd, &buf)
		},
	}
	for _, c := range []*cobra.Command{historyCmd, indicatorsCmd, areasCmd, departmentsCmd} {
		c.Flags().StringVar(&by, "by", "", "who imports, for the audit trail (default: the operating-system user)")
		cmd.AddCommand(c)
	}
	return cmd
}
