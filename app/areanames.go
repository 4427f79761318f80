package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/registry"
	"github.com/blandby/blandby/store"
)

// AreaNames returns base (the bundled area registry) extended by the files
// of area names stored in st, in the order they were stored. A stored file
// that no longer fits base (a newer blandby's registry that gives one of
// its names to another area) is an error naming the file and its place in
// the store.
func AreaNames(ctx context.Context, st store.Store, base *registry.Registry) (*registry.Registry, error) {
	files, err := st.AreaNamesFiles(ctx)
	if err != nil {
		return nil, err
	}
	reg, _, err := extendByFiles(base, files)
	return reg, err
}

// extendByFiles extends reg by each stored file in turn.
func extendByFiles(reg *registry.Registry, files []store.AreaNamesFile) (*registry.Registry, int, error) {
	for _, f := range files {
		ext, err := registry.Read(strings.NewReader(f.Document), storedName(f))
		if err != nil {
			return nil, 0, err
		}
		if reg, err = reg.Extend(ext); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", storedName(f), err)
		}
	}
	return reg, len(files), nil
}

// storedName is how errors name a stored file of area names.
func storedName(f store.AreaNamesFile) string {
	return fmt.Sprintf("%s (stored area names %d)", f.Source, f.Seq)
}

// ImportAreaNames stores a file of area names (the registry's YAML format,
// read from source) as an extension of the area registry, so that every
// later command on the store resolves its names. The file must extend base
// (the bundled registry) as extended by the files stored before it, exactly
// as --area-names would: a malformed file, an area in another municipality
// than the registry's or a name another area of the municipality carries
// stores nothing. Reading, checking and storing are one audited act. It
// returns the stored file and the registry it makes.
func ImportAreaNames(ctx context.Context, st store.Store, a Actor, by string, base *registry.Registry, source string, data []byte, now time.Time) (store.AreaNamesFile, *registry.Registry, error) {
	if by == "" {
		by = a.Principal.Name
	}
	var (
		stored store.AreaNamesFile
		reg    *registry.Registry
	)
	err := importAct(ctx, st, a, "area names "+source, func() (string, error) {
		if !utf8.Valid(data) {
			return "", &blandby.InputError{File: source, Msg: "the file is not UTF-8 text: save it as UTF-8"}
		}
		ext, err := registry.Read(strings.NewReader(string(data)), source)
		if err != nil {
			return "", err
		}
		files, err := st.AreaNamesFiles(ctx)
		if err != nil {
			return "", err
		}
		prev, n, err := extendByFiles(base, files)
		if err != nil {
			return "", err
		}
		if reg, err = prev.Extend(ext); err != nil {
			return "", err
		}
		var after int64
		if n > 0 {
			after = files[n-1].Seq
		}
		sum := sha256.Sum256(data)
		stored, err = st.AddAreaNamesFile(ctx, store.AreaNamesFile{Source: source, SHA256: hex.EncodeToString(sum[:]),
			Document: string(data), ImportedAt: now, ImportedBy: by}, after)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("file %d, %d areas (%d in the registry now)", stored.Seq, ext.Len(), reg.Len()), nil
	})
	if err != nil {
		return store.AreaNamesFile{}, nil, err
	}
	return stored, reg, nil
}
