package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Page is one browser tab. From the moment the tab exists it records what goes
// wrong: console.error calls and failed console.assert calls, uncaught
// exceptions and unhandled promise rejections, error entries of the browser log (other than network ones),
// requests that fail, and HTTP responses with a status of 400 or more for
// resources of the same origin as the document that loads them (but not the
// browser's own request for /favicon.ico). [Page.Errors] returns them and
// [Page.NoErrors] fails a test that has any.
//
// A Page belongs to one test: its helpers take that test's testing.TB and
// stop it with t.Fatal when something goes wrong.
type Page struct {
	ctx    context.Context // the tab; its first Run bound the tab to it
	cancel context.CancelFunc

	mu       sync.Mutex
	problems []problem
	ignore   []string
	requests map[network.RequestID]request
}

// problem is one recorded error.
type problem struct {
	text string
	// failedURL is the URL of a request that failed, for a network problem.
	failedURL string
	// fromLog marks an entry of the browser log, which Errors drops when it
	// only repeats a network problem (a script refused for the text/plain
	// MIME type of its 404 page, say).
	fromLog bool
}

// request is what the page remembers of a network request, to describe its
// failure.
type request struct {
	method, url, documentURL string
	status                   int64 // of the response, 0 before it
}

// Open opens rawURL in a new tab with a viewport of [WindowWidth] x
// [WindowHeight], waits until the page has loaded (its load event) and
// returns the tab, which closes when the test ends. A page that cannot be
// loaded at all (connection refused, say) fails the test; an HTTP error status
// of the document is recorded as a page error instead.
func (b *Browser) Open(t testing.TB, rawURL string) *Page {
	t.Helper()
	p := &Page{
		requests: make(map[network.RequestID]request),
	}
	p.ctx, p.cancel = chromedp.NewContext(b.ctx, chromedp.WithListener(p.onEvent))
	t.Cleanup(p.Close)

	// The first Run opens the tab and binds it to p.ctx, so it gets no
	// deadline of its own; the timer bounds it instead.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(p.ctx) }()
	timer := time.NewTimer(Timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("browser: opening a tab: %v", err)
		}
	case <-timer.C:
		p.cancel()
		<-done
		t.Fatalf("browser: opening a tab: no answer after %v", Timeout)
	}
	// The window's outer size is WindowWidth x WindowHeight, which leaves a
	// smaller viewport; give the page the full size, the same in every tab.
	if err := p.do(chromedp.EmulateViewport(WindowWidth, WindowHeight)); err != nil {
		t.Fatalf("browser: setting the viewport: %v", err)
	}
	if err := p.do(chromedp.Navigate(rawURL)); err != nil {
		t.Fatalf("browser: loading %s: %v", rawURL, err)
	}
	return p
}

// Close closes the tab. Open arranges for it to run when the test ends; it is
// safe to call more than once.
func (p *Page) Close() { p.cancel() }

// Errors returns the problems the page has recorded so far, oldest first,
// without those that [Page.IgnoreErrors] hides. It first makes a round trip
// to the page, so that whatever the page reported before the call is in.
func (p *Page) Errors() []string {
	_ = p.do(chromedp.Evaluate[chromedp.Void]("0"))
	p.mu.Lock()
	defer p.mu.Unlock()
	var failed []string
	for _, pr := range p.problems {
		if pr.failedURL != "" {
			failed = append(failed, "'"+pr.failedURL+"'")
		}
	}
	var out []string
	for _, pr := range p.problems {
		if p.ignored(pr.text) || pr.fromLog && containsAny(pr.text, failed) {
			continue
		}
		out = append(out, pr.text)
	}
	return out
}

// NoErrors fails the test, listing them, when the page has recorded errors.
func (p *Page) NoErrors(t testing.TB) {
	t.Helper()
	if errs := p.Errors(); len(errs) > 0 {
		t.Errorf("browser: the page has %d error(s):\n\t%s", len(errs), strings.Join(errs, "\n\t"))
	}
}

// IgnoreErrors hides from [Page.Errors] and [Page.NoErrors] every error, past
// or future, whose text contains one of the substrings. Use it for a problem a
// test expects, and name it as narrowly as you can.
func (p *Page) IgnoreErrors(substrings ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ignore = append(p.ignore, substrings...)
}

// ignored reports whether e is hidden by IgnoreErrors. p.mu must be held.
func (p *Page) ignored(e string) bool { return containsAny(e, p.ignore) }

