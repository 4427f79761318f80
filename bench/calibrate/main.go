// Command calibrate checks the synthetic Denmark against the published
// lists: it generates the area residents and reference values of a seed
// (data years 2006–2023, in memory), computes the list years 2010–2024 with
// compute.Run from no published history, and prints a Markdown table of the
// counts per list year and list, synthetic against published. It exits with
// status 1 when a 2018–2024 count is more than 25 % off the published one,
// or when udsat, parallelsamfund or omdannelse is not lower in 2024 than in
// 2018.
//
//	go run ./bench/calibrate [--seed N] [--scale F]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/blandby/blandby/synth"
)

func main() {
	seed := flag.Uint64("seed", synth.DefaultSeed, "seed of the synthetic Denmark")
	scale := flag.Float64("scale", 1, "population scale (the lists need scale 1: smaller areas fall under 1,000 residents)")
	workers := flag.Int("workers", 0, "goroutines (default: one per CPU; the result does not depend on it)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	c, err := synth.Calibrate(ctx, synth.Config{Seed: *seed, Scale: *scale, Workers: *workers}, synth.CalibrationFirst)
	if err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(2)
	}
	fmt.Printf("Seed %d, scale %g: list years %d–%d computed from the area residents of data years %d–%d and the reference values.\n\n",
		*seed, *scale, synth.CalibrationFirst, synth.CalibrationLast, synth.FirstDataYear, synth.CalibrationLast-1)
	if err := c.Markdown(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(2)
	}
	fmt.Fprintf(os.Stderr, "calibrate: %.1f s\n", time.Since(start).Seconds())
	if problems := c.Problems(); len(problems) > 0 {
		fmt.Println()
		for _, p := range problems {
			fmt.Println("- FAIL:", p)
		}
		os.Exit(1)
	}
	fmt.Println("\nAll 2018–2024 counts are within ±25 % of the published ones, and udsat, parallelsamfund and omdannelse fall from 2018 to 2024.")
}
