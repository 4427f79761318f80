package auth

import (
	"regexp"
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

var tokenForm = regexp.MustCompile(`^bby_([0-9a-f]{16})_[a-z2-7]{52}$`)

func TestNewToken(t *testing.T) {
	plain, id, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	m := tokenForm.FindStringSubmatch(plain)
	if m == nil || m[1] != id || len(plain) != TokenLength {
		t.Fatalf("token %q (id %q) is not of the form bby_<16 hex>_<52 base32>", plain, id)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(hash) || hash != TokenHash(plain) {
		t.Errorf("hash %q", hash)
	}
	if got, err := ParseToken(plain); err != nil || got != id {
		t.Errorf("ParseToken = %q, %v; want %q", got, err, id)
	}
	if !TokenMatches(plain, hash) {
		t.Error("the token does not match its hash")
	}
	plain2, id2, hash2, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if plain2 == plain || id2 == id || hash2 == hash {
		t.Error("two tokens are alike")
	}
	if TokenMatches(plain2, hash) || TokenMatches(plain, hash2) {
		t.Error("a token matches another's hash")
	}
}

func TestTokenMatches(t *testing.T) {
	plain, _, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	last := plain[len(plain)-1]
	other := byte('a')
	if last == 'a' {
		other = 'b'
	}
	cases := []struct {
		plain, hash string
		want        bool
	}{
		{plain, hash, true},
		{plain[:len(plain)-1] + string(other), hash, false},
		{plain, strings.ToUpper(hash), false},
		{plain, hash[:63], false},
		{plain, "", false},
		{"", hash, false},
		{"", TokenHash(""), true}, // a hash is only a hash: callers parse first
	}
	for _, c := range cases {
		if got := TokenMatches(c.plain, c.hash); got != c.want {
			t.Errorf("TokenMatches(%q, %q) = %v, want %v", c.plain, c.hash, got, c.want)
		}
	}
}

func TestParseTokenErrors(t *testing.T) {
	plain, _, _, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	id, secret := plain[4:20], plain[21:]
	cases := []string{
		"",
		"bby_",
		"xyz_" + id + "_" + secret,
		"BBY_" + id + "_" + secret,
		"bby_" + id + "-" + secret,
		"bby_" + strings.ToUpper(id) + "_" + secret,
		"bby_" + id[:15] + "g_" + secret,
		"bby_" + id + "_" + strings.ToUpper(secret),
		"bby_" + id + "_" + secret[:51],
		"bby_" + id + "_" + secret + "a",
		"bby_" + id + "_" + secret[:51] + "1", // 1 is not base32
		"bby_" + id + "_" + secret[:51] + "b", // non-zero trailing bits
		"bby_" + id + "__" + secret[1:],
		" " + plain,
		plain + "\n",
		"Bearer " + plain,
	}
	for _, c := range cases {
		got, err := ParseToken(c)
		if err == nil || got != "" {
			t.Errorf("ParseToken(%q) = %q, %v; want an error", c, got, err)
			continue
		}
		if blandby.CodeOf(err) != blandby.CodeUnauthorized {
			t.Errorf("ParseToken(%q): code %q, want unauthorized", c, blandby.CodeOf(err))
		}
		if strings.Contains(err.Error(), secret[:10]) {
			t.Errorf("the error quotes the secret: %v", err)
		}
	}
}

func TestSessionID(t *testing.T) {
	plain, hash, err := NewSessionID()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(plain) || hash != SessionHash(plain) || len(hash) != 64 {
		t.Errorf("session id %q, hash %q", plain, hash)
	}
	plain2, hash2, err := NewSessionID()
	if err != nil || plain2 == plain || hash2 == hash {
		t.Errorf("two session ids are alike: %q %q %v", plain, plain2, err)
	}
}

func TestCSRF(t *testing.T) {
	session, _, _ := NewSessionID()
	other, _, _ := NewSessionID()
	tok := CSRFToken(session)
	if len(tok) != 43 {
		t.Fatalf("token %q", tok)
	}
	tampered := []byte(tok)
	tampered[5] ^= 1
	cases := []struct {
		name    string
		session string
		token   string
		want    bool
	}{
		{"right", session, tok, true},
		{"another session's token", other, tok, false},
		{"another session", session, CSRFToken(other), false},
		{"the session's hash as the secret", SessionHash(session), tok, false},
		{"tampered", session, string(tampered), false},
		{"truncated", session, tok[:42], false},
		{"padded", session, tok + "=", false},
		{"empty", session, "", false},
		{"no session", "", CSRFToken(""), false},
		{"short secret", session[:16], CSRFToken(session[:16]), false},
	}
	for _, c := range cases {
		if got := CheckCSRF(c.session, c.token); got != c.want {
			t.Errorf("%s: CheckCSRF = %v, want %v", c.name, got, c.want)
		}
	}
	if CSRFToken(session) != tok {
		t.Error("CSRFToken is not deterministic")
	}
	if CSRFToken(session[:16]) != "" {
		t.Error("CSRFToken with a short secret is not empty")
	}
}
