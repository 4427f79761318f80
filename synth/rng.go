package synth

import (
	"math"
	"math/bits"
)

// rng is a small, fast pseudo-random generator (splitmix64). Every
// partition, year and phase of a run has its own stream derived from the
// seed, so the output does not depend on how the work is scheduled.
type rng struct{ s uint64 }

// golden is the splitmix64 increment.
const golden = 0x9E3779B97F4A7C15

// mix64 is the splitmix64 finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// stream returns the generator of one stream, identified by the seed and a
// few integers (a partition, a year, a phase).
func stream(seed uint64, keys ...uint64) rng {
	h := mix64(seed + golden)
	for _, k := range keys {
		h = mix64(h ^ mix64(k+golden))
	}
	return rng{h}
}

// next returns 64 random bits.
func (r *rng) next() uint64 {
	r.s += golden
	return mix64(r.s)
}

// u32 returns 32 random bits.
func (r *rng) u32() uint32 { return uint32(r.next() >> 32) }

// float returns a uniform number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// intn returns a uniform integer in [0, n); n > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// bern returns true with probability p.
func (r *rng) bern(p float64) bool { return r.float() < p }

// norm returns a standard normal number (Box–Muller; used when persons are
// created, not in the yearly loop).
func (r *rng) norm() float64 {
	u := 1 - r.float() // (0, 1]
	v := r.float()
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*v)
}

// round rounds x to an integer at random: up with probability frac(x), so
// that the expected value is x.
func (r *rng) round(x float64) int {
	if x <= 0 {
		return 0
	}
	f := math.Floor(x)
	if r.float() < x-f {
		return int(f) + 1
	}
	return int(f)
}

// threshold converts a probability to a threshold for u32: an event of
// probability p happens when u32() < threshold(p).
func threshold(p float64) uint32 {
	switch {
	case p <= 0:
		return 0
	case p >= 1:
		return math.MaxUint32
	}
	return uint32(p * (1 << 32))
}

// normTable holds 1024 quantiles of the standard normal distribution, for
// cheap normal noise in the yearly loop.
var normTable = func() (t [1024]float32) {
	for i := range t {
		t[i] = float32(normQuantile((float64(i) + 0.5) / float64(len(t))))
	}
	return t
}()

// normQuantile is the inverse of the standard normal distribution function
// (Acklam's rational approximation, relative error below 1.2e-9).
func normQuantile(p float64) float64 {
	a := [6]float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	b := [5]float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	c := [6]float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	d := [4]float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
	const lo = 0.02425
	switch {
	case p < lo:
		q := math.Sqrt(-2 * math.Log(p))
		return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	case p > 1-lo:
		q := math.Sqrt(-2 * math.Log(1-p))
		return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	}
	q := p - 0.5
	r := q * q
	return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r + a[5]) * q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r + 1)
}
