package main

import (
	"bytes"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/msg"
)

func (m *Main) tokensCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "tokens", Short: msg.T(m.lang, "cli.tokens.short")}
	var user, name, by string
	var expires time.Duration
	create := &cobra.Command{
		Use:   "create",
		Short: msg.T(m.lang, "cli.tokens.create.short"),
		Example: `  blandby tokens create --user anna --name "udtræk til sagssystem" --expires 2160h
  curl -H "Authorization: Bearer bby_…" http://127.0.0.1:8080/api/v1/years`,
		Args:    noArgs,
		PreRunE: requireFlags("user", "name"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			t, err := app.CreateToken(cmd.Context(), st, cliActor(by), user, name, expires, time.Now().UTC())
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintf(&buf, "%s\n\n%s %s, %s %s.\n", t.Plain,
				msg.T(m.lang, "cli.tokens.token"), t.ID, msg.T(m.lang, "cli.tokens.expires"), t.ExpiresAt.Format(time.RFC3339))
			fmt.Fprintln(&buf, msg.T(m.lang, "cli.tokens.token_is_shown_this"))
			return emit(cmd, &buf)
		},
	}
	create.Flags().StringVar(&user, "user", "", msg.T(m.lang, "cli.tokens.create.flag.user"))
	create.Flags().StringVar(&name, "name", "", msg.T(m.lang, "cli.flag.name"))
	create.Flags().DurationVar(&expires, "expires", 90*24*time.Hour, msg.T(m.lang, "cli.flag.expires"))
	list := &cobra.Command{
		Use:     "list",
		Short:   msg.T(m.lang, "cli.tokens.list.short"),
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
			fmt.Fprintln(tw, msg.T(m.lang, "cli.tokens.header"))
			for _, t := range tokens {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.DateOnly), t.ExpiresAt.Format(time.DateOnly), timeOrDash(t.RevokedAt), timeOrDash(t.LastUsedAt))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return emit(cmd, &buf)
		},
	}
	list.Flags().StringVar(&user, "user", "", msg.T(m.lang, "cli.tokens.list.flag.user"))
	revoke := &cobra.Command{
		Use:   "revoke " + msg.T(m.lang, "cli.arg.id"),
		Short: msg.T(m.lang, "cli.tokens.revoke.short"),
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := app.RevokeToken(cmd.Context(), st, cliActor(by), args[0], time.Now().UTC()); err != nil {
				return err
			}
			var buf bytes.Buffer
			fmt.Fprintln(&buf, msg.T(m.lang, "cli.tokens.revoked", args[0]))
			return emit(cmd, &buf)
		},
	}
	for _, c := range []*cobra.Command{create, revoke} {
		c.Flags().StringVar(&by, "by", "", msg.T(m.lang, "cli.tokens.flag.by"))
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}
