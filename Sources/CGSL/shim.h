// The only place Cascade sees GSL's headers. Include just what Stochastic wraps.
// No other module may call gsl_* directly (see ../shared/STYLE.md, "Layering").
#ifndef CASCADE_CGSL_SHIM_H
#define CASCADE_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>

// GSL names its generator and sequence types through global pointer variables, which Swift 6 sees as shared
// mutable state. They are set once by the library and never written, so read them through functions.
static inline const gsl_rng_type *cascade_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *cascade_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *cascade_rng_ranlxs2(void) { return gsl_rng_ranlxs2; }
static inline const gsl_rng_type *cascade_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cascade_rng_mrg(void) { return gsl_rng_mrg; }
static inline const gsl_rng_type *cascade_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_qrng_type *cascade_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cascade_qrng_halton(void) { return gsl_qrng_halton; }

// MT19937 read in place, for the hot draws: GSL's own generator state and arithmetic (gsl-2.x rng/mt.c:
// mt_state_t, mt_get, mt_get_double; randist/lognormal.c: gsl_ran_lognormal), inlined so that a draw skips
// gsl_rng_uniform's call through the generator's function table. Bit-identical to GSL on the same stream
// (StochasticTests checks 10^6 draws); only for a gsl_rng of type gsl_rng_mt19937.
#include <math.h>
#pragma STDC FP_CONTRACT OFF

typedef struct { unsigned long mt[624]; int mti; } cascade_mt_state_t;

static inline unsigned long cascade_mt_get(cascade_mt_state_t *state) {
    unsigned long *const mt = state->mt;
    if (state->mti >= 624) {
        int kk;
        for (kk = 0; kk < 624 - 397; kk++) {
            unsigned long y = (mt[kk] & 0x80000000UL) | (mt[kk + 1] & 0x7fffffffUL);
            mt[kk] = mt[kk + 397] ^ (y >> 1) ^ ((y & 0x1) ? 0x9908b0dfUL : 0);
        }
        for (; kk < 624 - 1; kk++) {
            unsigned long y = (mt[kk] & 0x80000000UL) | (mt[kk + 1] & 0x7fffffffUL);
            mt[kk] = mt[kk + (397 - 624)] ^ (y >> 1) ^ ((y & 0x1) ? 0x9908b0dfUL : 0);
        }
        unsigned long y = (mt[623] & 0x80000000UL) | (mt[0] & 0x7fffffffUL);
        mt[623] = mt[396] ^ (y >> 1) ^ ((y & 0x1) ? 0x9908b0dfUL : 0);
        state->mti = 0;
    }
    unsigned long k = mt[state->mti];
    k ^= (k >> 11);
    k ^= (k << 7) & 0x9d2c5680UL;
    k ^= (k << 15) & 0xefc60000UL;
    k ^= (k >> 18);
    state->mti++;
    return k;
}

/// gsl_rng_uniform for an MT19937 generator.
static inline double cascade_mt_uniform(gsl_rng *r) {
    return cascade_mt_get((cascade_mt_state_t *)r->state) / 4294967296.0;
}

/// The normal deviate gsl_ran_lognormal exponentiates (its polar Box-Muller step), for an MT19937 generator.
static inline double cascade_mt_lognormal_normal(gsl_rng *r) {
    double u, v, r2;
    do {
        u = -1 + 2 * cascade_mt_uniform(r);
        v = -1 + 2 * cascade_mt_uniform(r);
        r2 = u * u + v * v;
    } while (r2 > 1.0 || r2 == 0);
    return u * sqrt(-2.0 * log(r2) / r2);
}

/// gsl_ran_lognormal for an MT19937 generator: exp(sigma * normal + zeta).
static inline double cascade_mt_lognormal(gsl_rng *r, double zeta, double sigma) {
    double normal = cascade_mt_lognormal_normal(r);
    return exp(sigma * normal + zeta);
}

/// Whether gsl_ran_lognormal(r, zeta, sigma) would be at least `bound` (> 0; `log_bound` = log(bound)), with the
/// same draws, deciding on the log scale and evaluating exp only within 1e-9 of the boundary, where the
/// rounding of exp and log could disagree with the comparison of exponents.
static inline int cascade_mt_lognormal_at_least(gsl_rng *r, double zeta, double sigma, double bound, double log_bound) {
    double normal = cascade_mt_lognormal_normal(r);
    double x = sigma * normal + zeta;
    if (x > log_bound + 1e-9) return 1;
    if (x < log_bound - 1e-9) return 0;
    return exp(x) >= bound;
}

#endif
