package web

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
)

// floodEnv names the URL a flood process sends to (see floodMain).
const floodEnv = "BLANDBY_TEST_FLOOD"

// floodMain, when floodEnv is set, makes this test binary a flood: 4
// goroutines GET, as fast as they can and anonymously, a route a caller
// must sign in for (floodEnv's URL), by turns with a 60 KB path and a short
// one, until interrupted, and then print how many requests they sent and
// how many were answered 429 (limited) and 431 (too large).
func floodMain() bool {
	url := os.Getenv(floodEnv)
	if url == "" {
		return false
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	var sent, limited, large atomic.Int64
	long := url + "/" + strings.Repeat("x", 60000)
	var wg sync.WaitGroup
	done := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				target := url + "/x"
				if i%2 == 0 {
					target = long
				}
				resp, err := http.Get(target)
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				sent.Add(1)
				switch resp.StatusCode {
				case http.StatusTooManyRequests:
					limited.Add(1)
				case http.StatusRequestHeaderFieldsTooLarge:
					large.Add(1)
				}
			}
		}()
	}
	<-stop
	close(done)
	wg.Wait()
	fmt.Println(sent.Load(), limited.Load(), large.Load())
	return true
}
