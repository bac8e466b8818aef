// Deterministic random numbers for the generator.
//
// The std:: distributions are implementation-defined and libm's exp/log may differ in
// the last bit between platforms, so everything here is built from integer operations
// and IEEE-754 +, -, *, /, sqrt only (compiled with -ffp-contract=off): the same seed
// gives the same numbers on every machine and compiler.
//
// An Rng is one stream; streams are keyed by (seed, domain, index) so that each
// customer (and each fault injector) draws from its own stream and results do not
// depend on how work is split across threads. Not thread-safe; one per thread of use.
#pragma once

#include <cstdint>
#include <span>

namespace attrition::sources {

// exp(x) and log(x) to within about 1 ulp, from basic arithmetic only.
double DeterministicExp(double x);
// REQUIRES: x > 0 and finite.
double DeterministicLog(double x);

// Domains keep the streams of different purposes apart.
enum class StreamDomain : uint64_t {
  kCustomer = 1,
  kFaults = 2,
};

class Rng {
 public:
  // A stream keyed by (seed, domain, index); distinct keys give independent streams.
  Rng(uint64_t seed, StreamDomain domain, uint64_t index);

  uint64_t NextU64();  // xoshiro256**

  // Uniform in [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }
  // Uniform integer in [lo, hi), exact (rejection, no modulo bias); numpy's
  // integers(lo, hi). REQUIRES: lo < hi.
  int64_t Integer(int64_t lo, int64_t hi);
  bool Bernoulli(double p) { return Uniform() < p; }
  // Standard normal (Marsaglia polar method; the second value of a pair is cached).
  double Normal();
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // exp(N(mu, sigma^2)).
  double LogNormal(double mu, double sigma) { return DeterministicExp(Normal(mu, sigma)); }
  // Poisson(lambda) by Knuth's product of uniforms. REQUIRES: 0 <= lambda < 700.
  int64_t Poisson(double lambda);
  // Index i with probability p[i] (p sums to 1; the last bucket takes the rounding).
  int Pick(std::span<const double> p);

 private:
  uint64_t s_[4];
  double cached_normal_ = 0.0;
  bool has_cached_normal_ = false;
};

}  // namespace attrition::sources
