// Command gen makes the boundary files package geo embeds from the DAGI
// extract in ../shared/data/geo: run `go generate ./geo` from the
// repository root (the shared data must be next to it), or
//
//	go run ./geo/internal/gen -src ../shared/data/geo -out geo
//
// It prints the vertex counts and file sizes before and after.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blandby/blandby/geo/internal/build"
)

func main() {
	src := flag.String("src", "../../shared/data/geo", "directory with the DAGI kommuner.geojson and regioner.geojson")
	out := flag.String("out", ".", "directory to write kommuner.geojson and regioner.geojson to")
	opt := build.DefaultOptions
	flag.Float64Var(&opt.Tolerance, "tolerance", opt.Tolerance, "Douglas–Peucker tolerance in metres")
	flag.Float64Var(&opt.MinArea, "min-area", opt.MinArea, "drop rings smaller than this many km² after simplification")
	dry := flag.Bool("n", false, "print the figures without writing the files")
	flag.Parse()
	if err := run(*src, *out, opt, *dry); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string, opt build.Options, dry bool) error {
	res, err := build.RunDir(src, opt)
	if err != nil {
		return err
	}
	st := res.Stats
	files := []struct {
		name string
		data []byte
		i    int
	}{{build.MunicipalitiesFile, res.MunicipalitiesJSON, 0}, {build.RegionsFile, res.RegionsJSON, 1}}
	fmt.Printf("tolerance %g m, min area %g km², %d rounds, %d stretches refined\n", opt.Tolerance, opt.MinArea, st.Rounds, st.Refined)
	for _, f := range files {
		in, err := os.Stat(filepath.Join(src, f.name))
		if err != nil {
			return err
		}
		fmt.Printf("%s: %d rings, %d positions, %d bytes -> %d rings, %d positions, %d bytes\n", f.name,
			st.SourceRings[f.i], st.SourceVertices[f.i], in.Size(), st.OutputRings[f.i], st.OutputVertices[f.i], len(f.data))
	}
	if dry {
		return nil
	}
	for _, f := range files {
		tmp := filepath.Join(out, "."+f.name+".tmp")
		if err := os.WriteFile(tmp, f.data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(out, f.name)); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	return nil
}
