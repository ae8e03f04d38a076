/* Host kernels called directly from JavaScript: float32 data, float64 accumulation (host.c). */
#ifndef SPARSEKIT_HOST_H
#define SPARSEKIT_HOST_H
#include <stdint.h>

/* Threshold of the L1-ball projection of |x| (n entries); `a` holds n doubles of work space. */
double sk_condat_threshold(const float *x, int64_t n, double r, double *a);
/* Projects each of `rows` rows of length n onto its ball {||u||_1 <= radii[b]}; -1 when out of memory. */
int sk_l1_ball_rows(const float *x, float *out, int64_t rows, int64_t n, const double *radii);
/* Projects each row onto its simplex {u >= 0, sum u = radii[b]}; -1 when out of memory. */
int sk_simplex_rows(const float *x, float *out, int64_t rows, int64_t n, const double *radii);
/* out = X^T v for row-major X (rows x p). */
void sk_transpose_times(const float *X, int64_t rows, int64_t p, const double *v, double *out);
/* g = X^T v and norm2[j] = ||x_j||^2 in one pass. */
void sk_first_pass(const float *X, int64_t rows, int64_t p, const double *v, double *g, double *norm2);
/* Column-major float64 copy (rows x k) of the listed columns of row-major X. */
void sk_gather_columns(const float *X, int64_t rows, int64_t p, const int32_t *columns, int64_t k, double *out);
#endif
