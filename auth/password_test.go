package auth

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// cheap are argon2id parameters fast enough for tests; production uses
// DefaultParams.
var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const goodPassword = "korrekt hest batteri"

func TestPasswordRoundTrip(t *testing.T) {
	enc, err := HashPassword(goodPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("encoding %q", enc)
	}
	cases := []struct {
		pw   string
		want bool
	}{
		{goodPassword, true},
		{"korrekt hest batteri ", false},
		{"Korrekt hest batteri", false},
		{"", false},
		{goodPassword[:len(goodPassword)-1], false},
	}
	for _, c := range cases {
		ok, err := VerifyPassword(enc, c.pw)
		if err != nil || ok != c.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", c.pw, ok, err, c.want)
		}
	}
	if NeedsRehash(enc, cheap) {
		t.Error("NeedsRehash with the same parameters")
	}
	if !NeedsRehash(enc, DefaultParams()) {
		t.Error("no NeedsRehash with other parameters")
	}
}

func TestPasswordDefaultParams(t *testing.T) {
	if testing.Short() {
		t.Skip("64 MiB hash")
	}
	enc, err := HashPassword(goodPassword, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=65536,t=2,p=1$") || len(strings.Split(enc, "$")[4]) != 22 || len(strings.Split(enc, "$")[5]) != 43 {
		t.Errorf("encoding %q", enc)
	}
	if ok, err := VerifyPassword(enc, goodPassword); !ok || err != nil {
		t.Errorf("VerifyPassword = %v, %v", ok, err)
	}
}

func TestPasswordSalts(t *testing.T) {
	seen := map[string]bool{}
	for range 5 {
		enc, err := HashPassword(goodPassword, cheap)
		if err != nil {
			t.Fatal(err)
		}
		salt := strings.Split(enc, "$")[4]
		if seen[salt] || seen[enc] {
			t.Errorf("salt %s repeats", salt)
		}
		seen[salt], seen[enc] = true, true
	}
}

func TestPasswordTampered(t *testing.T) {
	enc, err := HashPassword(goodPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(enc, "$")
	salt, hash := parts[4], parts[5]
	// Each still well-formed but changed: verifies as false.
	flip := func(s string) string {
		c := byte('A')
		if s[0] == 'A' {
			c = 'B'
		}
		return string(c) + s[1:]
	}
	for _, e := range []string{
		"$argon2id$v=19$m=64,t=1,p=1$" + flip(salt) + "$" + hash,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + flip(hash),
		"$argon2id$v=19$m=128,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=2,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=1,p=2$" + salt + "$" + hash,
	} {
		if ok, err := VerifyPassword(e, goodPassword); ok || err != nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false, nil", e, ok, err)
		}
	}
	// Malformed: an invalid error, never true.
	for _, e := range []string{
		"",
		goodPassword,
		"argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash,
		"$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + hash,
		"$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$m=64,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + hash,
		"$argon2id$v=19$m=4,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=1000,p=1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=1,p=-1$" + salt + "$" + hash,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "=$" + hash,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash + "==",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash[:10],
		"$argon2id$v=19$m=64,t=1,p=1$" + salt[:4] + "$" + hash,
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash + "$",
		"$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.ReplaceAll(hash, hash[:1], "*"),
		"$argon2id$v=19$m=64,t=1,p=1$$" + hash,
	} {
		ok, err := VerifyPassword(e, goodPassword)
		if ok || blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false and an invalid error", e, ok, err)
		}
		if err != nil && strings.Contains(err.Error(), hash) {
			t.Errorf("the error quotes the hash: %v", err)
		}
		if !NeedsRehash(e, cheap) {
			t.Errorf("NeedsRehash(%q) = false", e)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	cases := []struct {
		pw   string
		ok   bool
		text string // in the message
	}{
		{"123456789012", true, ""},
		{"12345678901", false, "at least 12"},
		{"", false, "has 0 characters"},
		{"æøåæøåæøåæøå", true, ""}, // 12 characters, 24 bytes
		{"æøåæøåæøåæø", false, "has 11 characters"},
		{strings.Repeat("a", MaxPasswordLength), true, ""},
		{strings.Repeat("a", MaxPasswordLength+1), false, "at most"},
		{"123456789012\xff", false, "UTF-8"},
	}
	for _, c := range cases {
		err := CheckPassword(c.pw)
		if (err == nil) != c.ok {
			t.Errorf("CheckPassword(%q) = %v, want ok %v", c.pw, err, c.ok)
			continue
		}
		if err != nil && (blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), c.text)) {
			t.Errorf("CheckPassword(%q) = %v (code %q), want an invalid error saying %q", c.pw, err, blandby.CodeOf(err), c.text)
		}
		if _, err := HashPassword(c.pw, cheap); (err == nil) != c.ok {
			t.Errorf("HashPassword(%q): %v, want ok %v", c.pw, err, c.ok)
		}
	}
}

func TestParamsValidate(t *testing.T) {
	bad := []Params{
		{},
		{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 7, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Memory: 2 << 20, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
	}
	for _, p := range bad {
		if _, err := HashPassword(goodPassword, p); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("HashPassword with %+v: %v, want an invalid error", p, err)
		}
	}
	if err := DefaultParams().Validate(); err != nil {
		t.Errorf("DefaultParams: %v", err)
	}
}
