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

#endif
