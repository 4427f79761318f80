package main

import "os"

func writeFile(p, body string) error { return os.WriteFile(p, []byte(body), 0o644) }
func osArgs0() string                { return os.Args[0] }
func environ() []string              { return os.Environ() }
