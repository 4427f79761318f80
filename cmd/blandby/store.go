package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/export"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/register"
	"github.com/blandby/blandby/store"
)

// defaultDB is the database used when neither --db nor BLANDBY_DB says
// otherwise: one SQLite file in the working directory.
const defaultDB = "blandby.db"

// isPostgres reports whether a database address is a PostgreSQL URL.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// dbAddress returns --db, BLANDBY_DB or the default, and whether one was
// given explicitly.
func (m *Main) dbAddress(cmd *cobra.Command) (string, bool) {
	if db := m.flagOrEnv(cmd, "db", "BLANDBY_DB"); db != "" {
		return db, true
	}
	return defaultDB, false
}

// openStore opens the database: PostgreSQL for a postgres:// URL, else an
// SQLite file (created when missing).
func (m *Main) openStore(cmd *cobra.Command) (store.Store, error) {
	db, _ := m.dbAddress(cmd)
	st, err := openBackend(cmd.Context(), db)
	if err != nil {
		return nil, err
	}
	m.log.Debug("store opened", "postgres", isPostgres(db))
	return st, nil
}

// actor names who acts: --by, or the operating-system user.
func actor(by string) string {
	if by != "" {
		return by
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

func (m *Main) publishCommand() *cobra.Command {
	var year int
	var computation int64
	var by, reason string
	var correct bool
	cmd := &cobra.Command{
		Use:   "publish",
		Short: "Publish a computed list as the official list of its year",
		Long: `Publish a computation (by default the latest of the year) as the official list of the year.
A published list never changes: it records the rule set, the software version, the time, who
published it and the SHA-256 of every input file. A second publication of a year is refused;
--correct --reason "…" publishes a new revision and keeps the earlier one. A computation that read
earlier years' lists other than those published now is refused: compute it again.`,
		Example: `  blandby compute --register data/ --areas data/areas.csv --year 2025 --save
  blandby publish --year 2025 --by "Bolig- og Planstyrelsen"
  blandby publish --year 2025 --computation 42 --correct --reason "Ny opgørelse af beboertal i område 0101-S07"`,
		PreRunE: requireFlags("year"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if correct != (reason != "") {
				return usageError{command: "publish", err: fmt.Errorf("--correct and --reason go together: a correction needs a reason")}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			pub, err := app.Publish(cmd.Context(), st, cat, cliActor(by), app.PublishRequest{Year: year, ComputationID: computation,
				Correction: correct, Reason: reason, PublishedBy: actor(by), SoftwareVersion: version})
			switch {
			case err != nil && blandby.CodeOf(err) == blandby.CodeNotFound && computation == 0:
				return fmt.Errorf("%w (run blandby compute --year %d --save)", err, year)
			case errors.As(err, new(*app.AlreadyPublishedError)):
				return fmt.Errorf("%w\nto publish a correction: blandby publish --year %d --correct --reason \"…\"", err, year)
			case err != nil:
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "published %d revision %d from computation %d (rule set %s, %d areas)\ncontent SHA-256 %s\n",
				pub.Year, pub.Revision, pub.ComputationID, pub.RuleSet, len(pub.Entries), pub.ContentSHA256)
			return emit(cmd, &buf)
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "list year (required)")
	cmd.Flags().Int64Var(&computation, "computation", 0, "computation to publish (default: the latest of the year)")
	cmd.Flags().StringVar(&by, "by", "", "who publishes (default: the operating-system user)")
	cmd.Flags().BoolVar(&correct, "correct", false, "publish a new revision of a year already published")
	cmd.Flags().StringVar(&reason, "reason", "", "why the correction is made")
	return cmd
}

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
				list = append(list, store.Area{ID: a.ID, Name: a.Name, MunicipalityCode: a.MunicipalityCode, RegionCode: a.RegionCode,
					DwellingsTotal: a.DwellingsTotal, FamilyDwellings: a.FamilyDwellings, Geometry: shapes[a.ID]})
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

func (m *Main) publicationsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "publications",
		Short: "List every published list and revision in the database",
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			pubs, err := st.Publications(cmd.Context())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, tr(m.lang, "ÅR\tREVISION\tART\tREGELSÆT\tOFFENTLIGGJORT\tAF\tBEREGNING\tSHA-256\tBEGRUNDELSE",
				"YEAR\tREVISION\tKIND\tRULE SET\tPUBLISHED\tBY\tCOMPUTATION\tSHA-256\tREASON"))
			for _, p := range pubs {
				comp := "–"
				if p.ComputationID != 0 {
					comp = fmt.Sprint(p.ComputationID)
				}
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Year, p.Revision, p.Kind, p.RuleSet,
					p.PublishedAt.Format(time.RFC3339), p.PublishedBy, comp, p.ContentSHA256[:min(12, len(p.ContentSHA256))], p.Reason)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
}

func (m *Main) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Make a consistent copy of the SQLite database while it is in use",
		Long: `Make a consistent online copy of the SQLite database in FILE (which must not exist). For a
PostgreSQL database, use pg_dump; the command says how.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, _ := m.dbAddress(cmd)
			if isPostgres(db) {
				return blandby.Errorf(blandby.CodeInvalid, "the database is PostgreSQL: back it up with pg_dump, for example\n  pg_dump --format=custom --file=%s '%s'\nand restore with pg_restore", args[0], db)
			}
			if _, err := os.Stat(args[0]); err == nil {
				return blandby.Errorf(blandby.CodeInvalid, "%s exists; a backup never overwrites a file", args[0])
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := backupSQLite(cmd.Context(), st, args[0]); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "backed up %s to %s\n", db, args[0])
			return emit(cmd, &buf)
		},
	}
}

func (m *Main) checkCommand() *cobra.Command {
	var (
		inputs bool
		anchor string
	)
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the integrity of every published list and recompute it from its recorded inputs",
		Long: `Check every revision of every published list: its content hash, its rule set, its entries
against the computation it was published from, the history that computation read, and a
recomputation of the lists from the recorded indicators, history and rule set, which must give
byte-identical explanations. --inputs also re-hashes the recorded input files still in place.
Exits with status 1 when it finds a problem.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := m.rulesCatalog()
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := record.Check(cmd.Context(), st, cat, record.CheckOptions{Inputs: inputs})
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			for _, line := range rep.Checked {
				fmt.Fprintln(&buf, line)
			}
			for _, f := range rep.Findings {
				fmt.Fprintln(&buf, f)
			}
			if a := rep.Audit; a.OK {
				fmt.Fprintf(&buf, "audit trail: %d entries, chain intact (last entry %d, hash %.12s)\n", a.Entries, a.LastSeq, a.LastHash)
				fmt.Fprintf(&buf, "audit anchor to keep elsewhere: %d:%s\n", a.LastSeq, a.LastHash)
			} else {
				fmt.Fprintf(&buf, "audit trail: PROBLEM: entry %d: %s: %s\n", a.BrokenSeq, a.Problem, a.Detail)
			}
			problems := rep.Problems()
			if anchor != "" {
				msg, err := checkAuditAnchor(cmd.Context(), st, anchor)
				if err != nil {
					return err
				}
				if msg != "" {
					fmt.Fprintf(&buf, "audit trail: PROBLEM: %s\n", msg)
					problems++
				} else {
					fmt.Fprintf(&buf, "audit trail: anchor %.24s… found unchanged\n", anchor)
				}
			}
			fmt.Fprintf(&buf, "%d publications checked, %d problems\n", len(rep.Checked), problems)
			if err := emit(cmd, &buf); err != nil {
				return err
			}
			if problems > 0 {
				return fmt.Errorf("check found %d problems", problems)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&inputs, "inputs", false, "re-hash the recorded input files that are still in place")
	cmd.Flags().StringVar(&anchor, "audit-anchor", "", "SEQ:HASH of an audit entry printed by an earlier check and kept elsewhere: the trail must still hold it (shows entries cut off its end)")
	return cmd
}

// checkAuditAnchor looks for the audit entry an anchor "SEQ:HASH" names; it
// returns what is wrong ("" when the entry is there with that hash).
func checkAuditAnchor(ctx context.Context, st store.Store, anchor string) (string, error) {
	seqText, hash, ok := strings.Cut(anchor, ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if !ok || err != nil || seq < 1 || len(hash) != 64 {
		return "", usageError{command: "check", err: fmt.Errorf("--audit-anchor %q: expected SEQ:HASH as check prints it (a positive entry number, a colon and 64 hex digits)", anchor)}
	}
	es, err := st.AuditLog(ctx, seq-1, 1)
	if err != nil {
		return "", fmt.Errorf("reading audit entry %d: %w", seq, err)
	}
	switch {
	case len(es) == 0 || es[0].Seq != seq:
		return fmt.Sprintf("entry %d of the anchor is missing: entries were cut off the end of the trail", seq), nil
	case es[0].Hash != hash:
		return fmt.Sprintf("entry %d has hash %.12s…, the anchor says %.12s…: the trail was rewritten", seq, es[0].Hash, hash), nil
	}
	return "", nil
}

// exportCommand writes a published list in a file format.
func (m *Main) exportCommand() *cobra.Command {
	var year, revision int
	var format, out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export a published list as CSV, JSON, Excel or GeoJSON",
		Example: `  blandby export --year 2023 --format xlsx --out lister-2023.xlsx
  blandby export --year 2016 --revision 1 --format geojson > 2016.geojson`,
		PreRunE: requireFlags("year"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return usageError{command: "export", err: err}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			var buf bytes.Buffer
			if err := m.export(cmd.Context(), st, &buf, f, year, revision); err != nil {
				return err
			}
			if out == "" || out == "-" {
				return emit(cmd, &buf)
			}
			return writeFiles(map[string][]byte{out: buf.Bytes()})
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "list year (required)")
	cmd.Flags().IntVar(&revision, "revision", 0, "revision (default: the latest)")
	cmd.Flags().StringVar(&format, "format", "csv", "csv, json, xlsx or geojson")
	cmd.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	return cmd
}

// mergeHistory returns the published history in the store merged with a
// history file's years the store does not hold; a year in both is an
// error.
func mergeHistory(stored, file *blandby.History, fileName string) (*blandby.History, error) {
	h := blandby.NewHistory()
	for _, src := range []*blandby.History{stored, file} {
		for _, y := range src.Years() {
			if src == file && stored.HasYear(y) {
				return nil, blandby.Errorf(blandby.CodeConflict, "%s holds list year %d, which is published in the database already", fileName, y)
			}
			h.Replace(y, src.Entries(y))
		}
	}
	return h, nil
}

// saveComputations stores each computed year of a run with the history it
// read (the published history plus the years computed before it in the
// run), its indicators and its inputs, in one transaction.
func (m *Main) saveComputations(ctx context.Context, st store.Store, run []compute.Year, base *blandby.History, origin, source string, inputs []store.Input) ([]int64, error) {
	cs, err := record.Computations(run, base, record.Source{Origin: origin, Name: source, Inputs: inputs}, version, time.Now().UTC())
	if err != nil {
		return nil, err
	}
	return st.AddComputations(ctx, cs)
}
