#include "sources/random.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace attrition::sources {
namespace {

// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
uint64_t Mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^20 (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kLog2E = 1.44269504088896338700e+00;

// 1/i! for i = 0..13, each the correctly rounded quotient of exact integers.
constexpr double kInverseFactorial[14] = {1.0,
                                          1.0,
                                          1.0 / 2,
                                          1.0 / 6,
                                          1.0 / 24,
                                          1.0 / 120,
                                          1.0 / 720,
                                          1.0 / 5040,
                                          1.0 / 40320,
                                          1.0 / 362880,
                                          1.0 / 3628800,
                                          1.0 / 39916800,
                                          1.0 / 479001600,
                                          1.0 / 6227020800};

}  // namespace

double DeterministicExp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.78) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = k ln2 + r with |r| <= ln2 / 2; exp(r) by its Taylor polynomial of degree 13 in
  // Horner form (remainder below 2^-60 on that interval), then scaled by 2^k.
  const double kd = std::floor(x * kLog2E + 0.5);
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
  double sum = kInverseFactorial[13];
  for (int i = 12; i >= 0; --i) sum = sum * r + kInverseFactorial[i];
  return std::ldexp(sum, static_cast<int>(kd));
}

double DeterministicLog(double x) {
  assert(x > 0 && std::isfinite(x));
  int e = 0;
  double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    --e;
  }
  // log(m) = 2 atanh(f), f = (m-1)/(m+1), |f| <= 0.1716: the odd series to f^23 is
  // exact to below 2^-60.
  const double f = (m - 1.0) / (m + 1.0);
  const double f2 = f * f;
  double s = 1.0 / 23.0;
  for (int k = 21; k >= 1; k -= 2) s = s * f2 + 1.0 / k;
  const double log_m = 2.0 * f * s;
  return e * kLn2Hi + (e * kLn2Lo + log_m);
}

Rng::Rng(uint64_t seed, StreamDomain domain, uint64_t index) {
  uint64_t state = Mix64(Mix64(Mix64(seed) ^ static_cast<uint64_t>(domain)) ^ index);
  for (uint64_t& word : s_) {
    state += 0x9e3779b97f4a7c15ULL;
    word = Mix64(state);
  }
}

uint64_t Rng::NextU64() {
  const uint64_t result = RotateLeft(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = RotateLeft(s_[3], 45);
  return result;
}

int64_t Rng::Integer(int64_t lo, int64_t hi) {
  assert(lo < hi);
  const uint64_t n = static_cast<uint64_t>(hi - lo);
  // Draws below 2^64 mod n are rejected so that every residue is equally likely.
  const uint64_t threshold = (0 - n) % n;
  uint64_t x = NextU64();
  while (x < threshold) x = NextU64();
  return lo + static_cast<int64_t>(x % n);
}

double Rng::Normal() {
  if (has_cached_normal_) {
    has_cached_normal_ = false;
    return cached_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * Uniform() - 1.0;
    v = 2.0 * Uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double scale = std::sqrt(-2.0 * DeterministicLog(s) / s);
  cached_normal_ = v * scale;
  has_cached_normal_ = true;
  return u * scale;
}

int64_t Rng::Poisson(double lambda) {
  assert(lambda >= 0 && lambda < 700);
  const double limit = DeterministicExp(-lambda);
  int64_t k = 0;
  double product = Uniform();
  while (product > limit) {
    ++k;
    product *= Uniform();
  }
  return k;
}

int Rng::Pick(std::span<const double> p) {
  const double u = Uniform();
  double cumulative = 0.0;
  const int last = static_cast<int>(p.size()) - 1;
  for (int i = 0; i < last; ++i) {
    cumulative += p[i];
    if (u < cumulative) return i;
  }
  return last;
}

}  // namespace attrition::sources
