package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// OIDCConfig configures signing in with an OpenID Connect provider (a
// deployment's identity provider), next to passwords. The provider says who
// someone is; blandby decides what they may do: the claim names an existing
// blandby user, whose role and scope apply (`blandby users add
// --no-password` creates one that can sign in only this way).
type OIDCConfig struct {
	// Issuer is the provider's issuer URL (its discovery document is at
	// Issuer + "/.well-known/openid-configuration").
	Issuer string
	// ClientID and ClientSecret are blandby's registration with the
	// provider.
	ClientID     string
	ClientSecret string
	// RedirectURL is blandby's callback as registered with the provider:
	// "https://<host>/login/oidc/callback".
	RedirectURL string
	// Claim is the ID-token claim whose value is the blandby user name;
	// "" means "email" (then the provider must not say email_verified is
	// false).
	Claim string
	// Label names the provider on the sign-in page ("" means "OIDC").
	Label string
}

// OIDC is a discovered OpenID Connect provider, ready for Options.OIDC.
type OIDC struct {
	cfg      OIDCConfig
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// NewOIDC discovers the provider of cfg (an HTTP request to its issuer).
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	switch {
	case cfg.Issuer == "":
		return nil, blandby.Errorf(blandby.CodeInvalid, "OIDC: no issuer URL")
	case cfg.ClientID == "":
		return nil, blandby.Errorf(blandby.CodeInvalid, "OIDC: no client id")
	case cfg.RedirectURL == "":
		return nil, blandby.Errorf(blandby.CodeInvalid, "OIDC: no redirect URL (https://<host>%s)", oidcCallbackPath)
	}
	if u, err := url.Parse(cfg.RedirectURL); err != nil || u.Path != oidcCallbackPath {
		return nil, blandby.Errorf(blandby.CodeInvalid, "OIDC: redirect URL %q: expected an absolute URL ending in %s", cfg.RedirectURL, oidcCallbackPath)
	}
	if cfg.Claim == "" {
		cfg.Claim = "email"
	}
	if cfg.Label == "" {
		cfg.Label = "OIDC"
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC: discovering the provider %s: %w", cfg.Issuer, err)
	}
	scopes := []string{oidc.ScopeOpenID}
	if cfg.Claim == "email" {
		scopes = append(scopes, "email")
	} else {
		scopes = append(scopes, "profile")
	}
	return &OIDC{
		cfg:      cfg,
		oauth:    oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL, Endpoint: p.Endpoint(), Scopes: scopes},
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
	}, nil
}

const (
	oidcStartPath    = "/login/oidc"
	oidcCallbackPath = "/login/oidc/callback"
	// oidcCookie holds the random value a sign-in's state, nonce and PKCE
	// verifier are derived from, for the round trip to the provider.
	oidcCookie = "blandby_oidc"
	// oidcRoundTrip is how long a round trip to the provider may take.
	oidcRoundTrip = 10 * time.Minute
)

// oidcSecrets derives a round trip's state, nonce and PKCE verifier from
// the browser's cookie value (a secret of 256 random bits) by HMAC keyed
// with it: nothing to store, no key of the server's (so any replica takes
// the callback), and a callback is accepted only by the browser that
// started it.
func (s *Server) oidcSecrets(cookie string) (state, nonce, verifier string) {
	derive := func(purpose string) string {
		m := hmac.New(sha256.New, []byte(cookie))
		m.Write([]byte("blandby oidc " + purpose))
		return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	return derive("state"), derive("nonce"), derive("pkce")
}

// oidcStart sends the browser to the provider.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	o := s.opts.OIDC
	if o == nil {
		return blandby.Told(blandby.CodeNotFound, msg.Text("web.oidc.not_configured"))
	}
	plain, _, err := auth.NewSessionID()
	if err != nil {
		return err
	}
	state, nonce, verifier := s.oidcSecrets(plain)
	s.setCookie(w, r, oidcCookie, plain, oidcStartPath, int(oidcRoundTrip/time.Second), http.SameSiteLaxMode)
	http.Redirect(w, r, o.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
	return nil
}

// oidcCallback finishes a sign-in: the state must be the browser's, the
// code is exchanged (with the PKCE verifier), the ID token verified
// (signature, issuer, audience, expiry, nonce), and its claim must name an
// enabled user.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	o := s.opts.OIDC
	if o == nil {
		return blandby.Told(blandby.CodeNotFound, msg.Text("web.oidc.not_configured"))
	}
	ctx := r.Context()
	// deny audits a refused sign-in (why, in English for the audit trail)
	// and tells the reader, in Danish and English, that it failed and why.
	deny := func(code blandby.Code, outcome, why string, reason blandby.Text) error {
		s.audit(ctx, identityOf(r), "login", "", outcome, "OIDC: "+why)
		return blandby.Told(code, blandby.Text{DA: msg.T(blandby.Danish, "web.oidc.failed", o.cfg.Label) + reason.DA,
			EN: msg.T(blandby.English, "web.oidc.failed", o.cfg.Label) + reason.EN})
	}
	c, err := r.Cookie(oidcCookie)
	if err != nil || len(c.Value) != sessionIDLength {
		return deny(blandby.CodeForbidden, store.AuditDenied, "the sign-in was not started in this browser, or took too long", msg.Text("web.oidc.why.not_started"))
	}
	s.clearCookie(w, r, oidcCookie, oidcStartPath)
	state, nonce, verifier := s.oidcSecrets(c.Value)
	if subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("state")), []byte(state)) != 1 {
		return deny(blandby.CodeForbidden, store.AuditDenied, "the state does not match this browser's sign-in", msg.Text("web.oidc.why.state"))
	}
	if e := r.URL.Query().Get("error"); e != "" {
		e = strings.Map(printable, e)
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "the provider answered "+e, msg.Text("web.oidc.why.provider_error", e))
	}
	tok, err := o.oauth.Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		s.opts.Logger.Warn("OIDC code exchange failed", "issuer", o.cfg.Issuer, "err", err)
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "the provider did not accept the sign-in code", msg.Text("web.oidc.why.code"))
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "the provider sent no ID token", msg.Text("web.oidc.why.no_id_token"))
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		s.opts.Logger.Warn("OIDC ID token refused", "issuer", o.cfg.Issuer, "err", err)
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "the ID token is not valid", msg.Text("web.oidc.why.invalid_token"))
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return deny(blandby.CodeUnauthorized, store.AuditDenied, "the ID token was not issued for this sign-in (nonce)", msg.Text("web.oidc.why.nonce"))
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "the ID token's claims could not be read", msg.Text("web.oidc.why.claims"))
	}
	name, _ := claims[o.cfg.Claim].(string)
	if name == "" {
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "the ID token has no claim "+o.cfg.Claim, msg.Text("web.oidc.why.no_claim", o.cfg.Claim))
	}
	if verified, ok := claims["email_verified"].(bool); o.cfg.Claim == "email" && ok && !verified {
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "the provider has not verified the e-mail address", msg.Text("web.oidc.why.email"))
	}
	p, ok, err := s.userPrincipal(ctx, name)
	if err != nil {
		return err
	}
	if !ok {
		// The claim's value is not recorded: it may be personal data of
		// someone who is no user.
		return deny(blandby.CodeUnauthorized, store.AuditFailed, "no enabled blandby user has the name the provider gave", msg.Text("web.oidc.why.no_user"))
	}
	return s.startSession(w, r, p, "signed in with OIDC ("+o.cfg.Issuer+")", "/")
}

// printable keeps a provider's error code to printable ASCII.
func printable(r rune) rune {
	if r < 0x20 || r > 0x7e {
		return -1
	}
	return r
}
