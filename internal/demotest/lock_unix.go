//go:build unix

package demotest

import (
	"os"
	"syscall"
)

// lock takes an exclusive lock on the file path, creating it, and returns
// the function that releases it. It waits while another process holds it.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