// containsAny reports whether s contains one of the substrings.
func containsAny(s string, substrings []string) bool {
	for _, sub := range substrings {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// addError records one problem. p.mu must be held.
func (p *Page) addError(format string, args ...any) {
	p.problems = append(p.problems, problem{text: fmt.Sprintf(format, args...)})
}

// addFailure records a failed request. p.mu must be held.
func (p *Page) addFailure(failedURL, format string, args ...any) {
	p.problems = append(p.problems, problem{text: fmt.Sprintf(format, args...), failedURL: failedURL})
}

// onEvent is the tab's event listener. chromedp calls it on the goroutine that
// reads the tab's messages, from the tab's first message on, so it must be
// quick and must not send commands.
func (p *Page) onEvent(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.addError("console.%s: %s%s", ev.Type, consoleText(ev.Args), stackPlace(ev.StackTrace))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d == nil {
			return
		}
		text := d.Text
		if d.Exception != nil {
			desc, _, _ := strings.Cut(remoteText(d.Exception), "\n    at ")
			text += " " + desc
		}
		place := ""
		if d.URL != "" {
			place = fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
		} else {
			place = stackPlace(d.StackTrace)
		}
		p.addError("uncaught exception: %s%s", strings.TrimSpace(text), place)
	case *log.EventEntryAdded:
		e := ev.Entry
		// Network entries ("Failed to load resource: ...") repeat what the
		// network events below already report.
		if e == nil || e.Level != log.EntryLevelError || e.Source == log.EntrySourceNetwork {
			return
		}
		place := ""
		if e.URL != "" {
			place = " (" + e.URL + ")"
		}
		p.problems = append(p.problems, problem{
			text:    fmt.Sprintf("browser log (%s): %s%s", e.Source, e.Text, place),
			fromLog: true,
		})
	case *network.EventRequestWillBeSent:
		if ev.Request == nil {
			return
		}
		p.requests[ev.RequestID] = request{
			method:      ev.Request.Method,
			url:         ev.Request.URL,
			documentURL: ev.DocumentURL,
		}
	case *network.EventResponseReceived:
		r := ev.Response
		if r == nil || r.Status < 400 {
			return
		}
		req := p.requests[ev.RequestID]
		req.status = r.Status
		p.requests[ev.RequestID] = req
		// Only a resource of the document's own origin counts, and not the
		// browser's own favicon request.
		if !sameOrigin(r.URL, req.documentURL) || isFavicon(r.URL, ev.Type) {
			return
		}
		p.addFailure(r.URL, "HTTP %d %s: %s %s (%s)", r.Status, strings.TrimSpace(r.StatusText), methodOr(req.method), r.URL, ev.Type)
	case *network.EventLoadingFailed:
		req := p.requests[ev.RequestID]
		if req.status >= 400 || isFavicon(req.url, ev.Type) {
			// The error status decided already: reported above for the
			// document's origin, not counted for another. (The browser
			// aborts such a load, for a script, say.)
			return
		}
		reason := ev.ErrorText
		if ev.BlockedReason != "" {
			reason += " (blocked: " + string(ev.BlockedReason) + ")"
		}
		if ev.CorsErrorStatus != nil {
			reason += " (CORS: " + string(ev.CorsErrorStatus.CorsError) + ")"
		}
		p.addFailure(req.url, "request failed: %s %s (%s): %s", methodOr(req.method), req.url, ev.Type, reason)
	}
}

// isFavicon reports whether the request is the browser's own look for
// /favicon.ico, which it makes for every page after the load: not a resource
// of the page, and racy to report.
func isFavicon(rawURL string, typ network.ResourceType) bool {
	u, err := url.Parse(rawURL)
	return err == nil && typ == network.ResourceTypeOther && u.Path == "/favicon.ico"
}

// methodOr returns the HTTP method, or GET when it is unknown.
func methodOr(m string) string {
	if m == "" {
		return "GET"
	}
	return m
}

// sameOrigin reports whether the two URLs have the same scheme, host and port.
func sameOrigin(a, b string) bool {
	ua, err := url.Parse(a)
	if err != nil {
		return false
	}
	ub, err := url.Parse(b)
	if err != nil {
		return false
	}
	return ua.Scheme == ub.Scheme && ua.Host == ub.Host
}

// stackPlace returns " (url:line)" for the top frame of the stack, or "".
func stackPlace(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	if f.URL == "" {
		return ""
	}
	return fmt.Sprintf(" (%s:%d)", f.URL, f.LineNumber+1)
}

// consoleText renders the arguments of a console call roughly as the DevTools
// console shows them: strings as they are, other values by their description.
func consoleText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		parts = append(parts, remoteText(a))
	}
	return strings.Join(parts, " ")
}

// remoteText renders one remote object.
func remoteText(o *runtime.RemoteObject) string {
	if o == nil {
		return "null"
	}
	if o.Type == runtime.RemoteObjectTypeString {
		var s string
		if err := json.Unmarshal(o.Value, &s); err == nil {
			return s
		}
	}
	switch {
	case o.Type == runtime.RemoteObjectTypeUndefined:
		return "undefined"
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Description != "":
		return o.Description
	case len(o.Value) > 0:
		return string(o.Value)
	}
	return string(o.Type)
}
