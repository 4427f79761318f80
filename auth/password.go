package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/blandby/blandby"
)

// The password rules.
const (
	// MinPasswordLength is the fewest characters (Unicode code points) a new
	// password may have. Twelve characters resist offline guessing of an
	// argon2id hash far better than the eight NIST SP 800-63B allows.
	MinPasswordLength = 12
	// MaxPasswordLength is the most characters a new password may have; it
	// bounds the work one log-in costs and is far above what NIST requires
	// a verifier to allow (64).
	MaxPasswordLength = 256
)

// The default argon2id parameters, the first of OWASP's recommended argon2id
// configurations scaled up in memory: 64 MiB, two passes, one lane. Memory
// is what makes guessing on GPUs and ASICs expensive; one lane because the
// server has few cores and runs log-ins concurrently rather than one fast
// log-in at a time. One hash takes some tens of milliseconds on a current
// core. Every concurrent log-in holds 64 MiB, so the web server must bound
// concurrent verifications (LoginThrottle limits guessing, not memory).
const (
	DefaultMemory  = 64 * 1024 // KiB
	DefaultTime    = 2
	DefaultThreads = 1
	DefaultSaltLen = 16 // bytes, RFC 9106's recommendation
	DefaultKeyLen  = 32 // bytes
)

// Bounds on the parameters VerifyPassword accepts from an encoding, so that
// a corrupted or hostile stored hash cannot make a log-in use unbounded
// memory or time.
const (
	maxMemory  = 1024 * 1024 // KiB: 1 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

// Params are argon2id's cost parameters. Production code uses
// DefaultParams; tests may pass cheaper ones explicitly.
type Params struct {
	Memory  uint32 // KiB; at least 8 × Threads
	Time    uint32 // passes over the memory; at least 1
	Threads uint8  // lanes; at least 1
	SaltLen uint32 // bytes of random salt; 8–64
	KeyLen  uint32 // bytes of derived hash; 16–64
}

// DefaultParams returns the production parameters (the Default constants).
func DefaultParams() Params {
	return Params{Memory: DefaultMemory, Time: DefaultTime, Threads: DefaultThreads, SaltLen: DefaultSaltLen, KeyLen: DefaultKeyLen}
}

// Validate reports, as a blandby.CodeInvalid error, whether p is within the
// bounds argon2id and this package accept.
func (p Params) Validate() error {
	switch {
	case p.Threads < 1:
		return blandby.Errorf(blandby.CodeInvalid, "argon2id: parallelism %d is below 1", p.Threads)
	case p.Time < 1 || p.Time > maxTime:
		return blandby.Errorf(blandby.CodeInvalid, "argon2id: time %d is not from 1 to %d", p.Time, maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return blandby.Errorf(blandby.CodeInvalid, "argon2id: memory %d KiB is not from %d to %d", p.Memory, 8*uint32(p.Threads), maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return blandby.Errorf(blandby.CodeInvalid, "argon2id: salt length %d is not from %d to %d bytes", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return blandby.Errorf(blandby.CodeInvalid, "argon2id: hash length %d is not from %d to %d bytes", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// CheckPassword reports, as a blandby.CodeInvalid error with a message for
// the user, whether pw may be chosen as a new password: valid UTF-8 of
// MinPasswordLength to MaxPasswordLength characters. Existing passwords are
// only verified, never checked again.
func CheckPassword(pw string) error {
	if !utf8.ValidString(pw) {
		return blandby.Errorf(blandby.CodeInvalid, "the password is not valid UTF-8 text")
	}
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		return blandby.Errorf(blandby.CodeInvalid, "the password has %d characters; it needs at least %d", n, MinPasswordLength)
	}
	if n > MaxPasswordLength {
		return blandby.Errorf(blandby.CodeInvalid, "the password has %d characters; it may have at most %d", n, MaxPasswordLength)
	}
	return nil
}

// HashPassword checks pw with CheckPassword and returns its argon2id hash
// with a fresh random salt in the PHC string format,
// "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>" (salt and hash in standard
// base64 without padding).
func HashPassword(pw string, p Params) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	if err := p.Validate(); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", blandby.Errorf(blandby.CodeInternal, "password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodePHC(p, salt, key), nil
}

func encodePHC(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether pw is the password encoded (as HashPassword
// writes it), comparing in constant time. A malformed encoding, another
// algorithm or version, or parameters out of bounds is a blandby.CodeInvalid
// error; a wrong password is false with no error.
func VerifyPassword(encoded, pw string) (bool, error) {
	p, salt, key, err := decodePHC(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was hashed with other parameters than
// p (or cannot be read), so that a successful log-in should store a new hash.
func NeedsRehash(encoded string, p Params) bool {
	q, _, _, err := decodePHC(encoded)
	return err != nil || q != p
}

// decodePHC parses the exact form encodePHC writes. The encoding is never
// quoted in errors: it is a secret's hash.
func decodePHC(encoded string) (Params, []byte, []byte, error) {
	bad := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, blandby.Errorf(blandby.CodeInvalid, "password hash: %s", why)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("not in the PHC format $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return bad("the algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("the argon2 version is not 19")
	}
	var p Params
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return bad("the parameters are not m=…,t=…,p=…")
	}
	for i, name := range []string{"m", "t", "p"} {
		val, ok := strings.CutPrefix(kv[i], name+"=")
		if !ok || val == "" || !allDigits(val) || (len(val) > 1 && val[0] == '0') {
			return bad("the parameters are not m=…,t=…,p=…")
		}
		n, err := strconv.ParseUint(val, 10, 32)
		if err != nil {
			return bad("a parameter is out of range")
		}
		switch name {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return bad("the parallelism is out of range")
			}
			p.Threads = uint8(n)
		}
	}
	b64 := base64.RawStdEncoding.Strict()
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return bad("the salt is not base64 without padding")
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil {
		return bad("the hash is not base64 without padding")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.Validate(); err != nil {
		return bad(err.Error())
	}
	return p, salt, key, nil
}
