// Package modroot finds the module's root directory: the nearest directory
// at or above a given one that holds go.mod. Tests use it to find files of
// the repository from their package's directory.
package modroot

import (
	"fmt"
	"os"
	"path/filepath"
)

// Find returns the nearest directory at or above dir that holds go.mod.
func Find(dir string) (string, error) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod at or above %s", dir)
		}
		d = parent
	}
}
