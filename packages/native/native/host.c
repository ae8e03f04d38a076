/*
 * Host kernels over float32 data with float64 accumulation, called directly from JavaScript (not
 * through tfjs): the L1-ball projection of rows by Condat's threshold search, and the passes over
 * a row-major design matrix of the working-set Lasso (Xᵀv, the first pass that also gives the
 * column norms, and the gather of working-set columns). Each mirrors a plain JS version in
 * @sparsekit/constraints or @sparsekit/solvers that browsers and wasm-only installs keep using;
 * the projection performs the same float64 operations in the same order, so both give the same
 * bits.
 */
#include <math.h>
#include <stdlib.h>
#include "host.h"

/*
 * Drops candidates <= rho (each drop raises rho) until a sweep drops none; rho is then the
 * threshold. The last candidate stays: only rounding (a - r == a for huge a) could make it look
 * inactive.
 */
static double sweep(double *v, int64_t length, double rho) {
  int64_t size = length;
  for (;;) {
    int64_t kept = 0;
    const int64_t before = size;
    for (int64_t k = 0; k < before; k++) {
      const double a = v[k];
      if (a > rho || size == 1) v[kept++] = a;
      else {
        size--;
        rho += (rho - a) / (double)size;
      }
    }
    if (size == before) return rho;
  }
}

/*
 * sum |x_i| with four partial sums (i mod 4) added as (s0 + s1) + (s2 + s3): independent chains
 * instead of one serial dependency. The JS version sums in the same order.
 */
static double l1_norm(const float *x, int64_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += fabs((double)x[i]);
    s1 += fabs((double)x[i + 1]);
    s2 += fabs((double)x[i + 2]);
    s3 += fabs((double)x[i + 3]);
  }
  for (; i < n; i++) s0 += fabs((double)x[i]);
  return (s0 + s1) + (s2 + s3);
}

/*
 * Condat (2016) on the values v_i = |x_i| (abs) or x_i - shift (simplex): tau with
 * sum (v_i - tau)+ = r, given total = sum v_i. One streaming pass keeps a lower bound rho of tau
 * and appends to `a` every value above it; candidates are a[start, len). A value that alone sets
 * rho at its own level restarts the candidates (start moves, nothing is copied); the values left
 * before start are rescanned once, newest first, then sweeps drop candidates until none moves.
 * Values at or below (total - r)/n are skipped too: that is also a lower bound of tau
 * (sum (v_i - tau)+ >= total - n tau), and it keeps the early part of the stream, where rho is
 * still low, from filling the candidate list when many values survive (large radii). `a` holds
 * n doubles.
 */
#define VALUE(i) (abs ? fabs((double)x[i]) : (double)x[i] - shift)
static inline double condat_search(const float *x, int64_t n, double r, double total, double shift, int abs, double *a) {
  const double floor = (total - r) / (double)n;
  int64_t len = 1, start = 0;
  a[0] = VALUE(0);
  double rho = a[0] - r;
  for (int64_t i = 1; i < n; i++) {
    const double v = VALUE(i);
    if (v <= rho || v <= floor) continue;
    a[len] = v;
    rho += (v - rho) / (double)(len - start + 1);
    if (rho <= v - r) {
      rho = v - r;
      start = len;
    }
    len++;
  }
  for (int64_t k = start - 1; k >= 0; k--) {
    const double v = a[k];
    if (v > rho) {
      a[--start] = v;
      rho += (v - rho) / (double)(len - start);
    }
  }
  return sweep(a + start, len - start, rho);
}
#undef VALUE

/* tau > 0 of the L1 ball: 0 when ||x||_1 <= r, NaN when x holds a non-finite entry. */
double sk_condat_threshold(const float *x, int64_t n, double r, double *a) {
  const double l1 = l1_norm(x, n);
  if (!isfinite(l1)) return NAN;
  if (l1 <= r) return 0;
  return condat_search(x, n, r, l1, 0, 1, a);
}

/* sign(v)(|v| - tau)+ without branches; + 0.0 turns the -0 of a negative v into +0. */
static inline float shrink(double v, double tau) {
  const double d = fabs(v) - tau;
  // a ternary, not fmax: without -ffinite-math-only fmax is a libm call per entry
  return (float)(copysign(d > 0 ? d : 0.0, v) + 0.0);
}

/*
 * One row: sign(x)(|x| - tau)+, rescaled into the ball when float32 rounding overshoots r. The
 * output's L1 norm is summed like l1_norm (four partial sums, same order as the JS version).
 */
static void project_row(const float *x, float *out, int64_t n, double r, double *buf) {
  const double tau = sk_condat_threshold(x, n, r, buf);
  if (isnan(tau)) {
    for (int64_t i = 0; i < n; i++) out[i] = NAN;
    return;
  }
  if (tau == 0) {
    for (int64_t i = 0; i < n; i++) out[i] = x[i];
    return;
  }
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const float u0 = shrink(x[i], tau), u1 = shrink(x[i + 1], tau), u2 = shrink(x[i + 2], tau), u3 = shrink(x[i + 3], tau);
    out[i] = u0;
    out[i + 1] = u1;
    out[i + 2] = u2;
    out[i + 3] = u3;
    s0 += fabs((double)u0);
    s1 += fabs((double)u1);
    s2 += fabs((double)u2);
    s3 += fabs((double)u3);
  }
  for (; i < n; i++) {
    out[i] = shrink(x[i], tau);
    s0 += fabs((double)out[i]);
  }
  const double total = (s0 + s1) + (s2 + s3);
  if (total > r) {
    const double f = r / total;
    for (int64_t k = 0; k < n; k++) out[k] = (float)((double)out[k] * f);
  }
}

