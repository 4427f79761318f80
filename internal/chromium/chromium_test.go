package chromium

import (
	"errors"
	"os/exec"
	"testing"
)

func TestFind(t *testing.T) {
	installed := func(names ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			for _, n := range names {
				if n == name {
					return "/found/" + name, nil
				}
			}
			return "", exec.ErrNotFound
		}
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == Env {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name      string
		env       string
		installed []string
		want      string
		wantErr   error // nil: no error
		notFound  bool  // the error wraps ErrNotFound
	}{
		{name: "chromium", installed: []string{"chromium", "chromium-browser"}, want: "/found/chromium"},
		{name: "chromium-browser", installed: []string{"chromium-browser"}, want: "/found/chromium-browser"},
		{name: "env wins", env: "my-chrome", installed: []string{"my-chrome", "chromium"}, want: "/found/my-chrome"},
		{name: "none", installed: nil, notFound: true},
		{name: "env names nothing", env: "nope", installed: []string{"chromium"}, wantErr: exec.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := find(env(tt.env), installed(tt.installed...))
			switch {
			case tt.notFound:
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("find() = %q, %v; want an error wrapping ErrNotFound", got, err)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) || errors.Is(err, ErrNotFound) {
					t.Fatalf("find() = %q, %v; want an error wrapping %v and not ErrNotFound", got, err, tt.wantErr)
				}
			case err != nil || got != tt.want:
				t.Fatalf("find() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
