package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/history"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/internal/csvio"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/registry"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit statuses.
const (
	exitOK       = 0
	exitInternal = 1 // something went wrong that is not the input's fault
	exitInvalid  = 2 // bad input or usage: the message says what to fix
)

// Main is the blandby command with its environment; tests run it in-process.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment (BLANDBY_* fallbacks for flags).
	Getenv func(string) string

	lang    blandby.Lang
	rules   string
	verbose bool
	log     *slog.Logger
	catalog *law.Catalog
	// areaNamesFile extends the bundled area registry (--area-names);
	// names is the registry read. storedNames says that the command uses
	// the database, so names resolve through the files of area names
	// stored there too (as they do when --db or BLANDBY_DB names one).
	areaNamesFile string
	names         *registry.Registry
	storedNames   bool
	// cmd is the command running (for the flags setup did not read).
	cmd *cobra.Command
	// encoding is the character encoding of the CSV files read
	// (--encoding).
	encoding csvio.Encoding
}

// encodingFlag gives a command that reads CSV files --encoding.
func (m *Main) encodingFlag(cmd *cobra.Command) {
	m.encoding = csvio.UTF8
	cmd.Flags().Var((*encodingValue)(&m.encoding), "encoding", msg.T(m.lang, "cli.flag.encoding"))
}

// encodingValue is the flag value of --encoding.
type encodingValue csvio.Encoding

func (v *encodingValue) String() string { return string(*v) }
func (v *encodingValue) Type() string   { return "encoding" }
func (v *encodingValue) Set(s string) error {
	e, err := csvio.ParseEncoding(s)
	if err != nil {
		return err
	}
	*v = encodingValue(e)
	return nil
}

// Run runs the command line args and returns the exit status. Output goes to
// Stdout only when a command succeeds; errors go to Stderr. Everything a
// person reads (help, results, errors) is in the language chooseLang picks.
func (m *Main) Run(ctx context.Context, args []string) int {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	var err error
	m.lang, err = chooseLang(args, m.Getenv)
	if err == nil {
		root := m.rootCommand()
		root.SetArgs(args)
		root.SetIn(m.Stdin)
		root.SetOut(m.Stdout)
		root.SetErr(m.Stderr)
		err = root.ExecuteContext(ctx)
	}
	if err == nil {
		return exitOK
	}
	for _, line := range strings.Split(m.explain(err), "\n") {
		fmt.Fprintf(m.Stderr, "blandby: %s\n", line)
	}
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintln(m.Stderr, msg.T(m.lang, "cli.error.see_help", strings.TrimSpace("blandby "+usage.command)))
		return exitInvalid
	case blandby.CodeOf(err) == blandby.CodeInvalid, blandby.CodeOf(err) == blandby.CodeNotFound:
		return exitInvalid
	}
	return exitInternal
}

// explain returns what a person is told of err in the command line's
// language: an error told in Danish and English (blandby.Explain) in that
// language, within the context it was wrapped in (such as the file it
// concerns); any other error as it is, so an input error keeps its
// file:line:column.
func (m *Main) explain(err error) string {
	full := err.Error()
	field, text := blandby.Explain(err, m.lang)
	_, en := blandby.Explain(err, blandby.English)
	if field != "" {
		text, en = field+": "+text, field+": "+en
	}
	if i := strings.LastIndex(full, en); i >= 0 {
		return full[:i] + text + full[i+len(en):]
	}
	return full
}

// usage returns a usage error of command told in Danish and English.
func usage(command string, text blandby.Text) error {
	return usageError{command: command, err: blandby.Told(blandby.CodeInvalid, text)}
}

// invalid returns bad input told in Danish and English.
func invalid(text blandby.Text) error {
	return blandby.Told(blandby.CodeInvalid, text)
}

// usageError is a mistake on the command line.
type usageError struct {
	command string
	err     error
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func (m *Main) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:     "blandby",
		Short:   msg.T(m.lang, "cli.root.short"),
		Long:    msg.T(m.lang, "cli.root.long"),
		Version: version,
		// Suggest a command for a mistyped one.
		SuggestionsMinimumDistance: 2,
		SilenceErrors:              true,
		SilenceUsage:               true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return m.setup(cmd)
		},
		// blandby alone shows the help; an unknown command is a usage
		// error, told in the command line's language.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				return usage("", msg.Text("cli.error.unknown_command_suggest", args[0], strings.Join(s, ", ")))
			}
			return usage("", msg.Text("cli.error.unknown_command", args[0]))
		},
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{command: commandPath(cmd), err: blandby.Told(blandby.CodeInvalid, flagError(err))}
	})
	pf := root.PersistentFlags()
	pf.String("lang", "", msg.T(m.lang, "cli.flag.lang"))
	pf.String("rules", "", msg.T(m.lang, "cli.flag.rules"))
	pf.String("area-names", "", msg.T(m.lang, "cli.flag.area_names"))
	pf.String("db", "", msg.T(m.lang, "cli.flag.db"))
	pf.BoolVarP(&m.verbose, "verbose", "v", false, msg.T(m.lang, "cli.flag.verbose"))
	root.AddCommand(m.listsCommand(), m.explainCommand(), m.rulesCommand(), m.convertCommand(), m.computeCommand(), m.synthCommand(),
		m.serveCommand(), m.usersCommand(), m.tokensCommand(), m.publishCommand(), m.publicationsCommand(), m.importCommand(), m.exportCommand(), m.backupCommand(), m.checkCommand(),
		m.demoCommand(),
		m.reportCommand(), m.monitorCommand(),
		m.lettingCommand(), m.rentalCommand(),
		m.planCommand(), m.officialCommand())
	for _, c := range root.Commands() {
		if c.Args == nil {
			c.Args = noArgs
		}
	}
	m.localize(root)
	return root
}

