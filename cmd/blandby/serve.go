package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/web"
)

func (m *Main) serveCommand() *cobra.Command {
	var (
		addr        string
		secure      bool
		rate        float64
		burst       int
		anonRate    float64
		anonBurst   int
		proxyHeader string
		replicas    int
		oidcCfg     web.OIDCConfig
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: msg.T(m.lang, "cli.serve.short"),
		Long:  msg.T(m.lang, "cli.serve.long"),
		Example: `  blandby serve
  BLANDBY_DB=postgres://blandby@db/blandby blandby serve --addr :8080`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := m.openStore(cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			synthetic, err := demo.IsSynthetic(cmd.Context(), st)
			if err != nil {
				return err
			}
			if rate <= 0 || burst < 1 {
				return usage("serve", msg.Text("cli.error.request_rate", rate, burst))
			}
			if anonRate > 0 && anonBurst < 1 {
				return usage("serve", msg.Text("cli.error.at_least_1", "--anonymous-burst", anonBurst))
			}
			if replicas < 1 {
				return usage("serve", msg.Text("cli.error.at_least_1", "--replicas", replicas))
			}
			// Each replica limits on its own: with --replicas N each
			// allows 1/N of the rates and bursts, so that the load
			// balancer's N replicas together allow about the rates given.
			rate, burst = rate/float64(replicas), perReplica(burst, replicas)
			anonRate, anonBurst = anonRate/float64(replicas), perReplica(anonBurst, replicas)
			if anonRate == 0 {
				anonRate = -1 // off
			}
			if strings.ContainsAny(proxyHeader, " \t:,") {
				return usage("serve", msg.Text("cli.error.proxy_header", proxyHeader))
			}
			pubs, err := st.Publications(cmd.Context())
			if err != nil {
				return err
			}
			opts, err := officialOptions(pubs)
			if err != nil {
				return err
			}
			opts.SecureCookies, opts.RequestRate, opts.RequestBurst = secure, rate, burst
			opts.AnonymousRate, opts.AnonymousBurst, opts.TrustedProxyHeader = anonRate, anonBurst, proxyHeader
			if v := os.Getenv("BLANDBY_SECURE_COOKIES"); v != "" && !cmd.Flags().Changed("secure-cookies") {
				if opts.SecureCookies, err = strconv.ParseBool(v); err != nil {
					return usage("serve", msg.Text("cli.error.secure_cookies", v))
				}
			}
			if oidcCfg.Issuer = m.flagOrEnv(cmd, "oidc-issuer", "BLANDBY_OIDC_ISSUER"); oidcCfg.Issuer != "" {
				oidcCfg.ClientID = m.flagOrEnv(cmd, "oidc-client-id", "BLANDBY_OIDC_CLIENT_ID")
				oidcCfg.RedirectURL = m.flagOrEnv(cmd, "oidc-redirect-url", "BLANDBY_OIDC_REDIRECT_URL")
				oidcCfg.ClientSecret = os.Getenv("BLANDBY_OIDC_CLIENT_SECRET")
				if opts.OIDC, err = web.NewOIDC(cmd.Context(), oidcCfg); err != nil {
					return err
				}
			}
			return m.serve(cmd.Context(), st, addr, synthetic, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&addr, "addr", defaultAddr, msg.T(m.lang, "cli.flag.addr"))
	fl.Float64Var(&rate, "request-rate", web.DefaultRequestRate, msg.T(m.lang, "cli.flag.request_rate"))
	fl.IntVar(&burst, "request-burst", web.DefaultRequestBurst, msg.T(m.lang, "cli.flag.request_burst"))
	fl.Float64Var(&anonRate, "anonymous-rate", web.DefaultAnonymousRate, msg.T(m.lang, "cli.flag.anonymous_rate"))
	fl.IntVar(&anonBurst, "anonymous-burst", web.DefaultAnonymousBurst, msg.T(m.lang, "cli.flag.anonymous_burst"))
	fl.IntVar(&replicas, "replicas", 1, msg.T(m.lang, "cli.flag.replicas"))
	fl.StringVar(&proxyHeader, "trusted-proxy-header", "", msg.T(m.lang, "cli.flag.trusted_proxy_header"))
	fl.BoolVar(&secure, "secure-cookies", false, msg.T(m.lang, "cli.flag.secure_cookies"))
	fl.String("oidc-issuer", "", msg.T(m.lang, "cli.flag.oidc_issuer"))
	fl.String("oidc-client-id", "", msg.T(m.lang, "cli.flag.oidc_client_id"))
	fl.String("oidc-redirect-url", "", msg.T(m.lang, "cli.flag.oidc_redirect_url"))
	fl.StringVar(&oidcCfg.Claim, "oidc-claim", "email", msg.T(m.lang, "cli.flag.oidc_claim"))
	fl.StringVar(&oidcCfg.Label, "oidc-label", "OIDC", msg.T(m.lang, "cli.flag.oidc_label"))
	return cmd
}

// serve runs the web server until the command's context ends; opts are
// completed with the synthetic flag, the version and the logger.
func (m *Main) serve(ctx context.Context, st store.Store, addr string, synthetic bool, opts web.Options) error {
	cat, err := m.rulesCatalog()
	if err != nil {
		return err
	}
	opts.Synthetic, opts.Version, opts.Logger = synthetic, version, m.log
	srv, err := web.New(st, cat, opts)
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx, addr, func(url string) {
		if synthetic {
			fmt.Fprintf(m.Stdout, "\n%s %s  (%s)\n", msg.T(m.lang, "cli.serve.blandby_is_serving_on"), url,
				msg.T(m.lang, "common.synthetic_data"))
		} else {
			fmt.Fprintf(m.Stdout, "\n%s %s\n", msg.T(m.lang, "cli.serve.blandby_is_serving_on"), url)
		}
		fmt.Fprintln(m.Stdout, msg.T(m.lang, "cli.serve.stop_with_ctrl_c"))
	})
}

// perReplica is one replica's share of a burst, at least 1.
func perReplica(burst, replicas int) int {
	return max(1, (burst+replicas-1)/replicas)
}
