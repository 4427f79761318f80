package synth

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
)

// small is a configuration that runs in well under a second.
func small(seed uint64, first, last int) Config {
	return Config{Seed: seed, Scale: 0.005, FirstYear: first, LastYear: last}
}

func newGen(t testing.TB, cfg Config) *Generator {
	t.Helper()
	g, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// digest runs a generator and returns a hash of every emitted value, per
// data year, and the number of rows per year.
func digest(t testing.TB, g *Generator, mode Mode) (map[int][32]byte, map[int]int) {
	t.Helper()
	hs := map[int][]byte{}
	rows := map[int]int{}
	var buf []byte
	err := g.Run(context.Background(), mode, func(year int, b *register.Batch) error {
		buf = buf[:0]
		for i := 0; i < b.Len(); i++ {
			p := b.Row(i)
			buf = binary.LittleEndian.AppendUint64(buf, uint64(p.ID))
			buf = binary.LittleEndian.AppendUint32(buf, uint32(p.Area))
			buf = binary.LittleEndian.AppendUint16(buf, p.Municipality)
			buf = append(buf, p.Region, p.Age, byte(p.Origin), byte(p.Education), byte(p.EducationDK))
			buf = binary.LittleEndian.AppendUint32(buf, uint32(p.FTE))
			buf = fmt.Appendf(buf, "%t%t%t", p.Convicted, p.InEducation, p.Taxpayer)
			buf = binary.LittleEndian.AppendUint64(buf, uint64(p.Income))
		}
		h := sha256.Sum256(append(hs[year], buf...))
		hs[year] = h[:]
		rows[year] += b.Len()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int][32]byte{}
	for y, h := range hs {
		out[y] = [32]byte(h)
	}
	return out, rows
}

func TestDeterministic(t *testing.T) {
	cfg := small(7, 2006, 2008)
	a, rowsA := digest(t, newGen(t, cfg), Full)
	cfg.Workers = 1
	b, _ := digest(t, newGen(t, cfg), Full)
	cfg.Workers = 5
	g := newGen(t, cfg)
	c, _ := digest(t, g, Full)
	again, _ := digest(t, g, Full) // a second run of the same generator
	for _, other := range []map[int][32]byte{b, c, again} {
		if !cmp.Equal(a, other) {
			t.Fatalf("same seed and config gave different data")
		}
	}
	if len(a) != 3 || rowsA[2006] < 25000 {
		t.Fatalf("years %d, rows %v", len(a), rowsA)
	}
	d, _ := digest(t, newGen(t, small(8, 2006, 2008)), Full)
	for y := range a {
		if a[y] == d[y] {
			t.Errorf("seeds 7 and 8 gave the same data year %d", y)
		}
	}
	// A data year does not depend on the years asked for.
	late, _ := digest(t, newGen(t, small(7, 2008, 2008)), Full)
	if late[2008] != a[2008] {
		t.Errorf("data year 2008 differs when 2006-2007 are not emitted")
	}
}

func TestAreasRegistry(t *testing.T) {
	a, b := newGen(t, small(1, 2006, 2006)).Areas(), newGen(t, small(1, 2006, 2006)).Areas()
	c := newGen(t, small(2, 2006, 2006)).Areas()
	if a.Len() < 230 || a.Len() > 270 {
		t.Errorf("%d areas", a.Len())
	}
	same, names := true, 0
	for i := range int32(a.Len()) {
		if a.At(i) != b.At(i) {
			same = false
		}
		if c.Len() == a.Len() && c.At(i).Name == a.At(i).Name {
			names++
		}
		ar := a.At(i)
		if isRealName(ar.Name) {
			t.Errorf("area %s is named like a real place: %s", ar.ID, ar.Name)
		}
		m, ok := dk.MunicipalityByCode(ar.MunicipalityCode)
		if !ok || m.RegionCode != ar.RegionCode || ar.ID[:4] != fmt.Sprintf("%04d", ar.MunicipalityCode) {
			t.Errorf("area %+v is not in a consistent municipality and region", ar)
		}
		if ar.DwellingsTotal <= 0 || ar.FamilyDwellings <= 0 || ar.FamilyDwellings > ar.DwellingsTotal {
			t.Errorf("area %s: dwellings %d, family dwellings %d", ar.ID, ar.DwellingsTotal, ar.FamilyDwellings)
		}
	}
	if !same {
		t.Error("the same seed gave different registries")
	}
	if names > a.Len()/4 {
		t.Errorf("seeds 1 and 2 share %d of %d area names", names, a.Len())
	}
}

// TestAreasModeMatchesFull: computing from the area residents with the
// reference gives exactly the indicators computed from everyone.
func TestAreasModeMatchesFull(t *testing.T) {
	cfg := Config{Seed: 3, Scale: 0.006, FirstYear: 2006, LastYear: 2023}
	full, err := newGen(t, cfg).Data(context.Background(), Full)
	if err != nil {
		t.Fatal(err)
	}
	g := newGen(t, cfg)
	areas, err := g.Data(context.Background(), AreasOnly)
	if err != nil {
		t.Fatal(err)
	}
	if areas.Reference == nil || full.Reference != nil {
		t.Fatal("areas-mode data must carry the reference, full-mode data not")
	}
	ft, _ := full.Tables(2015)
	at, _ := areas.Tables(2015)
	if at.Rows*5 > ft.Rows {
		t.Fatalf("areas mode emitted %d rows of %d", at.Rows, ft.Rows)
	}
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ratios := cmp.Comparer(func(a, b blandby.Ratio) bool { return a.Cmp(b) == 0 })
	for _, y := range []int{2010, 2013, 2014, 2017, 2018, 2021, 2024} {
		rs, err := cat.ForListYear(y)
		if err != nil {
			t.Fatal(err)
		}
		want, err := indicator.Compute(rs, y, full)
		if err != nil {
			t.Fatal(err)
		}
		got, err := indicator.Compute(rs, y, areas)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Indicators, got.Indicators, ratios); diff != "" {
			t.Errorf("list year %d: indicators differ (-full +areas):\n%s", y, diff)
		}
		if diff := cmp.Diff(want.Details, got.Details, ratios); diff != "" {
			t.Errorf("list year %d: details differ (-full +areas):\n%s", y, diff)
		}
		known := 0
		for _, ind := range got.Indicators {
			if ind.Convicted.Known && ind.NationalConvicted.Known && ind.Residents > 0 {
				known++
			}
		}
		if known < 120 {
			t.Errorf("list year %d: only %d areas with known conviction values", y, known)
		}
	}
}

func TestScaleIsProportional(t *testing.T) {
	_, a := digest(t, newGen(t, Config{Seed: 1, Scale: 0.005, FirstYear: 2008, LastYear: 2008}), Full)
	_, b := digest(t, newGen(t, Config{Seed: 1, Scale: 0.015, FirstYear: 2008, LastYear: 2008}), Full)
	_, aa := digest(t, newGen(t, Config{Seed: 1, Scale: 0.005, FirstYear: 2008, LastYear: 2008}), AreasOnly)
	_, ba := digest(t, newGen(t, Config{Seed: 1, Scale: 0.015, FirstYear: 2008, LastYear: 2008}), AreasOnly)
	for _, c := range []struct {
		what string
		x, y int
	}{{"everyone", a[2008], b[2008]}, {"area residents", aa[2008], ba[2008]}} {
		if r := float64(c.y) / float64(c.x); math.Abs(r-3) > 0.09 {
			t.Errorf("%s: %d at scale 0.005, %d at scale 0.015 (ratio %.3f, want 3)", c.what, c.x, c.y, r)
		}
	}
	// Scale 1 is about Denmark (checked against the municipalities' sizes,
	// without generating 5.5 million persons).
	total := 0.0
	for _, m := range dk.Municipalities {
		total += float64(m.Population) * defaultModel().popFactor
	}
	if per := float64(a[2008]) / 0.005; per < 0.98*total || per > 1.06*total {
		t.Errorf("%d rows at scale 0.005 is %.0f at scale 1; the municipalities start at %.0f", a[2008], per, total)
	}
}

func TestBadConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Scale: -1}, {Scale: 5}, {FirstYear: 2005}, {FirstYear: 2010, LastYear: 2009}, {LastYear: 2031},
	} {
		if _, err := New(cfg); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("%+v: error %v, want an invalid-input error", cfg, err)
		}
	}
	if _, err := ParseMode("everyone"); err == nil {
		t.Error("ParseMode accepted an unknown mode")
	}
	for _, m := range []Mode{Full, AreasOnly} {
		if got, err := ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m, got, err)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	g := newGen(t, small(1, 2006, 2024))
	calls := 0
	err := g.Run(ctx, Full, func(year int, b *register.Batch) error {
		calls++
		if year == 2008 {
			cancel()
		}
		return nil
	})
	if err == nil || g.Reference() != nil {
		t.Fatalf("cancelled run: error %v, reference %v", err, g.Reference())
	}
	stop := fmt.Errorf("stop")
	if err := g.Run(context.Background(), Full, func(int, *register.Batch) error { return stop }); err != stop {
		t.Fatalf("error from the callback: got %v", err)
	}
}