// commandPath is the path of cmd below blandby ("plan save").
func commandPath(cmd *cobra.Command) string {
	return strings.TrimPrefix(strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()), " ")
}

// unknownShorthand matches pflag's error for an unknown one-letter flag.
var unknownShorthand = regexp.MustCompile(`^unknown shorthand flag: '(.)' in (-\S+)$`)

// invalidFlagValue matches pflag's error for a value a flag cannot take.
var invalidFlagValue = regexp.MustCompile(`^invalid argument (".*") for "(.*)" flag: (.*)$`)

// flagError tells a mistake in the flags, which pflag words in English, in
// Danish and English.
func flagError(err error) blandby.Text {
	s := err.Error()
	if name, ok := strings.CutPrefix(s, "unknown flag: "); ok {
		return msg.Text("cli.error.unknown_flag", name)
	}
	if g := unknownShorthand.FindStringSubmatch(s); g != nil {
		return msg.Text("cli.error.unknown_shorthand", g[1], g[2])
	}
	if name, ok := strings.CutPrefix(s, "flag needs an argument: "); ok {
		return msg.Text("cli.error.flag_needs_argument", name)
	}
	if g := invalidFlagValue.FindStringSubmatch(s); g != nil {
		if strings.Contains(g[3], "strconv.") || strings.Contains(g[3], "time: ") {
			return msg.Text("cli.error.invalid_flag_value", g[1], g[2])
		}
		return msg.Text("cli.error.invalid_flag_value_why", g[1], g[2], g[3])
	}
	return blandby.Text{DA: s, EN: s}
}

// exactArgs is cobra.ExactArgs with its error told in Danish and English.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usage(commandPath(cmd), blandby.Text{
				DA: msg.N(blandby.Danish, "cli.error.args", n, n, len(args)),
				EN: msg.N(blandby.English, "cli.error.args", n, n, len(args)),
			})
		}
		return nil
	}
}

// requireFlags returns a PreRunE that fails with a usage error unless every
// named flag was given.
func requireFlags(names ...string) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		for _, n := range names {
			if !cmd.Flags().Changed(n) {
				return usage(commandPath(cmd), msg.Text("cli.error.missing_flag", n))
			}
		}
		return nil
	}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usage(commandPath(cmd), msg.Text("cli.error.unexpected_argument", args[0]))
	}
	return nil
}

// setup reads the global flags, with their BLANDBY_* fallbacks (Run has
// chosen the language already: the help texts are in it).
func (m *Main) setup(cmd *cobra.Command) error {
	level := slog.LevelWarn
	if m.verbose {
		level = slog.LevelDebug
	}
	m.log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
	m.rules = m.flagOrEnv(cmd, "rules", "BLANDBY_RULES")
	m.areaNamesFile = m.flagOrEnv(cmd, "area-names", "BLANDBY_AREA_NAMES")
	m.cmd = cmd
	return nil
}

func (m *Main) flagOrEnv(cmd *cobra.Command, name, env string) string {
	if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
		return f.Value.String()
	}
	return m.Getenv(env)
}

// rulesCatalog returns the built-in rule sets, or those of --rules.
func (m *Main) rulesCatalog() (*law.Catalog, error) {
	if m.catalog != nil {
		return m.catalog, nil
	}
	var err error
	if m.rules == "" {
		m.catalog, err = law.Embedded()
	} else {
		m.catalog, err = law.LoadDir(os.DirFS(m.rules), ".")
	}
	if err != nil {
		return nil, fmt.Errorf("load rule sets: %w", err)
	}
	m.log.Debug("rule sets loaded", "dir", m.rules, "count", len(m.catalog.All()))
	return m.catalog, nil
}

// areaNames returns the area registry names resolve through: the bundled
// one, extended by the files of area names stored in the database (blandby
// import area-names) when the command uses one (it writes to the database,
// or --db or BLANDBY_DB names one), and by --area-names on top.
func (m *Main) areaNames() (*registry.Registry, error) {
	if m.names != nil {
		return m.names, nil
	}
	reg, err := official.Registry()
	if err != nil {
		return nil, fmt.Errorf("load the area registry: %w", err)
	}
	if reg, err = m.storedAreaNames(reg); err != nil {
		return nil, err
	}
	if m.areaNamesFile != "" {
		r, name, closeFn, err := m.open(m.areaNamesFile)
		if err != nil {
			return nil, err
		}
		ext, err := registry.Read(r, name)
		closeFn()
		if err != nil {
			return nil, err
		}
		if reg, err = reg.Extend(ext); err != nil {
			return nil, err
		}
	}
	m.names = reg
	return reg, nil
}

