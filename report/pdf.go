package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// FindChromium returns the path of a Chromium executable: env (a path or
// a name on PATH) when set, else chromium or chromium-browser on PATH. It
// never downloads a browser.
func FindChromium(env string) (string, error) {
	names := []string{"chromium", "chromium-browser"}
	if env != "" {
		names = []string{env}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium executable found (looked for %v; set BLANDBY_CHROMIUM)", names)
}

// pdfTimeout bounds printing a report.
const pdfTimeout = 60 * time.Second

// PDF prints a rendered report to PDF in a headless Chromium at path, A4
// pages as the report's @page rule says, backgrounds included.
func PDF(ctx context.Context, path string, html []byte) ([]byte, error) {
	dir, err := os.MkdirTemp("", "blandby-report-")
	if err != nil {
		return nil, fmt.Errorf("report pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		return nil, fmt.Errorf("report pdf: %w", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	var pdf []byte
	yes := true
	err = chromedp.Do(bctx, chromedp.Navigate("file://"+file), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: &yes, PreferCSSPageSize: &yes})
		if err != nil {
			return err
		}
		pdf = r.Data
		return nil
	}))
	if err != nil {
		return nil, fmt.Errorf("report pdf: printing in %s: %w", path, err)
	}
	return pdf, nil
}
