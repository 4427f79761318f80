package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"strings"
)

// ContentHash returns the hex SHA-256 of a published list's content: its
// year, its rule set and every entry (area id, category, explanation) in
// area order. Each field is length-prefixed, so different contents never
// hash alike by shifting bytes between fields.
func ContentHash(year int, ruleSet string, entries []Entry) string {
	h := sha256.New()
	field := fieldWriter(h)
	var y [8]byte
	binary.BigEndian.PutUint64(y[:], uint64(year))
	field(y[:])
	field([]byte(ruleSet))
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b Entry) int { return strings.Compare(a.AreaID, b.AreaID) })
	for _, e := range sorted {
		field([]byte(e.AreaID))
		field([]byte(e.Category))
		field(e.Explanation)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fieldWriter returns a function that writes a field to h prefixed with its
// length (8 bytes, big-endian), so that different sequences of fields never
// hash alike by shifting bytes between fields.
func fieldWriter(h hash.Hash) func([]byte) {
	return func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
}