int sk_l1_ball_rows(const float *x, float *out, int64_t rows, int64_t n, const double *radii) {
  if (rows == 0 || n == 0) return 0;
  double *buf = malloc(sizeof(double) * (size_t)n);
  if (!buf) return -1;
  for (int64_t b = 0; b < rows; b++) project_row(x + b * n, out + b * n, n, radii[b], buf);
  free(buf);
  return 0;
}

/* Rows folded into each update of out[j] (one load and store of out[j] per BLOCK products). */
#define BLOCK 8

void sk_transpose_times(const float *X, int64_t rows, int64_t p, const double *v, double *out) {
  for (int64_t j = 0; j < p; j++) out[j] = 0;
  int64_t i = 0;
  for (; i + BLOCK <= rows; i += BLOCK) {
    const double a0 = v[i], a1 = v[i + 1], a2 = v[i + 2], a3 = v[i + 3];
    const double a4 = v[i + 4], a5 = v[i + 5], a6 = v[i + 6], a7 = v[i + 7];
    const float *d = X + i * p;
    for (int64_t j = 0; j < p; j++) {
      out[j] += a0 * d[j] + a1 * d[j + p] + a2 * d[j + 2 * p] + a3 * d[j + 3 * p] + a4 * d[j + 4 * p] + a5 * d[j + 5 * p] +
                a6 * d[j + 6 * p] + a7 * d[j + 7 * p];
    }
  }
  for (; i < rows; i++) {
    const double a = v[i];
    const float *d = X + i * p;
    for (int64_t j = 0; j < p; j++) out[j] += a * d[j];
  }
}

void sk_first_pass(const float *X, int64_t rows, int64_t p, const double *v, double *g, double *norm2) {
  for (int64_t j = 0; j < p; j++) g[j] = norm2[j] = 0;
  int64_t i = 0;
  for (; i + 4 <= rows; i += 4) {
    const double a0 = v[i], a1 = v[i + 1], a2 = v[i + 2], a3 = v[i + 3];
    const float *d = X + i * p;
    for (int64_t j = 0; j < p; j++) {
      const double x0 = d[j], x1 = d[j + p], x2 = d[j + 2 * p], x3 = d[j + 3 * p];
      g[j] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
      norm2[j] += x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3;
    }
  }
  for (; i < rows; i++) {
    const float *d = X + i * p;
    for (int64_t j = 0; j < p; j++) {
      const double x = d[j];
      g[j] += v[i] * x;
      norm2[j] += x * x;
    }
  }
}

/*
 * Column-major float64 copy of the listed columns. Blocks of 16 rows: each column's 16 values are
 * read from 16 rows (one cache line each, unavoidable in a row-major X) and written contiguously.
 */
void sk_gather_columns(const float *X, int64_t rows, int64_t p, const int32_t *columns, int64_t k, double *out) {
  int64_t i0 = 0;
  for (; i0 + 16 <= rows; i0 += 16) {
    for (int64_t c = 0; c < k; c++) {
      const float *d = X + i0 * p + columns[c];
      double *o = out + c * rows + i0;
      for (int64_t i = 0; i < 16; i++) o[i] = d[i * p];
    }
  }
  for (int64_t c = 0; c < k; c++)
    for (int64_t i = i0; i < rows; i++) out[c * rows + i] = X[i * p + columns[c]];
}

/*
 * One simplex row: (x - tau)+ with sum = r. Values are shifted by the row maximum m first (the
 * rule is shift-equivariant): with x = [0, 1e18] and r = 2, x - tau would cancel in float64, the
 * shifted values keep the answer exact. Non-finite rows come back NaN.
 */
static void simplex_row(const float *x, float *out, int64_t n, double r, double *a) {
  double m = -INFINITY, total = 0;
  for (int64_t i = 0; i < n; i++) m = x[i] > m ? x[i] : m;
  for (int64_t i = 0; i < n; i++) total += (double)x[i] - m;
  if (!isfinite(total) || !isfinite(m)) {
    for (int64_t i = 0; i < n; i++) out[i] = NAN;
    return;
  }
  const double tau = condat_search(x, n, r, total, m, 0, a);
  for (int64_t i = 0; i < n; i++) {
    const double d = ((double)x[i] - m) - tau;
    out[i] = (float)(d > 0 ? d : 0.0);
  }
}

int sk_simplex_rows(const float *x, float *out, int64_t rows, int64_t n, const double *radii) {
  if (rows == 0 || n == 0) return 0;
  double *a = malloc(sizeof(double) * (size_t)n);
  if (!a) return -1;
  for (int64_t b = 0; b < rows; b++) simplex_row(x + b * n, out + b * n, n, radii[b], a);
  free(a);
  return 0;
}
