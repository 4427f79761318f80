package browser

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby/internal/chromium"
	"github.com/blandby/blandby/internal/modroot"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

// pages serves the test pages: each key is a path, each value its HTML. Any
// other path is a 404.
func pages(t *testing.T, html map[string]string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, body := range html {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// fakeTB records what a helper does to a test. Skip and Fatal end the
// goroutine, as they do for a real test, so run the helper with run.
type fakeTB struct {
	testing.TB // nil: any method not below panics
	skipped    bool
	failed     bool
	msgs       []string
}

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Cleanup(fn func()) {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.failed = true
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatal(args ...any) {
	f.failed = true
	f.msgs = append(f.msgs, fmt.Sprint(args...))
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = true
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

// run calls fn with a fresh fakeTB on its own goroutine and returns the
// fakeTB when fn returns or stops.
func run(fn func(tb testing.TB)) *fakeTB {
	f := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

func TestSkipOrFail(t *testing.T) {
	missing := fmt.Errorf("browser: %w: test", chromium.ErrNotFound)
	tests := []struct {
		name        string
		ci          string
		err         error
		skip, fatal bool
	}{
		{name: "missing", ci: "", err: missing, skip: true},
		{name: "missing on CI", ci: "true", err: missing, fatal: true},
		{name: "broken", ci: "", err: errors.New("browser: crashed"), fatal: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			f := run(func(tb testing.TB) { skipOrFail(tb, tt.err) })
			if f.skipped != tt.skip || f.failed != tt.fatal {
				t.Fatalf("skipOrFail: skipped=%v failed=%v %q; want skipped=%v failed=%v", f.skipped, f.failed, f.msgs, tt.skip, tt.fatal)
			}
			if len(f.msgs) != 1 || !strings.Contains(f.msgs[0], tt.err.Error()) {
				t.Fatalf("skipOrFail said %q; want the error %q", f.msgs, tt.err)
			}
		})
	}
}

// TestNew starts a browser of the test's own, not the shared one.
func TestNew(t *testing.T) {
	t.Parallel()
	srv := pages(t, map[string]string{"/": `<!doctype html><title>t</title><p>hi</p>`})
	b := New(t)
	p := b.Open(t, srv.URL+"/")
	var size struct{ W, H int }
	p.Eval(t, `({W: window.innerWidth, H: window.innerHeight})`, &size)
	if size.W != WindowWidth || size.H != WindowHeight {
		t.Errorf("viewport = %dx%d; want %dx%d", size.W, size.H, WindowWidth, WindowHeight)
	}
	if got := p.Text(t, "p"); got != "hi" {
		t.Errorf("Text(p) = %q; want %q", got, "hi")
	}
	p.NoErrors(t)
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := os.Stat(b.userDataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the user data directory %s is still there after Close (%v)", b.userDataDir, err)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	// Another origin, whose 404s do not count.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		http.NotFound(w, r)
	}))
	t.Cleanup(other.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // nothing listens there now
	srv := pages(t, map[string]string{
		"/clean": `<!doctype html><title>clean</title><p>fine</p>`,
		"/console": `<!doctype html><title>console</title>
<script>console.log("just a log"); console.warn("a warning"); console.error("boom", 42);</script>`,
		"/throw": `<!doctype html><title>throw</title>
<script>
throw new Error("kaput");
</script>`,
		"/missing": `<!doctype html><title>missing</title><script src="/missing.js"></script>`,
		"/fetch": `<!doctype html><title>fetch</title>
<script>
Promise.all([fetch("/nope.json"), fetch("` + other.URL + `/nope.json")]).then(() => { window.fetched = true; });
</script>`,
		"/refused": `<!doctype html><title>refused</title><img src="` + closed.URL + `/x.png" alt="">`,
		"/later": `<!doctype html><title>later</title>
<script>addEventListener("load", () => setTimeout(() => {
	Promise.reject(new Error("too late"));
	setTimeout(() => { window.thrown = true; }, 20);
}, 50));</script>`,
	})
	u := srv.URL
	tests := []struct {
		path string
		wait string // a JavaScript condition to wait for after the load
		want []string
	}{
		{path: "/clean"},
		{path: "/nosuchpage", want: []string{"HTTP 404 Not Found: GET " + u + "/nosuchpage (Document)"}},
		{path: "/console", want: []string{"console.error: boom 42 (" + u + "/console:2)"}},
		{path: "/throw", want: []string{"uncaught exception: Uncaught Error: kaput (" + u + "/throw:3)"}},
		{path: "/missing", want: []string{"HTTP 404 Not Found: GET " + u + "/missing.js (Script)"}},
		// A 404 of another origin is not this site's problem.
		{path: "/fetch", wait: "window.fetched", want: []string{"HTTP 404 Not Found: GET " + u + "/nope.json (Fetch)"}},
		{path: "/refused", want: []string{"request failed: GET " + closed.URL + "/x.png (Image): net::ERR_CONNECTION_REFUSED"}},
		{path: "/later", wait: "window.thrown", want: []string{"uncaught exception: Uncaught (in promise) Error: too late (" + u + "/later:3)"}},
	}
	b := Shared(t)
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			t.Parallel()
			p := b.Open(t, u+tt.path)
			if tt.wait != "" {
				p.WaitUntil(t, tt.wait)
			}
			if diff := cmp.Diff(tt.want, p.Errors()); diff != "" {
				t.Errorf("Errors() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNoErrors(t *testing.T) {
	t.Parallel()
	srv := pages(t, map[string]string{
		"/clean": `<!doctype html><title>clean</title>`,
		"/bad":   `<!doctype html><title>bad</title><script>console.error("first"); console.error("second")</script>`,
	})
	b := Shared(t)

	clean := b.Open(t, srv.URL+"/clean")
	if f := run(clean.NoErrors); f.failed {
		t.Errorf("NoErrors failed on a clean page: %q", f.msgs)
	}

	bad := b.Open(t, srv.URL+"/bad")
	f := run(bad.NoErrors)
	if !f.failed || len(f.msgs) != 1 {
		t.Fatalf("NoErrors on a page with two errors: failed=%v %q; want one failure", f.failed, f.msgs)
	}
	for _, want := range []string{"2 error(s)", "console.error: first", "console.error: second"} {
		if !strings.Contains(f.msgs[0], want) {
			t.Errorf("NoErrors said %q; want it to contain %q", f.msgs[0], want)
		}
	}

	bad.IgnoreErrors("first")
	if diff := cmp.Diff([]string{"console.error: second (" + srv.URL + "/bad:1)"}, bad.Errors()); diff != "" {
		t.Errorf("Errors() after IgnoreErrors mismatch (-want +got):\n%s", diff)
	}
	bad.IgnoreErrors("second")
	if f := run(bad.NoErrors); f.failed {
		t.Errorf("NoErrors failed with every error ignored: %q", f.msgs)
	}
}

const formPage = `<!doctype html><title>form</title>
<ul id="items"><li>one</li><li>two</li></ul>
<button id="add" onclick="items.insertAdjacentHTML('beforeend', '<li>added</li>')">Add</button>
<button id="off" disabled>Off</button>
<input id="name">
<select id="kind"><option value="a">A</option><option value="b">B</option></select>
<p id="hidden" style="display:none">secret</p>
<p id="late"></p>
<script>
window.events = [];
for (const id of ["name", "kind"]) {
	for (const type of ["input", "change"]) {
		document.getElementById(id).addEventListener(type, e => events.push(type + ":" + id + "=" + e.target.value));
	}
}
setTimeout(() => { late.textContent = "arrived"; }, 100);
</script>`

func TestHelpers(t *testing.T) {
	t.Parallel()
	srv := pages(t, map[string]string{"/": formPage})
	p := Shared(t).Open(t, srv.URL+"/")

	if got := p.Count(t, "#items li"); got != 2 {
		t.Errorf("Count(#items li) = %d; want 2", got)
	}
	if got := p.Count(t, ".none"); got != 0 {
		t.Errorf("Count(.none) = %d; want 0", got)
	}
	p.Click(t, "#add")
	p.Click(t, "#add")
	if got := p.Count(t, "#items li"); got != 4 {
		t.Errorf("Count(#items li) after two clicks = %d; want 4", got)
	}
	if got := p.Text(t, "#items li:last-child"); got != "added" {
		t.Errorf("Text(last item) = %q; want %q", got, "added")
	}
	if got := p.Text(t, "#hidden"); got != "secret" {
		t.Errorf("Text(#hidden) = %q; want %q", got, "secret")
	}

	p.WaitUntil(t, `document.getElementById("late").textContent !== ""`)
	if got := p.Text(t, "#late"); got != "arrived" {
		t.Errorf("Text(#late) = %q; want %q", got, "arrived")
	}
	p.WaitVisible(t, "#add")

	p.SetValue(t, "#name", "Ærø")
	p.SetValue(t, "#kind", "b")
	var events []string
	p.Eval(t, "window.events", &events)
	want := []string{"input:name=Ærø", "change:name=Ærø", "input:kind=b", "change:kind=b"}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("events mismatch (-want +got):\n%s", diff)
	}

	if f := run(func(tb testing.TB) { p.SetValue(tb, "#kind", "zzz") }); !f.failed {
		t.Errorf("SetValue to a missing option did not fail")
	}
	if f := run(func(tb testing.TB) { p.Count(tb, "li[") }); !f.failed || !strings.Contains(f.msgs[0], "not a valid selector") {
		t.Errorf("Count with a bad selector: failed=%v %q; want a failure about the selector", f.failed, f.msgs)
	}
	if f := run(func(tb testing.TB) { p.Eval(tb, "undefined", new(int)) }); !f.failed {
		t.Errorf("Eval of undefined into an int did not fail")
	}
	if f := run(func(tb testing.TB) { p.Eval(tb, "nosuchvariable", nil) }); !f.failed {
		t.Errorf("Eval of a ReferenceError did not fail")
	}

	var sum struct{ N int }
	p.Eval(t, `new Promise(ok => setTimeout(() => ok({N: 1 + 2}), 10))`, &sum)
	if sum.N != 3 {
		t.Errorf("Eval of a promise = %+v; want N=3", sum)
	}
	p.NoErrors(t)
}

func TestSubmit(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>search</title>
<form id="search" action="/result"><input id="q" name="q" required><button id="go">Go</button></form>
<form id="local"><input id="local-q" name="q"></form><p id="out"></p>
<script>document.getElementById("local").addEventListener("submit", e => {
	e.preventDefault();
	out.textContent = "local " + e.target.q.value;
});</script>`)
	})
	mux.HandleFunc("/result", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond) // a slow answer, to show that Submit waits for it
		fmt.Fprintf(w, `<!doctype html><title>result</title><p id="out">you searched for %s</p>`, r.FormValue("q"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	p := Shared(t).Open(t, srv.URL+"/")

	if f := run(func(tb testing.TB) { p.Submit(tb, "#q") }); !f.failed || !strings.Contains(f.msgs[0], "did not submit") {
		t.Errorf("Submit of a form with an empty required field: failed=%v %q; want a failure", f.failed, f.msgs)
	}

	p.SetValue(t, "#local-q", "here")
	p.Submit(t, "#local-q")
	if got := p.Text(t, "#out"); got != "local here" {
		t.Errorf("after the local submit, #out = %q; want %q", got, "local here")
	}

	p.SetValue(t, "#q", "ribe")
	p.Submit(t, "#go")
	var loc string
	p.Eval(t, "location.pathname + location.search", &loc)
	if loc != "/result?q=ribe" {
		t.Errorf("after Submit the page is %q; want %q", loc, "/result?q=ribe")
	}
	if got := p.Text(t, "#out"); got != "you searched for ribe" {
		t.Errorf("after Submit, #out = %q; want %q", got, "you searched for ribe")
	}
	p.NoErrors(t)
}

func TestScreenshot(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvArtifacts, dir)
	srv := pages(t, map[string]string{
		"/": `<!doctype html><title>tall</title><body style="margin:0">
<div style="height:2000px;background:#fc0">tall</div>`,
	})
	p := Shared(t).Open(t, srv.URL+"/")
	path := p.Screenshot(t, "Test Screenshot/tall")
	if want := filepath.Join(dir, "screenshots", "Test_Screenshot_tall.png"); path != want {
		t.Errorf("Screenshot wrote %s; want %s", path, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("%s is not a PNG (starts %q)", path, data[:min(8, len(data))])
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	if cfg.Width != WindowWidth || cfg.Height != 2000 {
		t.Errorf("screenshot is %dx%d; want the whole page, %dx2000", cfg.Width, cfg.Height, WindowWidth)
	}
}

// TestArtifactsDir: screenshots land in test-artifacts at the module root
// unless BLANDBY_ARTIFACTS says otherwise.
func TestArtifactsDir(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, err := modroot.Find(wd)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvArtifacts, "")
	got, err := artifactsDir()
	if err != nil || got != filepath.Join(root, "test-artifacts") {
		t.Errorf("artifactsDir() = %q, %v; want %q", got, err, filepath.Join(root, "test-artifacts"))
	}
}

func TestAxe(t *testing.T) {
	t.Parallel()
	srv := pages(t, map[string]string{
		"/bad": `<!doctype html><html><title>bad</title><body><main><input id="nolabel"><img src="data:,"></main></body></html>`,
		"/good": `<!doctype html><html lang="da"><title>god</title><body><main><h1>God</h1>
<label for="x">Navn</label><input id="x"><img src="data:," alt="tom"></main></body></html>`,
	})
	p := Shared(t).Open(t, srv.URL+"/bad")
	ids := map[string]bool{}
	for _, v := range p.AxeViolations(t) {
		ids[v.ID] = true
	}
	for _, want := range []string{"label", "image-alt", "html-has-lang"} {
		if !ids[want] {
			t.Errorf("axe on a page with an unlabelled input, an image without alt and no lang: no %q violation in %v", want, ids)
		}
	}
	if f := run(func(tb testing.TB) { p.Axe(tb, "bad") }); !f.failed {
		t.Error("Axe on the bad page did not fail")
	}
	p.Close()

	p = Shared(t).Open(t, srv.URL+"/good")
	if v := p.AxeViolations(t); len(v) != 0 {
		t.Errorf("axe on the good page: %v", v)
	}
	p.Close()
}

// keysPage has a link, a text field, a checkbox, a select, a button and a
// field that hides its focus.
const keysPage = `<!doctype html><html lang="en"><title>keys</title><body>
<a id="first" href="#x">First</a>
<label for="name">Name</label><input id="name" value="old">
<input type="checkbox" id="tick"><label for="tick">Tick</label>
<label for="kind">Kind</label><select id="kind"><option value="a">A</option><option value="b">B</option><option value="c">C</option></select>
<button id="go" type="button" onclick="this.textContent='pressed'">Go</button>
<style>#bare:focus { outline: none; }</style><label for="bare">Bare</label><input id="bare">
</body></html>`

func TestKeys(t *testing.T) {
	t.Parallel()
	srv := pages(t, map[string]string{"/": keysPage})
	p := Shared(t).Open(t, srv.URL+"/")
	p.Press(t, "Tab")
	if f := p.Focused(t); f.ID != "first" || f.Tag != "a" || f.Label != "First" || !f.Ring {
		t.Errorf("after the first Tab the focus is on %s (ring %v); want the link a#first with a ring", f, f.Ring)
	}
	p.Press(t, "Tab")
	if f := p.Focused(t); f.ID != "name" || f.Label != "Name" {
		t.Errorf("after two Tabs the focus is on %s; want input#name labelled Name", f)
	}
	p.Type(t, "Ærø 1")
	p.Press(t, "Tab", "Space", "Tab", "ArrowDown", "ArrowDown", "ArrowUp", "Tab", "Enter")
	var got struct {
		Name, Kind, Go string
		Tick           bool
	}
	p.Eval(t, `({Name: document.getElementById("name").value, Kind: document.getElementById("kind").value,
		Tick: document.getElementById("tick").checked, Go: document.getElementById("go").textContent})`, &got)
	if got.Name != "Ærø 1" || !got.Tick || got.Kind != "b" || got.Go != "pressed" {
		t.Errorf("after typing and keys: %+v; want the name replaced by the typed text (the Tab selected it), the box ticked, kind b and the button pressed", got)
	}
	p.Press(t, "Shift+Tab")
	if f := p.Focused(t); f.ID != "kind" {
		t.Errorf("Shift+Tab from the button: focus on %s; want select#kind", f)
	}
	p.Press(t, "Tab", "Tab")
	if f := p.Focused(t); f.ID != "bare" || f.Ring {
		t.Errorf("focus on %s with ring %v; want input#bare without a ring", f, f.Ring)
	}
	p.Resize(t, 1024, 700)
	var w struct{ Width, Height int }
	p.Eval(t, `({Width: window.innerWidth, Height: window.innerHeight})`, &w)
	if w.Width != 1024 || w.Height != 700 {
		t.Errorf("after Resize(1024, 700) the window is %+v", w)
	}
	if f := run(func(tb testing.TB) { p.Press(tb, "Hyper") }); !f.failed {
		t.Error("Press of an unknown key did not fail")
	}
	p.NoErrors(t)
}
