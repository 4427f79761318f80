// Package demotest gives tests a demo database (package demo) without
// preparing it again in every test binary: the database prepared with
// given options is kept in a cache directory under os.TempDir, and each
// caller gets a private copy of it, so tests stay independent.
//
// A cached database is keyed by the SHA-256 of everything that determines
// its content: the options, the Go version, and every file of the module
// except tests and test data (the Go source, the embedded rule files,
// go.mod and go.sum). Any change to the code gives a new key, so a stale
// database is never served. A file lock makes test binaries that need the
// same database at once (go test runs packages in parallel) prepare it only
// once; the others wait for it.
package demotest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/modroot"
)

// staleAge is how old another key's cached database must be before Copy
// removes it.
const staleAge = 24 * time.Hour

// Copy writes a copy of the demo database prepared with opts to the SQLite
// file dst (which must not exist), preparing it first when the cache does
// not hold it. opts.Progress must be nil: it does not change the content.
func Copy(ctx context.Context, dst string, opts demo.Options) error {
	if opts.Progress != nil {
		return errors.New("demotest: Options.Progress must be nil")
	}
	key, err := cacheKey(opts)
	if err != nil {
		return fmt.Errorf("demotest: %w", err)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("blandby-demotest-%d", os.Getuid()))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demotest: %w", err)
	}
	unlock, err := lock(filepath.Join(dir, key+".lock"))
	if err != nil {
		return fmt.Errorf("demotest: %w", err)
	}
	defer unlock()
	cached := filepath.Join(dir, key+".db")
	if _, err := os.Stat(cached); errors.Is(err, fs.ErrNotExist) {
		if err := prepare(ctx, dir, cached, opts); err != nil {
			return fmt.Errorf("demotest: preparing the demo: %w", err)
		}
		removeStale(dir, key)
	} else if err != nil {
		return fmt.Errorf("demotest: %w", err)
	}
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(cached+suffix, dst+suffix); err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
			return fmt.Errorf("demotest: %w", err)
		}
	}
	return nil
}

// prepare prepares the demo in a new database in dir and renames it to
// cached once complete, so that an interrupted run leaves no database
// behind.
func prepare(ctx context.Context, dir, cached string, opts demo.Options) error {
	tmp, err := os.MkdirTemp(dir, "prepare-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	db := filepath.Join(tmp, "demo.db")
	if err := runPrepare(ctx, db, opts); err != nil {
		return err
	}
	if err := os.Rename(db+"-wal", cached+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(db, cached)
}

// runPrepare prepares the demo database db in a separate process built
// without the race detector (command prepare): under -race a full-scale
// demo takes minutes, without it seconds. The demo's own tests exercise
// demo.Prepare under the race detector.
func runPrepare(ctx context.Context, db string, opts demo.Options) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	options, err := json.Marshal(opts)
	if err != nil {
		return err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.CommandContext(ctx, goBin, "run", "./internal/demotest/prepare", "-db", db, "-options", string(options))
	cmd.Dir = root
	// The preparation is a plain build whatever flags the tests run with.
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go run ./internal/demotest/prepare: %w\n%s", err, out)
	}
	return nil
}

// moduleRoot is the root of the module the tests run in.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return modroot.Find(wd)
}

// removeStale removes the cached databases of other keys not used for
// staleAge: those of earlier versions of the code.
func removeStale(dir, key string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || strings.HasPrefix(e.Name(), key) || time.Since(info.ModTime()) < staleAge {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// cacheKey returns the hex SHA-256 of opts, the Go version and the
// module's files other than tests and test data.
func cacheKey(opts demo.Options) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%+v\n", runtime.Version(), opts)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s\x00", filepath.ToSlash(rel))
		n, err := io.Copy(h, f)
		fmt.Fprintf(h, "\x00%d\x00", n)
		return err
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// copyFile copies the file src to the new file dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
