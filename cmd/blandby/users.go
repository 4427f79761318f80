package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
)

func (m *Main) usersCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "users", Short: msg.T(m.lang, "cli.users.short")}
	var role, by string
	var noPassword, passwordStdin bool
	add := &cobra.Command{
		Use:   "add " + msg.T(m.lang, "cli.arg.name"),
		Short: msg.T(m.lang, "cli.users.add.short"),
		Long:  msg.T(m.lang, "cli.users.add.long"),
		Example: `  blandby users add anna --role municipality:101
  printf '%s' "$PASSWORD" | blandby users add ops --role admin --password-stdin
  blandby users add export-job --role ministry --no-password`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := auth.ParsePrincipal(role)
			if err != nil || p.Role == auth.RolePublic {
				return usage("users add", msg.Text("cli.error.role", role))
			}
			hash, err := m.passwordHash(noPassword, passwordStdin)
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := app.AddUser(cmd.Context(), st, cliActor(by), args[0], p, hash, time.Now().UTC()); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintln(&buf, msg.T(m.lang, "cli.users.added", args[0], p))
			return emit(cmd, &buf)
		},
	}
	add.Flags().StringVar(&role, "role", "", msg.T(m.lang, "cli.flag.role"))
	add.Flags().BoolVar(&noPassword, "no-password", false, msg.T(m.lang, "cli.users.add.flag.no_password"))
	add.Flags().BoolVar(&passwordStdin, "password-stdin", false, msg.T(m.lang, "cli.flag.password_stdin"))
	add.PreRunE = requireFlags("role")
	list := &cobra.Command{
		Use:   "list",
		Short: msg.T(m.lang, "cli.users.list.short"),
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			users, err := st.Users(cmd.Context())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, msg.T(m.lang, "cli.users.header"))
			for _, u := range users {
				role := u.Role
				if u.Scope != "" {
					role += ":" + u.Scope
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, role, yesNo(m.lang, u.PasswordHash != ""), u.CreatedAt.Format(time.DateOnly), timeOrDash(u.DisabledAt))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
	disable := &cobra.Command{
		Use:     "disable " + msg.T(m.lang, "cli.arg.name"),
		Aliases: []string{"revoke"},
		Short:   msg.T(m.lang, "cli.users.disable.short"),
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			name := args[0]
			revoked, err := app.DisableUser(cmd.Context(), st, cliActor(by), name, time.Now().UTC())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintln(&buf, msg.N(m.lang, "cli.users.disabled", revoked, name, revoked))
			return emit(cmd, &buf)
		},
	}
	setPassword := &cobra.Command{
		Use:   "set-password " + msg.T(m.lang, "cli.arg.name"),
		Short: msg.T(m.lang, "cli.users.set_password.short"),
		Example: `  blandby users set-password demo-kommune-101
  printf '%s' "$PASSWORD" | blandby users set-password ops --password-stdin`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			hash, err := m.passwordHash(noPassword, passwordStdin)
			if err != nil {
				return err
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := app.SetPassword(cmd.Context(), st, cliActor(by), args[0], hash); err != nil {
				return err
			}
			var buf bytes.Buffer
			if hash == "" {
				fmt.Fprintln(&buf, msg.T(m.lang, "cli.users.password_removed", args[0]))
			} else {
				fmt.Fprintln(&buf, msg.T(m.lang, "cli.users.password_set", args[0]))
			}
			return emit(cmd, &buf)
		},
	}
	setPassword.Flags().BoolVar(&noPassword, "no-password", false, msg.T(m.lang, "cli.users.set_password.flag.no_password"))
	setPassword.Flags().BoolVar(&passwordStdin, "password-stdin", false, msg.T(m.lang, "cli.flag.password_stdin"))
	for _, c := range []*cobra.Command{add, setPassword, disable} {
		c.Flags().StringVar(&by, "by", "", msg.T(m.lang, "cli.users.flag.by"))
	}
	cmd.AddCommand(add, setPassword, list, disable)
	return cmd
}

// passwordHash reads a password (readPassword) and returns its hash, or ""
// with --no-password.
func (m *Main) passwordHash(noPassword, fromStdin bool) (string, error) {
	if noPassword {
		return "", nil
	}
	pw, err := m.readPassword(fromStdin)
	if err != nil {
		return "", err
	}
	return auth.HashPassword(pw, passwordParams)
}

// readPassword reads a password from standard input, or from the terminal
// without echo, and checks it.
func (m *Main) readPassword(fromStdin bool) (string, error) {
	var pw string
	f, isFile := m.Stdin.(*os.File)
	switch {
	case fromStdin:
		line, err := bufio.NewReader(io.LimitReader(m.Stdin, 4096)).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", fmt.Errorf("read the password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	case isFile && term.IsTerminal(int(f.Fd())):
		fmt.Fprint(m.Stderr, msg.T(m.lang, "cli.users.password"))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(m.Stderr)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		pw = string(b)
	default:
		return "", usage("users add", msg.Text("cli.error.no_terminal"))
	}
	if err := auth.CheckPassword(pw); err != nil {
		return "", err
	}
	return pw, nil
}
