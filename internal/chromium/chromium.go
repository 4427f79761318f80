// Package chromium finds and starts the headless Chromium that prints the
// yearly report to PDF and that the browser tests drive: Debian's package
// (or whatever BLANDBY_CHROMIUM names), never a browser a tool downloads.
package chromium

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// Env names the environment variable that points at a Chromium executable
// (a path, or a name to look up on PATH). When it is unset, [Find] looks
// for "chromium" and then "chromium-browser" on PATH.
const Env = "BLANDBY_CHROMIUM"

// ErrNotFound is the error, wrapped, of [Find] when Env is unset and no
// Chromium is on PATH.
var ErrNotFound = errors.New("no Chromium executable found")

// names are the executables Find looks for on PATH, in order.
var names = []string{"chromium", "chromium-browser"}

// Find returns the Chromium executable: getenv(Env) when set, else
// "chromium" or "chromium-browser" on PATH. A set Env that names no
// executable is a configuration error, which does not wrap [ErrNotFound].
// getenv is os.Getenv when nil.
func Find(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	return find(getenv, exec.LookPath)
}

// find is Find with the PATH lookup given, for tests.
func find(getenv func(string) string, lookPath func(string) (string, error)) (string, error) {
	if v := getenv(Env); v != "" {
		p, err := lookPath(v)
		if err != nil {
			return "", fmt.Errorf("%s=%s: %w", Env, v, err)
		}
		return p, nil
	}
	for _, name := range names {
		if p, err := lookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: neither chromium nor chromium-browser is on PATH and %s is unset (on Debian: apt-get install chromium)", ErrNotFound, Env)
}

// NewAllocator returns a context that starts the Chromium at path, headless,
// with userDataDir as its profile, when a chromedp context made from it
// first runs; cancel stops the process. extra options come after the
// defaults (a window size, where the output goes).
//
// The browser runs with --headless --no-sandbox --disable-gpu --disable-quic
// --no-first-run --disable-background-networking --disable-component-update
// --disable-sync --disable-dev-shm-usage --disable-extensions
// --no-default-browser-check --hide-scrollbars --mute-audio
// --password-store=basic and --user-data-dir=userDataDir.
func NewAllocator(ctx context.Context, path, userDataDir string, extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc) {
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(userDataDir),
	}, extra...)
	return chromedp.NewExecAllocator(ctx, opts...)
}
