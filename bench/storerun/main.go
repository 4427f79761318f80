// Command storerun measures the store on a full national run: it computes
// list years 2010–2024 from the synthetic Denmark (as bench/calibrate
// does), then, on each back end, stores the run as `blandby compute
// --save` does (one transaction), publishes every year as `blandby
// publish` does, and checks every publication as `blandby check` does
// (recomputing each list from its stored inputs).
//
//	go run ./bench/storerun                            # SQLite only
//	scripts/with-postgres go run ./bench/storerun      # SQLite and PostgreSQL
//
// PostgreSQL is measured when --postgres or BLANDBY_TEST_POSTGRES names a
// server; the program creates a database of its own there and drops it
// after.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/postgres"
	"github.com/blandby/blandby/store/sqlite"
	"github.com/blandby/blandby/synth"
)

func main() {
	seed := flag.Uint64("seed", synth.DefaultSeed, "seed of the synthetic Denmark")
	pg := flag.String("postgres", os.Getenv("BLANDBY_TEST_POSTGRES"), "postgres:// URL of a server to measure too (default: BLANDBY_TEST_POSTGRES)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *seed, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "storerun:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, seed uint64, pg string) error {
	cat, err := law.Embedded()
	if err != nil {
		return err
	}
	began := time.Now()
	c, err := synth.Calibrate(ctx, synth.Config{Seed: seed, Scale: 1, Rules: cat}, synth.CalibrationFirst)
	if err != nil {
		return err
	}
	years := c.Years
	fmt.Printf("national run: list years %d–%d, %d areas, computed in %.2f s\n\n",
		years[0].Lists.Year, years[len(years)-1].Lists.Year, len(years[len(years)-1].Lists.Results), time.Since(began).Seconds())

	dir, err := os.MkdirTemp("", "blandby-storerun-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	backends := []struct {
		name string
		open func() (store.Store, func(), error)
	}{
		{"sqlite", func() (store.Store, func(), error) {
			st, err := sqlite.Open(ctx, filepath.Join(dir, "blandby.db"))
			return st, func() {}, err
		}},
	}
	if pg != "" {
		backends = append(backends, struct {
			name string
			open func() (store.Store, func(), error)
		}{"postgres", func() (store.Store, func(), error) { return openPostgres(ctx, pg) }})
	} else {
		fmt.Println("(no PostgreSQL: set --postgres or run under scripts/with-postgres)")
	}
	fmt.Println("| back end | store the run (1 transaction) | publish 15 years | check (recompute all) |")
	fmt.Println("|---|---|---|---|")
	for _, b := range backends {
		st, cleanup, err := b.open()
		if err != nil {
			return fmt.Errorf("%s: %w", b.name, err)
		}
		times, err := measure(ctx, st, cat, years)
		st.Close()
		cleanup()
		if err != nil {
			return fmt.Errorf("%s: %w", b.name, err)
		}
		fmt.Printf("| %s | %.3f s | %.3f s | %.3f s |\n", b.name, times[0].Seconds(), times[1].Seconds(), times[2].Seconds())
	}
	return nil
}

// measure stores, publishes and checks the run, and returns the time each
// took.
func measure(ctx context.Context, st store.Store, cat *law.Catalog, years []compute.Year) ([3]time.Duration, error) {
	var times [3]time.Duration
	now := time.Now().UTC()
	cs, err := record.Computations(years, nil, record.Source{Origin: store.Computed, Name: "register"}, "bench", now)
	if err != nil {
		return times, err
	}
	began := time.Now()
	ids, err := st.AddComputations(ctx, cs)
	if err != nil {
		return times, err
	}
	times[0] = time.Since(began)
	began = time.Now()
	by := app.Actor{Principal: auth.Principal{Role: auth.RoleAdmin, Name: "bench"}, Via: "bench"}
	for i, id := range ids {
		if _, err := app.Publish(ctx, st, cat, by, app.PublishRequest{Year: cs[i].Year, ComputationID: id, SoftwareVersion: "bench"}); err != nil {
			return times, err
		}
	}
	times[1] = time.Since(began)
	began = time.Now()
	rep, err := record.Check(ctx, st, cat, record.CheckOptions{})
	if err != nil {
		return times, err
	}
	times[2] = time.Since(began)
	if rep.Problems() > 0 || len(rep.Checked) != len(years) {
		return times, fmt.Errorf("check: %d publications checked, %d problems: %v", len(rep.Checked), rep.Problems(), rep.Findings)
	}
	return times, nil
}

// openPostgres creates a fresh database on the server and opens it; the
// cleanup drops it.
func openPostgres(ctx context.Context, server string) (store.Store, func(), error) {
	cfg, err := pgx.ParseConfig(server)
	if err != nil {
		return nil, nil, err
	}
	admin := stdlib.OpenDB(*cfg)
	name := fmt.Sprintf("blandby_storerun_%d", os.Getpid())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, nil, err
	}
	drop := func() {
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "storerun: drop database:", err)
		}
		admin.Close()
	}
	u, err := url.Parse(server)
	if err != nil {
		drop()
		return nil, nil, err
	}
	u.Path = "/" + name
	st, err := postgres.Open(ctx, u.String())
	if err != nil {
		drop()
		return nil, nil, err
	}
	return st, drop, nil
}