// storedAreaNames extends reg by the files of area names stored in the
// database the command uses; a command that uses none, or an SQLite file
// named that does not exist yet (it holds no names), leaves reg as it is.
func (m *Main) storedAreaNames(reg *registry.Registry) (*registry.Registry, error) {
	if m.cmd == nil {
		return reg, nil
	}
	db, explicit := m.dbAddress(m.cmd)
	if !m.storedNames && !explicit {
		return reg, nil
	}
	if !isPostgres(db) && !m.storedNames {
		if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
			return reg, nil
		}
	}
	st, err := m.openStore(m.cmd)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return app.AreaNames(m.cmd.Context(), st, reg)
}

// readIndicators reads an indicator file ("-" is standard input).
func (m *Main) readIndicators(file string) (*indicator.Set, error) {
	r, name, closeFn, err := m.openCSV(file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	names, err := m.areaNames()
	if err != nil {
		return nil, err
	}
	set, err := indicator.ReadNames(r, name, names)
	if err != nil {
		return nil, err
	}
	m.log.Debug("indicators read", "file", name, "rows", set.Len(), "years", set.Years())
	return set, nil
}

// listYear picks the list year of an indicator set and the rule set that
// governs it. year 0 means "the only year in the file".
func (m *Main) listYear(set *indicator.Set, year int) (int, *law.RuleSet, error) {
	years := set.Years()
	if year == 0 {
		if len(years) != 1 {
			return 0, nil, invalid(msg.Text("cli.error.choose_year", set.File, years))
		}
		year = years[0]
	}
	line := set.FirstLine(year)
	if line == 0 {
		return 0, nil, invalid(msg.Text("cli.error.no_rows_for_year", set.File, year, years))
	}
	cat, err := m.rulesCatalog()
	if err != nil {
		return 0, nil, err
	}
	rs, err := cat.ForListYear(year)
	if err != nil {
		return 0, nil, &blandby.InputError{File: set.File, Line: line, Column: 1, Field: indicator.ColYear, Msg: err.Error()}
	}
	m.log.Debug("rule set chosen", "year", year, "rule_set", rs.ID)
	return year, rs, nil
}

// readHistory reads a history file, checking each category against the
// rule set of its year. With no file it returns the published categories
// of a file in the published layout, or an empty history.
func (m *Main) readHistory(file string, set *indicator.Set) (*blandby.History, error) {
	if file == "" {
		if set != nil && set.Published != nil {
			return set.Published, nil
		}
		return blandby.NewHistory(), nil
	}
	cat, err := m.rulesCatalog()
	if err != nil {
		return nil, err
	}
	r, name, closeFn, err := m.openCSV(file)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	h, err := history.Read(r, name, func(year int, c blandby.Category) error {
		rs, err := cat.ForListYear(year)
		if err != nil {
			return err
		}
		if _, ok := rs.List(c); !ok && c != blandby.None {
			return fmt.Errorf("there was no %s list in %d (rule set %s)", c, year, rs.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	m.log.Debug("history read", "file", name, "years", h.Years())
	return h, nil
}

// openCSV opens a CSV file, decoded from --encoding.
func (m *Main) openCSV(file string) (io.Reader, string, func(), error) {
	r, name, closeFn, err := m.open(file)
	if err != nil {
		return nil, "", nil, err
	}
	return m.encoding.Reader(r), name, closeFn, nil
}

func (m *Main) open(file string) (io.Reader, string, func(), error) {
	if file == "-" {
		return m.Stdin, "<stdin>", func() {}, nil
	}
	f, err := os.Open(file)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", nil, invalid(msg.Text("cli.error.no_such_file", file))
		}
		return nil, "", nil, fmt.Errorf("open %s: %w", file, err)
	}
	return f, file, func() { f.Close() }, nil
}

// writeFiles writes files all or nothing: each file's data go to a
// temporary file in its directory, and only when every one is complete are
// they renamed into place.
func writeFiles(files map[string][]byte) error {
	temps := map[string]string{}
	defer func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}()
	for path, data := range files {
		// Not os.CreateTemp, which makes the file private: an output
		// file is an ordinary one (0644 under the umask).
		name := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.%d-%d", filepath.Base(path), os.Getpid(), rand.Uint64()))
		tmp, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		temps[path] = name
		_, err = tmp.Write(data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	for path, tmp := range temps {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		delete(temps, path)
	}
	return nil
}

// emit writes a finished output to stdout.
func emit(cmd *cobra.Command, buf *bytes.Buffer) error {
	_, err := cmd.OutOrStdout().Write(buf.Bytes())
	return err
}
