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
	cmd := &cobra.Command{Use: "users", Short: "Add, list and disable the users of the web application and the API"}
	var role, by string
	var noPassword, passwordStdin bool
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a user with a role (admin, ministry, municipality:CODE, housing_org:ID, landlord:CVR)",
		Long: `Add a user. The password (at least 12 characters) is read from the terminal without echo, or
from standard input with --password-stdin; --no-password makes a user who signs in only with API
tokens. Only a hash (argon2id) is stored.`,
		Example: `  blandby users add anna --role municipality:101
  printf '%s' "$PASSWORD" | blandby users add ops --role admin --password-stdin
  blandby users add export-job --role ministry --no-password`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := auth.ParsePrincipal(role)
			if err != nil || p.Role == auth.RolePublic {
				return usageError{command: "users add", err: fmt.Errorf("--role %q: expected admin, ministry, municipality:CODE, housing_org:ID or landlord:CVR", role)}
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
			fmt.Fprintf(&buf, "added user %s (%s)\n", args[0], p)
			return emit(cmd, &buf)
		},
	}
	add.Flags().StringVar(&role, "role", "", "role and scope (required)")
	add.Flags().BoolVar(&noPassword, "no-password", false, "no password: the user signs in with API tokens only")
	add.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	add.PreRunE = requireFlags("role")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the users",
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
		Use:     "disable NAME",
		Aliases: []string{"revoke"},
		Short:   "Disable (revoke) a user and its API tokens (a user is never deleted: the audit trail names it)",
		Args:    cobra.ExactArgs(1),
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
			fmt.Fprintf(&buf, "disabled user %s; revoked %d API tokens\n", name, revoked)
			return emit(cmd, &buf)
		},
	}
	setPassword := &cobra.Command{
		Use:   "set-password NAME",
		Short: "Give a user a new password (read as for users add), or none with --no-password",
		Example: `  blandby users set-password demo-kommune-101
  printf '%s' "$PASSWORD" | blandby users set-password ops --password-stdin`,
		Args: cobra.ExactArgs(1),
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
				fmt.Fprintf(&buf, "removed the password of user %s: it signs in with API tokens only\n", args[0])
			} else {
				fmt.Fprintf(&buf, "set a new password for user %s\n", args[0])
			}
			return emit(cmd, &buf)
		},
	}
	setPassword.Flags().BoolVar(&noPassword, "no-password", false, "remove the password: the user signs in with API tokens only")
	setPassword.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	for _, c := range []*cobra.Command{add, setPassword, disable} {
		c.Flags().StringVar(&by, "by", "", "who acts, for the audit trail (default: the operating-system user)")
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
		return "", usageError{command: "users add", err: fmt.Errorf("no terminal to ask for the password: use --password-stdin or --no-password")}
	}
	if err := auth.CheckPassword(pw); err != nil {
		return "", err
	}
	return pw, nil
}
