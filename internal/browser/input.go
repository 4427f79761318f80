package browser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keyNames are the keys Press knows, by the names of KeyboardEvent.key.
var keyNames = map[string]string{
	"Tab": kb.Tab, "Enter": kb.Enter, "Space": " ", "Escape": kb.Escape, "Backspace": kb.Backspace,
	"ArrowDown": kb.ArrowDown, "ArrowUp": kb.ArrowUp, "ArrowLeft": kb.ArrowLeft, "ArrowRight": kb.ArrowRight,
	"Home": kb.Home, "End": kb.End,
}

// Press presses each key in turn, as a person at the keyboard would: the
// page gets its keydown, keypress and keyup events and the browser does
// what the key does (Tab moves the focus, Space ticks a checkbox, Enter
// follows a link or submits a form). A key is one of Tab, Enter, Space,
// Escape, Backspace, ArrowDown, ArrowUp, ArrowLeft, ArrowRight, Home and
// End, optionally after "Shift+" ("Shift+Tab"). Press does not wait for what a key starts, such as a
// page load; follow it with a waiting helper.
func (p *Page) Press(t testing.TB, keys ...string) {
	t.Helper()
	for _, k := range keys {
		name, shift := strings.CutPrefix(k, "Shift+")
		key, ok := keyNames[name]
		if !ok {
			t.Fatalf("browser: Press %q: unknown key (known: Tab, Enter, Space, Escape, Backspace, arrows, Home, End, with an optional Shift+)", k)
		}
		var opts []chromedp.KeyOption
		if shift {
			opts = append(opts, chromedp.KeyModifiers(kb.ModifierShift))
		}
		if err := p.do(chromedp.KeyEvent(key, opts...)); err != nil {
			t.Fatalf("browser: Press %q: %v", k, err)
		}
	}
}

// Type types the text into the element that has the focus, key by key.
func (p *Page) Type(t testing.TB, text string) {
	t.Helper()
	if err := p.do(chromedp.KeyEvent(text)); err != nil {
		t.Fatalf("browser: Type %q: %v", text, err)
	}
}

// Focus describes the element that has the keyboard focus.
type Focus struct {
	// Tag is the element's tag in lower case ("body" when nothing has the
	// focus); ID, Name and Type its attributes.
	Tag, ID, Name, Type string
	// Label is what the element is called: the text of its label, or its
	// own text (a link, a button).
	Label string
	// Ring reports whether the element shows that it has the focus: an
	// outline of some width (not "none") or a box shadow.
	Ring bool
}

// String describes the element, such as `input#m0_age "Alder"`.
func (f Focus) String() string {
	s := f.Tag
	if f.ID != "" {
		s += "#" + f.ID
	} else if f.Name != "" {
		s += "[name=" + f.Name + "]"
	}
	return fmt.Sprintf("%s %q", s, f.Label)
}

// Focused returns the element that has the keyboard focus now.
func (p *Page) Focused(t testing.TB) Focus {
	t.Helper()
	var f Focus
	p.Eval(t, `(() => {
		const el = document.activeElement || document.body;
		const s = getComputedStyle(el);
		const label = (el.labels && el.labels.length ? el.labels[0].innerText : el.innerText || el.getAttribute("aria-label") || "").trim();
		return {Tag: el.localName, ID: el.id || "", Name: el.getAttribute("name") || "", Type: el.getAttribute("type") || "",
			Label: label.slice(0, 80),
			Ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== "" && s.boxShadow !== "none")};
	})()`, &f)
	return f
}

// Resize gives the page a viewport of width x height CSS pixels, as a
// window of another size would (the page lays itself out again).
func (p *Page) Resize(t testing.TB, width, height int) {
	t.Helper()
	if err := p.do(chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("browser: resizing to %dx%d: %v", width, height, err)
	}
}
