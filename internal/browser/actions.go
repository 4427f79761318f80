package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/blandby/blandby/internal/modroot"
)

// pollInterval is how often the waiting helpers look again.
const pollInterval = 25 * time.Millisecond

// do runs the actions on the tab, bounded by Timeout.
func (p *Page) do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// eval evaluates the expression in the page, awaiting a promise, and returns
// the result as JSON (empty for undefined).
func (p *Page) eval(ctx context.Context, expr string) (json.RawMessage, error) {
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	return json.RawMessage(raw), nil
}

// call evaluates the JavaScript function fn with the arguments, which are
// passed as JSON, and returns its result as JSON.
func (p *Page) call(ctx context.Context, fn string, args ...any) (json.RawMessage, error) {
	if args == nil {
		args = []any{}
	}
	enc, err := json.Marshal(args)
	if err != nil {
		return nil, fmt.Errorf("encoding the arguments: %w", err)
	}
	return p.eval(ctx, "("+fn+")(..."+string(enc)+")")
}

// errNotYet stands for "the condition does not hold yet" in waitFor.
var errNotYet = errors.New("not yet")

// waitFor calls fn with the arguments until it returns a value that is not
// null, and decodes that value into out (unless out is nil). A JavaScript
// exception (a bad selector, say) stops the wait at once; other errors, such
// as a page that is between two documents, are retried until Timeout. what
// describes the wait for error messages.
func (p *Page) waitFor(what string, out any, fn string, args ...any) error {
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	var last error
	for {
		raw, err := p.call(ctx, fn, args...)
		var exc *chromedp.ExceptionError
		switch {
		case errors.As(err, &exc):
			return fmt.Errorf("%s: %w", what, err)
		case err == nil && len(raw) > 0 && string(raw) != "null":
			if out == nil {
				return nil
			}
			if err := json.Unmarshal(raw, out); err != nil {
				return fmt.Errorf("%s: decoding %s: %w", what, raw, err)
			}
			return nil
		case err == nil:
			last = errNotYet
		default:
			last = err
		}
		select {
		case <-ctx.Done():
			if last == errNotYet {
				return fmt.Errorf("%s: still waiting after %v", what, Timeout)
			}
			return fmt.Errorf("%s: still waiting after %v (last error: %w)", what, Timeout, last)
		case <-time.After(pollInterval):
		}
	}
}

// jsVisible is a JavaScript function that reports whether an element is
// rendered: it has a box and is not visibility:hidden.
const jsVisible = `function visible(el) {
	return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
}`

// Count returns how many elements match the CSS selector now; it does not
// wait.
func (p *Page) Count(t testing.TB, selector string) int {
	t.Helper()
	var n int
	if err := p.waitFor("counting "+strconv.Quote(selector), &n,
		`sel => document.querySelectorAll(sel).length`, selector); err != nil {
		t.Fatalf("browser: %v", err)
	}
	return n
}

// Text waits until an element matches the CSS selector and returns the text
// of the first one as the page renders it (innerText), trimmed of surrounding
// white space.
func (p *Page) Text(t testing.TB, selector string) string {
	t.Helper()
	var s string
	if err := p.waitFor("reading the text of "+strconv.Quote(selector), &s,
		`sel => { const el = document.querySelector(sel); return el ? el.innerText.trim() : null; }`,
		selector); err != nil {
		t.Fatalf("browser: %v", err)
	}
	return s
}

