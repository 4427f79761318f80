package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/store"
)

// maxAuditDetail bounds the error text an audit entry keeps.
const maxAuditDetail = 500

// cliPrincipal is who the command line acts as: whoever can open the
// database holds all of it, so an admin, named "cli:" and who acts (--by
// or the operating-system user).
func cliPrincipal(by string) auth.Principal {
	return auth.Principal{Role: auth.RoleAdmin, Name: "cli:" + actor(by)}
}

// audit records a state-changing act done on the command line; a failed
// act is recorded with its error. Failing to record is an error: an act
// that cannot be traced must be noticed.
func (m *Main) audit(ctx context.Context, st store.Store, by string, action auth.Action, object string, actErr error) error {
	p := cliPrincipal(by)
	e := store.AuditEntry{At: time.Now().UTC(), Actor: p.Name, Role: string(p.Role), Action: string(action), Object: object,
		Outcome: store.AuditOK, Detail: "command line"}
	if actErr != nil {
		e.Outcome = store.AuditFailed
		msg := actErr.Error()
		if len(msg) > maxAuditDetail {
			msg = msg[:maxAuditDetail] + "…"
		}
		e.Detail = "command line: " + msg
	}
	if _, err := st.Audit(ctx, e); err != nil {
		return fmt.Errorf("recording %s of %s in the audit trail: %w", action, object, err)
	}
	return nil
}

// audited runs a state-changing act through the authorisation table (as
// the web server's routes go) and records it, returning the act's error
// (or the recording's, when the act succeeded but could not be recorded).
func (m *Main) audited(ctx context.Context, st store.Store, by string, action auth.Action, object string, act func() error) error {
	err := auth.Authorize(cliPrincipal(by), action, auth.Resource{})
	if err == nil {
		err = act()
	}
	if aerr := m.audit(ctx, st, by, action, object, err); err == nil {
		return aerr
	}
	return err
}

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
			var hash string
			if !noPassword {
				pw, err := m.readPassword(passwordStdin)
				if err != nil {
					return err
				}
				if hash, err = auth.HashPassword(pw, passwordParams); err != nil {
					return err
				}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			u := store.User{Name: args[0], Role: string(p.Role), Scope: p.Scope, PasswordHash: hash, CreatedAt: time.Now().UTC()}
			if err := m.audited(cmd.Context(), st, by, auth.ActionManageUsers, "user "+u.Name, func() error {
				_, err := st.AddUser(cmd.Context(), u)
				return err
			}); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "added user %s (%s)\n", u.Name, p)
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
			fmt.Fprintln(tw, tr(m.lang, "NAVN\tROLLE\tADGANGSKODE\tOPRETTET\tDEAKTIVERET", "NAME\tROLE\tPASSWORD\tCREATED\tDISABLED"))
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
			ctx, name, now := cmd.Context(), args[0], time.Now().UTC()
			revoked := 0
			if err := m.audited(ctx, st, by, auth.ActionManageUsers, "user "+name, func() error {
				if err := st.DisableUser(ctx, name, now); err != nil {
					return err
				}
				tokens, err := st.Tokens(ctx, name)
				if err != nil {
					return err
				}
				for _, t := range tokens {
					if t.RevokedAt == nil {
						if err := st.RevokeToken(ctx, t.ID, now); err != nil {
							return err
						}
						revoked++
					}
				}
				return nil
			}); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "disabled user %s; revoked %d API tokens\n", name, revoked)
			return emit(cmd, &buf)
		},
	}
	for _, c := range []*cobra.Command{add, disable} {
		c.Flags().StringVar(&by, "by", "", "who acts, for the audit trail (default: the operating-system user)")
	}
	cmd.AddCommand(add, list, disable)
	return cmd
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
		fmt.Fprint(m.Stderr, tr(m.lang, "Adgangskode: ", "Password: "))
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

func (m *Main) tokensCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "tokens", Short: "Create, list and revoke API tokens"}
	var user, name, by string
	var expires time.Duration
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API token for a user; the token is shown once",
		Example: `  blandby tokens create --user anna --name "udtræk til sagssystem" --expires 2160h
  curl -H "Authorization: Bearer bby_…" http://127.0.0.1:8080/api/v1/years`,
		Args:    noArgs,
		PreRunE: requireFlags("user", "name"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if expires <= 0 || expires > 366*24*time.Hour {
				return usageError{command: "tokens create", err: fmt.Errorf("--expires %v: a token lives more than 0 and at most 366 days (8784h)", expires)}
			}
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			plain, id, hash, err := auth.NewToken()
			if err != nil {
				return err
			}
			now := time.Now().UTC()
			t := store.Token{ID: id, UserName: user, Name: name, Hash: hash, CreatedAt: now, ExpiresAt: now.Add(expires)}
			if err := m.audited(ctx, st, by, auth.ActionManageUsers, "token "+id+" of user "+user, func() error {
				u, err := st.User(ctx, user)
				if err != nil {
					return err
				}
				if u.DisabledAt != nil {
					return blandby.Errorf(blandby.CodeConflict, "user %s is disabled", user)
				}
				return st.AddToken(ctx, t)
			}); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "%s\n\n%s %s, %s %s.\n", plain,
				tr(m.lang, "Token", "Token"), id, tr(m.lang, "udløber", "expires"), t.ExpiresAt.Format(time.RFC3339))
			fmt.Fprintln(&buf, tr(m.lang, "Tokenet vises kun denne ene gang; gem det et sikkert sted.", "The token is shown this once only; keep it somewhere safe."))
			return emit(cmd, &buf)
		},
	}
	create.Flags().StringVar(&user, "user", "", "the user the token acts for (required)")
	create.Flags().StringVar(&name, "name", "", "what the token is for (required)")
	create.Flags().DurationVar(&expires, "expires", 90*24*time.Hour, "how long the token lives")
	list := &cobra.Command{
		Use:     "list",
		Short:   "List a user's API tokens (never the tokens themselves)",
		Args:    noArgs,
		PreRunE: requireFlags("user"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			tokens, err := st.Tokens(cmd.Context(), user)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, tr(m.lang, "ID\tNAVN\tOPRETTET\tUDLØBER\tTILBAGEKALDT\tSIDST BRUGT", "ID\tNAME\tCREATED\tEXPIRES\tREVOKED\tLAST USED"))
			for _, t := range tokens {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.DateOnly), t.ExpiresAt.Format(time.DateOnly), timeOrDash(t.RevokedAt), timeOrDash(t.LastUsedAt))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
	list.Flags().StringVar(&user, "user", "", "the user (required)")
	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API token",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := m.audited(cmd.Context(), st, by, auth.ActionManageUsers, "token "+args[0], func() error {
				return st.RevokeToken(cmd.Context(), args[0], time.Now().UTC())
			}); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "revoked token %s\n", args[0])
			return emit(cmd, &buf)
		},
	}
	for _, c := range []*cobra.Command{create, revoke} {
		c.Flags().StringVar(&by, "by", "", "who acts, for the audit trail (default: the operating-system user)")
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}

func yesNo(l blandby.Lang, b bool) string {
	if b {
		return tr(l, "ja", "yes")
	}
	return tr(l, "nej", "no")
}

func timeOrDash(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return t.Format(time.DateOnly)
}
