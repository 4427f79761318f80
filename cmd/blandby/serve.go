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
		Short: "Serve the web UI and the JSON API (/api/v1) over the database",
		Long: `Serve the web UI (Danish, English with ?lang=en) and the JSON API under /api/v1 over the
database (--db or BLANDBY_DB, default ./blandby.db). The API is described at
/api/v1/openapi.json. Browsers sign in at /login with a password, or with an OpenID Connect
provider when --oidc-issuer is given; the provider's claim must name a blandby user, whose role
and scope apply. Stops cleanly on Ctrl-C, finishing the requests under way.`,
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
				return usageError{command: cmd.Name(), err: fmt.Errorf("--request-rate %v and --request-burst %d: expected a positive rate and a burst of at least 1", rate, burst)}
			}
			if anonRate > 0 && anonBurst < 1 {
				return usageError{command: cmd.Name(), err: fmt.Errorf("--anonymous-burst %d: expected at least 1", anonBurst)}
			}
			if replicas < 1 {
				return usageError{command: cmd.Name(), err: fmt.Errorf("--replicas %d: expected at least 1", replicas)}
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
				return usageError{command: cmd.Name(), err: fmt.Errorf("--trusted-proxy-header %q: expected a header name such as X-Forwarded-For", proxyHeader)}
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
					return usageError{command: cmd.Name(), err: fmt.Errorf("BLANDBY_SECURE_COOKIES=%q: expected true or false", v)}
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
	fl.StringVar(&addr, "addr", defaultAddr, "address to serve on")
	fl.Float64Var(&rate, "request-rate", web.DefaultRequestRate, "requests a second allowed per API token and signed-in user")
	fl.IntVar(&burst, "request-burst", web.DefaultRequestBurst, "burst of requests allowed per API token and signed-in user")
	fl.Float64Var(&anonRate, "anonymous-rate", web.DefaultAnonymousRate, "requests a second allowed per address to anonymous callers (0: no limit, when the reverse proxy limits)")
	fl.IntVar(&anonBurst, "anonymous-burst", web.DefaultAnonymousBurst, "burst of requests allowed per address to anonymous callers")
	fl.IntVar(&replicas, "replicas", 1, "how many servers run on this database behind one load balancer: each limits requests to 1/N of --request-rate, --anonymous-rate and their bursts (the limits are per server; sessions, CSRF tokens and the sign-in throttle are shared through the database)")
	fl.StringVar(&proxyHeader, "trusted-proxy-header", "", "read the client's address from the last address in this header, set by the reverse proxy in front (e.g. X-Forwarded-For); off by default: the connection's address is used and no forwarding header is trusted")
	fl.BoolVar(&secure, "secure-cookies", false, "mark cookies Secure on plain HTTP too, behind a TLS-terminating proxy (env BLANDBY_SECURE_COOKIES)")
	fl.String("oidc-issuer", "", "offer signing in with this OpenID Connect provider (issuer URL; env BLANDBY_OIDC_ISSUER)")
	fl.String("oidc-client-id", "", "blandby's client id at the provider (env BLANDBY_OIDC_CLIENT_ID); the secret is read from BLANDBY_OIDC_CLIENT_SECRET only")
	fl.String("oidc-redirect-url", "", "the callback registered at the provider, https://<host>/login/oidc/callback (env BLANDBY_OIDC_REDIRECT_URL)")
	fl.StringVar(&oidcCfg.Claim, "oidc-claim", "email", "the ID-token claim that names the blandby user")
	fl.StringVar(&oidcCfg.Label, "oidc-label", "OIDC", "the provider's name on the sign-in page")
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
