// Package demotest gives tests a demo database (package demo) and
// synthetic register files (blandby synth) without preparing them again in
// every test binary: what was prepared is kept in a cache directory under
// os.TempDir; each caller gets a private copy of a database (tests stay
// independent) and shares the read-only register files.
//
// A cached database or directory is keyed by the SHA-256 of everything that
// determines its content: the options, the Go version, and every file of
// the module except tests and test data (the Go source, the embedded rule
// files, go.mod and go.sum). Any change to the code gives a new key, so a
// stale one is never served. A file lock makes test binaries that need the
// same one at once (go test runs packages in parallel) prepare it only
// once; the others wait for it. They are prepared by `go run`, without the
// race detector.
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
	options, err := json.Marshal(opts)
	if err != nil {
		return fmt.Errorf("demotest: %w", err)
	}
	cached, err := cachedBuild(ctx, fmt.Sprintf("demo %+v", opts), ".db", func(out string) error {
		return goRun(ctx, "./internal/demotest/prepare", "-db", out, "-options", string(options))
	})
	if err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(cached+suffix, dst+suffix); err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
			return fmt.Errorf("demotest: %w", err)
		}
	}
	return nil
}

// Synth returns a directory of synthetic register files as `blandby synth`
// writes them with args (--out is added), generated once per version of
// the code, like the demo database, and shared by every caller: callers
// only read it.
func Synth(ctx context.Context, args ...string) (string, error) {
	return cachedBuild(ctx, "synth "+strings.Join(args, " "), ".synth", func(out string) error {
		return goRun(ctx, append([]string{"./cmd/blandby", "synth", "--out", out}, args...)...)
	})
}

// cachedBuild returns the path of what build writes, for what (which says
// everything that determines its content besides the code), from the cache
// or built there first. build writes to a path in a temporary directory,
// which is renamed into the cache once complete (with the -wal file of a
// database), so that an interrupted run leaves nothing behind. A file lock
// makes test binaries that need the same thing at once build it once.
func cachedBuild(ctx context.Context, what, suffix string, build func(out string) error) (string, error) {
	key, err := cacheKey(what)
	if err != nil {
		return "", fmt.Errorf("demotest: %w", err)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("blandby-demotest-%d", os.Getuid()))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("demotest: %w", err)
	}
	unlock, err := lock(filepath.Join(dir, key+".lock"))
	if err != nil {
		return "", fmt.Errorf("demotest: %w", err)
	}
	defer unlock()
	cached := filepath.Join(dir, key+suffix)
	if _, err := os.Stat(cached); err == nil {
		now := time.Now()
		_ = os.Chtimes(cached, now, now) // in use: not stale (removeStale)
		return cached, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("demotest: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, "prepare-")
	if err != nil {
		return "", fmt.Errorf("demotest: %w", err)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "out")
	if err := build(out); err != nil {
		return "", fmt.Errorf("demotest: preparing %s: %w", what, err)
	}
	if err := os.Rename(out+"-wal", cached+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("demotest: %w", err)
	}
	if err := os.Rename(out, cached); err != nil {
		return "", fmt.Errorf("demotest: %w", err)
	}
	removeStale(dir, key)
	return cached, nil
}

// goRun runs `go run` with args in the module's root, as a plain build
// whatever flags the tests run with: under -race a full-scale demo takes
// minutes, without it seconds. The code it runs (demo.Prepare, blandby
// synth) has its own tests under the race detector.
func goRun(ctx context.Context, args ...string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.CommandContext(ctx, goBin, append([]string{"run"}, args...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go run %s: %w\n%s", strings.Join(args, " "), err, out)
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

// cacheKey returns the hex SHA-256 of what, the Go version and the
// module's files other than tests and test data.
func cacheKey(what string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", runtime.Version(), what)
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
