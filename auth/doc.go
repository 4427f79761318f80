// Package auth holds blandby's users' security primitives: principals (a role
// and the municipality, housing organisation or landlord it is scoped to),
// the one authorisation decision (Authorize, driven by the policy table that
// Rules returns), argon2id password hashes, API tokens, session ids and CSRF
// tokens, and throttles for requests and log-in attempts.
//
// The package does no I/O: the only outside inputs are crypto/rand and the
// clocks passed to NewLimiter and NewLoginThrottle. Storing users, tokens,
// sessions and the audit trail is the store's job; reading credentials from
// requests is the web server's.
//
// Errors carry the root package's stable codes: blandby.CodeUnauthorized for
// missing or invalid credentials (HTTP 401), blandby.CodeForbidden for a
// known principal without the right (403) and blandby.CodeInvalid for
// malformed input (400).
package auth
