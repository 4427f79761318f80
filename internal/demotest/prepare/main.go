// Command prepare prepares a demo database for package demotest: demotest
// runs it with `go run`, so the preparation runs without the race detector
// even when the tests that need the database run with it (a full-scale
// demo takes seconds that way instead of minutes). The demo's own tests
// run demo.Prepare under the race detector.
//
// Usage: go run ./internal/demotest/prepare -db FILE -options JSON
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/store/sqlite"
)

func main() {
	db := flag.String("db", "", "the SQLite file to prepare (must not exist)")
	options := flag.String("options", "{}", "the demo.Options as JSON")
	flag.Parse()
	if err := run(context.Background(), *db, *options); err != nil {
		fmt.Fprintln(os.Stderr, "prepare:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db, options string) error {
	if db == "" {
		return fmt.Errorf("-db is required")
	}
	var opts demo.Options
	if err := json.Unmarshal([]byte(options), &opts); err != nil {
		return fmt.Errorf("-options: %w", err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return err
	}
	if _, err := demo.Prepare(ctx, st, nil, opts); err != nil {
		st.Close()
		return err
	}
	return st.Close()
}
