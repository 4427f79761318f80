package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/blandby/blandby/internal/chromium"
)

// pdfTimeout bounds printing a report.
const pdfTimeout = 60 * time.Second

// PDF prints a rendered report to PDF in a headless Chromium at path (see
// [chromium.Find]), A4 pages as the report's @page rule says, backgrounds
// included.
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
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	actx, cancelAlloc := chromium.NewAllocator(ctx, path, filepath.Join(dir, "profile"))
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
