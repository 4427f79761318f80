package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/blandby/blandby"
)

// API tokens are "bby_<id>_<secret>": the prefix makes a leaked token easy to
// recognise (and to scan for), the id (8 random bytes, 16 lowercase hex
// digits) finds the token's row without touching the secret, and the secret
// (32 random bytes, 52 characters of lowercase base32 without padding) is
// the credential. Only the hash (hex SHA-256 of the whole token) is stored;
// the plain token is shown once, when it is made. A plain hash suffices, and
// no slow password hash is needed, because the secret has 256 bits of
// entropy.
const (
	// TokenPrefix begins every API token.
	TokenPrefix      = "bby_"
	tokenIDBytes     = 8
	tokenSecretBytes = 32
	tokenIDLen       = 2 * tokenIDBytes
	tokenSecretLen   = (tokenSecretBytes*8 + 4) / 5 // 52
	// TokenLength is the length of every API token.
	TokenLength = len(TokenPrefix) + tokenIDLen + 1 + tokenSecretLen
)

var base32Lower = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewToken returns a new API token: the plain token to show its owner once,
// its id to store and look it up by, and the hash to store and compare with.
func NewToken() (plain, id, hash string, err error) {
	var b [tokenIDBytes + tokenSecretBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", "", blandby.Errorf(blandby.CodeInternal, "new token: %w", err)
	}
	id = hex.EncodeToString(b[:tokenIDBytes])
	plain = TokenPrefix + id + "_" + base32Lower.EncodeToString(b[tokenIDBytes:])
	return plain, id, TokenHash(plain), nil
}

// ParseToken checks that plain has the form of an API token and returns its
// id. A malformed token is a blandby.CodeUnauthorized error (it is a
// presented credential, not input to correct), and the error never quotes
// the token.
func ParseToken(plain string) (id string, err error) {
	bad := func(why string) (string, error) {
		return "", blandby.Errorf(blandby.CodeUnauthorized, "malformed API token: %s", why)
	}
	rest, ok := strings.CutPrefix(plain, TokenPrefix)
	if !ok {
		return bad("it does not begin with " + TokenPrefix)
	}
	if len(plain) != TokenLength {
		return bad("wrong length")
	}
	id, secret := rest[:tokenIDLen], rest[tokenIDLen+1:]
	if rest[tokenIDLen] != '_' {
		return bad("the id is not followed by _")
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return bad("the id is not lowercase hex")
		}
	}
	// Decoding and encoding again refuses characters outside the alphabet
	// and non-zero trailing bits, so each token has exactly one spelling.
	raw, err := base32Lower.DecodeString(secret)
	if err != nil || len(raw) != tokenSecretBytes || base32Lower.EncodeToString(raw) != secret {
		return bad("the secret is not 52 characters of lowercase base32")
	}
	return id, nil
}

// TokenHash returns the hex SHA-256 of a plain token (or session id): what is
// stored in its place.
func TokenHash(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// TokenMatches reports whether plain hashes to hash, comparing in constant
// time; a hash that is not 64 lowercase hex digits never matches.
func TokenMatches(plain, hash string) bool {
	want := TokenHash(plain)
	if len(hash) != len(want) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(want), []byte(hash)) == 1
}

// sessionIDBytes is the entropy of a session id.
const sessionIDBytes = 32

// NewSessionID returns a new session id: the plain id for the cookie (32
// random bytes, base64url without padding) and the hash to store (hex
// SHA-256, as TokenHash). The store never holds a usable session id.
func NewSessionID() (plain, hash string, err error) {
	var b [sessionIDBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", blandby.Errorf(blandby.CodeInternal, "new session id: %w", err)
	}
	plain = base64.RawURLEncoding.EncodeToString(b[:])
	return plain, TokenHash(plain), nil
}

// SessionHash returns the hash under which the session with the cookie value
// plain is stored (the same as TokenHash).
func SessionHash(plain string) string { return TokenHash(plain) }

// MinCSRFSecretLength is the shortest secret CSRFToken and CheckCSRF use: a
// session id (auth.NewSessionID) is 43 characters.
const MinCSRFSecretLength = 32

// csrfContext separates CSRF MACs from any other use of the same secret.
const csrfContext = "blandby csrf v2\x00"

// CSRFToken returns the CSRF token of a session: HMAC-SHA256 keyed by the
// session's secret id (the cookie's value, which only the browser and the
// server see, never the store: it holds the id's hash), base64url without
// padding. It needs no key of the server's, so every replica of a server
// derives the same token, and a reader of the database, who has only the
// id's hash, cannot derive it. It is bound to the session: a token from one
// session is refused in another. With a secret shorter than
// MinCSRFSecretLength it returns "", which CheckCSRF never accepts.
func CSRFToken(sessionID string) string {
	if len(sessionID) < MinCSRFSecretLength {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(csrfMAC(sessionID))
}

// CheckCSRF reports whether token is the CSRF token of the session with
// the secret id sessionID, comparing in constant time. It fails closed: a
// short secret or a malformed token is false.
func CheckCSRF(sessionID, token string) bool {
	if len(sessionID) < MinCSRFSecretLength {
		return false
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil {
		return false
	}
	return hmac.Equal(got, csrfMAC(sessionID))
}

func csrfMAC(sessionID string) []byte {
	m := hmac.New(sha256.New, []byte(sessionID))
	m.Write([]byte(csrfContext))
	return m.Sum(nil)
}
