package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

const areaNamesColumns = "seq, source, sha256, document, imported_at, imported_by"

// AddAreaNamesFile stores a file of area names as the next extension of
// the registry, unless a file was stored after the one numbered after.
func (s *Store) AddAreaNamesFile(ctx context.Context, f store.AreaNamesFile, after int64) (store.AreaNamesFile, error) {
	sum := sha256.Sum256([]byte(f.Document))
	switch {
	case strings.TrimSpace(f.Source) == "":
		return f, blandby.Errorf(blandby.CodeInvalid, "add area names: no source named")
	case strings.TrimSpace(f.Document) == "":
		return f, blandby.Errorf(blandby.CodeInvalid, "add area names: %s is empty", f.Source)
	case f.ImportedAt.IsZero():
		return f, blandby.Errorf(blandby.CodeInvalid, "add area names: no time of import")
	case f.SHA256 == "":
		f.SHA256 = hex.EncodeToString(sum[:])
	case f.SHA256 != hex.EncodeToString(sum[:]):
		return f, blandby.Errorf(blandby.CodeInvalid, "add area names: %s: SHA-256 %s is not the document's", f.Source, f.SHA256)
	}
	if after < 0 {
		return f, blandby.Errorf(blandby.CodeInvalid, "add area names: after %d", after)
	}
	err := s.write(ctx, "add area names", func(tx *wtx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT MAX(seq) FROM area_names_files").Scan(&last); err != nil {
			return err
		}
		if last.Int64 != after {
			return blandby.Errorf(blandby.CodeConflict,
				"add area names: %s was checked against %d stored files of area names, but %d are stored now: import it again", f.Source, after, last.Int64)
		}
		f.Seq = last.Int64 + 1
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO area_names_files ("+areaNamesColumns+") VALUES (?, ?, ?, ?, ?, ?)"),
			f.Seq, f.Source, f.SHA256, f.Document, encodeTime(f.ImportedAt), f.ImportedBy)
		if v := s.d.Violation(err); v == Unique || v == AppendOnly {
			return blandby.Errorf(blandby.CodeConflict, "add area names: another file of area names was stored at the same time: import %s again", f.Source)
		}
		return err
	})
	if err != nil {
		return store.AreaNamesFile{}, err
	}
	f.ImportedAt = f.ImportedAt.UTC()
	return f, nil
}

// AreaNamesFiles returns the stored files of area names, by Seq.
func (s *Store) AreaNamesFiles(ctx context.Context) ([]store.AreaNamesFile, error) {
	var out []store.AreaNamesFile
	err := s.read(ctx, "area names", func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+areaNamesColumns+" FROM area_names_files ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f store.AreaNamesFile
			var at string
			if err := rows.Scan(&f.Seq, &f.Source, &f.SHA256, &f.Document, &at, &f.ImportedBy); err != nil {
				return err
			}
			if f.ImportedAt, err = decodeTime(at); err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, err
}