// WaitVisible waits until an element that matches the CSS selector is
// rendered (it has a box and is not visibility:hidden).
func (p *Page) WaitVisible(t testing.TB, selector string) {
	t.Helper()
	if err := p.waitFor("waiting for "+strconv.Quote(selector)+" to be visible", nil,
		`sel => { `+jsVisible+`
			const el = document.querySelector(sel);
			return el && visible(el) ? true : null;
		}`, selector); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// WaitUntil waits until the JavaScript expression is truthy (a promise is
// awaited), for example `document.querySelectorAll('tr').length > 3`.
func (p *Page) WaitUntil(t testing.TB, expr string) {
	t.Helper()
	if err := p.waitFor("waiting until "+expr, nil,
		`async () => (await (`+expr+`)) ? true : null`); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// Click waits until the first element that matches the CSS selector is
// visible, enabled and not covered by another element, scrolls it into view
// and clicks its centre with the mouse, as a person would. It does not wait
// for anything the click starts; follow it with a waiting helper.
func (p *Page) Click(t testing.TB, selector string) {
	t.Helper()
	var at struct{ X, Y float64 }
	err := p.waitFor("clicking "+strconv.Quote(selector), &at,
		`sel => { `+jsVisible+`
			const el = document.querySelector(sel);
			if (!el || !visible(el) || el.disabled) return null;
			el.scrollIntoView({block: 'center', inline: 'center'});
			const r = el.getBoundingClientRect();
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			const hit = document.elementFromPoint(x, y);
			if (!hit || !(hit === el || el.contains(hit))) return null;
			return {X: x, Y: y};
		}`, selector)
	if err != nil {
		t.Fatalf("browser: %v (is it there, visible, enabled and not covered?)", err)
	}
	if err := p.do(chromedp.MouseClickXY(at.X, at.Y)); err != nil {
		t.Fatalf("browser: clicking %q at (%.0f, %.0f): %v", selector, at.X, at.Y, err)
	}
}

// SetValue waits until a form field (input, select or textarea) matches the
// CSS selector, sets its value and dispatches the input and change events, as
// a person's edit would. For a select the value must be one of its options'.
func (p *Page) SetValue(t testing.TB, selector, value string) {
	t.Helper()
	var res struct{ OK bool }
	err := p.waitFor(fmt.Sprintf("setting %q to %q", selector, value), &res,
		`(sel, value) => {
			const el = document.querySelector(sel);
			if (!el) return null;
			if (!('value' in el)) throw new Error(sel + ' is a <' + el.localName + '>, not a form field');
			el.focus();
			el.value = value;
			if (el.value !== value) return {OK: false};
			el.dispatchEvent(new Event('input', {bubbles: true}));
			el.dispatchEvent(new Event('change', {bubbles: true}));
			return {OK: true};
		}`, selector, value)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if !res.OK {
		t.Fatalf("browser: setting %q to %q: the field refused the value (no such option?)", selector, value)
	}
}

// Submit submits the form that the CSS selector matches, or the form of the
// field or button it matches, as pressing Enter or the button would: the
// form's validation and submit handlers run (requestSubmit). When the submit
// is not canceled and the form loads its answer into this tab, Submit waits
// for the new page to load. A form that its validation blocks fails the test.
func (p *Page) Submit(t testing.TB, selector string) {
	t.Helper()
	var res struct {
		Submitted, Navigates bool
	}
	if err := p.waitFor("submitting "+strconv.Quote(selector), nil,
		`sel => document.querySelector(sel) ? true : null`, selector); err != nil {
		t.Fatalf("browser: %v", err)
	}
	// Submit exactly once: no retry, unlike the waits.
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	marker := strconv.FormatInt(time.Now().UnixNano(), 36)
	raw, err := p.call(ctx, `(sel, marker) => {
			const el = document.querySelector(sel);
			const form = el instanceof HTMLFormElement ? el : el.form;
			if (!form) throw new Error(sel + ' is neither a form nor in one');
			const submitter = el !== form && el.type === 'submit' ? el : null;
			let ev = null;
			const seen = e => { if (e.target === form) ev = e; };
			window.addEventListener('submit', seen, true);
			window.__blandbyDocument = marker;
			try { form.requestSubmit(submitter); } finally { window.removeEventListener('submit', seen, true); }
			if (!ev) return {Submitted: false};
			const target = (submitter && submitter.formTarget) || form.target;
			const method = ((submitter && submitter.formMethod) || form.method).toLowerCase();
			const here = !target || target === '_self';
			return {Submitted: true, Navigates: !ev.defaultPrevented && here && method !== 'dialog'};
		}`, selector, marker)
	if err == nil {
		err = json.Unmarshal(raw, &res)
	}
	if err != nil {
		t.Fatalf("browser: submitting %q: %v", selector, err)
	}
	if !res.Submitted {
		t.Fatalf("browser: submitting %q: the form did not submit (a field failed its validation?)", selector)
	}
	if !res.Navigates {
		return
	}
	if err := p.waitFor("waiting for the page that the form "+strconv.Quote(selector)+" loads", nil,
		`marker => window.__blandbyDocument !== marker && document.readyState === 'complete' ? true : null`,
		marker); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// Eval evaluates the JavaScript expression in the page, awaiting it when it is
// a promise, and decodes its JSON value into out (a pointer), unless out is
// nil. An exception, or an undefined result when out is not nil, fails the
// test.
func (p *Page) Eval(t testing.TB, js string, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, Timeout)
	defer cancel()
	raw, err := p.eval(ctx, js)
	if err != nil {
		t.Fatalf("browser: evaluating %s: %v", js, err)
	}
	if out == nil {
		return
	}
	if len(raw) == 0 {
		t.Fatalf("browser: evaluating %s: the result is undefined", js)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("browser: evaluating %s: decoding %s: %v", js, raw, err)
	}
}

// EnvArtifacts names the environment variable that overrides the directory
// of test artifacts, by default test-artifacts/ in the repository root (the
// directory that holds go.mod).
const EnvArtifacts = "BLANDBY_ARTIFACTS"

// Screenshot writes a PNG of the whole page, not only the viewport, to
// screenshots/<name>.png in the artifacts directory (see [EnvArtifacts]) and
// returns the file's path. Characters of name other than letters, digits,
// '.', '_' and '-' become '_', so t.Name() is a fine name.
func (p *Page) Screenshot(t testing.TB, name string) string {
	t.Helper()
	dir, err := artifactsDir()
	if err != nil {
		t.Fatalf("browser: screenshot %q: %v", name, err)
	}
	dir = filepath.Join(dir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browser: screenshot %q: %v", name, err)
	}
	var png []byte
	err = p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		m, err := cdp.Call(ctx, tg, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return fmt.Errorf("reading the page size: %w", err)
		}
		w, h := float64(WindowWidth), float64(WindowHeight)
		if cs := m.CSSContentSize; cs != nil {
			w, h = max(w, cs.Width), max(h, cs.Height)
		}
		yes := true
		r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  &page.Viewport{Width: w, Height: h, Scale: 1},
			FromSurface:           &yes,
			CaptureBeyondViewport: &yes,
		})
		if err != nil {
			return fmt.Errorf("capturing: %w", err)
		}
		png = r.Data
		return nil
	}))
	if err != nil {
		t.Fatalf("browser: screenshot %q: %v", name, err)
	}
	path := filepath.Join(dir, safeName.ReplaceAllString(name, "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browser: screenshot %q: %v", name, err)
	}
	return path
}

// safeName matches the characters that a screenshot's file name may not have.
var safeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// artifactsDir returns $BLANDBY_ARTIFACTS, or test-artifacts in the directory
// that holds go.mod, found by walking up from the working directory.
func artifactsDir() (string, error) {
	if d := os.Getenv(EnvArtifacts); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the repository root: %w", err)
	}
	root, err := modroot.Find(wd)
	if err != nil {
		return "", fmt.Errorf("%w (set %s)", err, EnvArtifacts)
	}
	return filepath.Join(root, "test-artifacts"), nil
}
