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

#endif
