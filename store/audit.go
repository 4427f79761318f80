package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// AuditGenesis is the PrevHash of the first audit entry: 64 zeros.
const AuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// auditHashVersion starts every audit hash's input, so that a later change
// of the encoding cannot collide with this one.
const auditHashVersion = "blandby audit entry v1"

// AuditHash returns the hex SHA-256 of an audit entry: a canonical,
// unambiguous encoding of the version tag, Seq (8 bytes, big-endian), At (RFC
// 3339 with nanoseconds, in UTC, trailing zeros dropped), Actor, Role, Scope,
// Action, Object, Outcome, Detail and PrevHash, each field prefixed with its
// length (8 bytes, big-endian), like ContentHash. The entry's own Hash is not
// covered. Anyone with the entries can check the chain with it.
func AuditHash(e AuditEntry) string {
	h := sha256.New()
	field := fieldWriter(h)
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], uint64(e.Seq))
	field([]byte(auditHashVersion))
	field(seq[:])
	for _, s := range []string{e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Role, e.Scope, e.Action, e.Object, e.Outcome, e.Detail, e.PrevHash} {
		field([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}
