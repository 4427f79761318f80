// Package failpoint lets crash tests stop a blandby process at a named point
// inside an operation, so that they can kill it there. A failpoint is
// active only when the environment variable BLANDBY_FAILPOINT names it;
// the process then writes "failpoint <name> reached" to standard error and
// sleeps until it is killed. In normal use the check is one environment lookup.
package failpoint

import (
	"fmt"
	"os"
	"sync"
	"time"
)

var active = sync.OnceValue(func() string { return os.Getenv("BLANDBY_FAILPOINT") })

// Inject stops the process at the failpoint name when it is active.
func Inject(name string) {
	if active() != name {
		return
	}
	fmt.Fprintf(os.Stderr, "failpoint %s reached\n", name)
	for {
		// Sleeping, not blocking forever: the runtime would take a
		// process whose goroutines all block for a deadlock and end it.
		time.Sleep(time.Hour)
	}
}
