/*
 * Matmul and NHWC convolutions on a CBLAS sgemm. Convolutions lower to im2col + one sgemm per
 * chunk of images (col2im for the input gradient); the chunk bounds the scratch matrix so a large
 * batch does not need a batch-sized copy of the unfolded input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "kernels.h"

#ifndef SK_OPENBLAS
#define SK_BLAS_NAME "CBLAS"
#endif

#ifdef SK_OPENBLAS
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);
#endif

/* Scratch budget for one im2col chunk, in floats (32 MB). */
#define SK_COL_BUDGET (8u << 20)

/*
 * Products below this many multiply-adds run on one BLAS thread. OpenBLAS splits a 100x100
 * matrix-vector product (or a 64^3 sgemm) over every thread it has; waking the second thread
 * costs more than the whole product takes on one (~3 us), and on a machine busy with other
 * processes the handoff took ~435 us per call. 2^21 multiply-adds take ~80 us on one core, where
 * a second thread can start to pay for its wake-up.
 */
#define SK_SMALL_WORK ((double)(1u << 21))

static void gemm_batched(int ta, int tb, int m, int n, int k, const float *a, const float *b, float *c,
                         const int32_t *a_off, const int32_t *b_off, int batches);

void sk_gemm_batched(int ta, int tb, int m, int n, int k, const float *a, const float *b, float *c,
                     const int32_t *a_off, const int32_t *b_off, int batches) {
#ifdef SK_OPENBLAS
  int threads = openblas_get_num_threads();
  if (threads > 1 && (double)m * n * k < SK_SMALL_WORK) {
    openblas_set_num_threads(1);
    gemm_batched(ta, tb, m, n, k, a, b, c, a_off, b_off, batches);
    openblas_set_num_threads(threads);
    return;
  }
#endif
  gemm_batched(ta, tb, m, n, k, a, b, c, a_off, b_off, batches);
}

static void gemm_batched(int ta, int tb, int m, int n, int k, const float *a, const float *b, float *c,
                         const int32_t *a_off, const int32_t *b_off, int batches) {
  size_t asz = (size_t)m * k, bsz = (size_t)k * n, csz = (size_t)m * n;
  for (int i = 0; i < batches; i++) {
    const float *ai = a + (a_off ? (size_t)a_off[i] : i * asz);
    const float *bi = b + (b_off ? (size_t)b_off[i] : i * bsz);
    float *ci = c + i * csz;
    if (k == 0) { memset(ci, 0, csz * sizeof(float)); continue; }
    if (m == 0 || n == 0) continue;
    /* Matrix-vector products: OpenBLAS 0.3.21 sgemm packs the whole matrix even for one column. */
    if (n == 1) {
      cblas_sgemv(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, ta ? k : m, ta ? m : k, 1.0f, ai, ta ? m : k, bi, 1, 0.0f, ci, 1);
      continue;
    }
    if (m == 1) {
      cblas_sgemv(CblasRowMajor, tb ? CblasNoTrans : CblasTrans, tb ? n : k, tb ? k : n, 1.0f, bi, tb ? k : n, ai, 1, 0.0f, ci, 1);
      continue;
    }
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f,
                ai, ta ? m : k, bi, tb ? k : n, 0.0f, ci, n);
  }
}

static inline float pick(const float *v, int mode, size_t r, size_t j, size_t cols) {
  return mode == 1 ? v[0] : mode == 2 ? v[j] : v[r * cols + j];
}

static inline float activate(float x, int act, float alpha, float w) {
  switch (act) {
    case SK_RELU: return x > 0 ? x : 0;
    case SK_RELU6: return x < 0 ? 0 : x > 6 ? 6 : x;
    case SK_ELU: return x >= 0 ? x : expm1f(x);
    case SK_SIGMOID: return 1.0f / (1.0f + expf(-x));
    case SK_LEAKYRELU: return x < 0 ? alpha * x : x;
    case SK_PRELU: return x < 0 ? w * x : x;
    default: return x;
  }
}

void sk_epilogue(float *c, size_t rows, size_t cols, const float *bias, int bias_mode, int act, float alpha,
                 const float *prelu, int prelu_mode) {
  for (size_t r = 0; r < rows; r++) {
    float *row = c + r * cols;
    for (size_t j = 0; j < cols; j++) {
      float x = row[j];
      if (bias_mode) x += pick(bias, bias_mode, r, j, cols);
      row[j] = activate(x, act, alpha, prelu_mode ? pick(prelu, prelu_mode, r, j, cols) : 0.0f);
    }
  }
}

/* Unfolds images [b0, b0+nb) into col[(b, oh, ow), (fh, fw, c)]; out-of-image taps are zero. */
static void im2col(const sk_geom *g, const float *x, int b0, int nb, float *col) {
  size_t k = (size_t)g->fh * g->fw * g->in_c, cbytes = (size_t)g->in_c * sizeof(float);
  float *row = col;
  for (int b = b0; b < b0 + nb; b++)
    for (int oh = 0; oh < g->out_h; oh++)
      for (int ow = 0; ow < g->out_w; ow++, row += k) {
        float *dst = row;
        for (int fh = 0; fh < g->fh; fh++) {
          int ih = oh * g->sh - g->pad_top + fh * g->dh;
          if (ih < 0 || ih >= g->in_h) { memset(dst, 0, cbytes * g->fw); dst += (size_t)g->fw * g->in_c; continue; }
          const float *src = x + (((size_t)b * g->in_h + ih) * g->in_w) * g->in_c;
          for (int fw = 0; fw < g->fw; fw++, dst += g->in_c) {
            int iw = ow * g->sw - g->pad_left + fw * g->dw;
            if (iw < 0 || iw >= g->in_w) memset(dst, 0, cbytes);
            else memcpy(dst, src + (size_t)iw * g->in_c, cbytes);
          }
        }
      }
}

/* Adds col back onto the images it came from (the adjoint of im2col). */
static void col2im(const sk_geom *g, const float *col, int b0, int nb, float *dx) {
  size_t k = (size_t)g->fh * g->fw * g->in_c;
  const float *row = col;
  for (int b = b0; b < b0 + nb; b++)
    for (int oh = 0; oh < g->out_h; oh++)
      for (int ow = 0; ow < g->out_w; ow++, row += k) {
        const float *src = row;
        for (int fh = 0; fh < g->fh; fh++) {
          int ih = oh * g->sh - g->pad_top + fh * g->dh;
          if (ih < 0 || ih >= g->in_h) { src += (size_t)g->fw * g->in_c; continue; }
          float *img = dx + (((size_t)b * g->in_h + ih) * g->in_w) * g->in_c;
          for (int fw = 0; fw < g->fw; fw++, src += g->in_c) {
            int iw = ow * g->sw - g->pad_left + fw * g->dw;
            if (iw < 0 || iw >= g->in_w) continue;
            float *d = img + (size_t)iw * g->in_c;
            for (int c = 0; c < g->in_c; c++) d[c] += src[c];
          }
        }
      }
}

/* A 1×1, stride-1, unpadded convolution is a plain matmul on the input itself. */
static int is_pointwise(const sk_geom *g) {
  return g->fh == 1 && g->fw == 1 && g->sh == 1 && g->sw == 1 && g->pad_top == 0 && g->pad_left == 0 &&
         g->out_h == g->in_h && g->out_w == g->in_w;
}

/* Images per im2col chunk, at least one. */
static int chunk_images(const sk_geom *g) {
  size_t per = (size_t)g->out_h * g->out_w * g->fh * g->fw * g->in_c;
  if (per == 0) return g->batch > 0 ? g->batch : 1;
  size_t nb = SK_COL_BUDGET / per;
  return nb < 1 ? 1 : nb > (size_t)g->batch ? g->batch : (int)nb;
}

int sk_conv2d(const sk_geom *g, const float *x, const float *w, float *y) {
  int k = g->fh * g->fw * g->in_c, pix = g->out_h * g->out_w;
  size_t ysz = (size_t)g->batch * pix * g->out_c;
  if (ysz == 0) return 0;
  if (k == 0) { memset(y, 0, ysz * sizeof(float)); return 0; }
  if (is_pointwise(g)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, g->batch * pix, g->out_c, k, 1.0f, x, k, w, g->out_c, 0.0f, y, g->out_c);
    return 0;
  }
  int nb = chunk_images(g);
  float *col = malloc((size_t)nb * pix * k * sizeof(float));
  if (!col) return -1;
  for (int b0 = 0; b0 < g->batch; b0 += nb) {
    int n = g->batch - b0 < nb ? g->batch - b0 : nb;
    im2col(g, x, b0, n, col);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n * pix, g->out_c, k, 1.0f, col, k, w, g->out_c, 0.0f,
                y + (size_t)b0 * pix * g->out_c, g->out_c);
  }
  free(col);
  return 0;
}

int sk_conv2d_backprop_input(const sk_geom *g, const float *dy, const float *w, float *dx) {
  int k = g->fh * g->fw * g->in_c, pix = g->out_h * g->out_w;
  size_t xsz = (size_t)g->batch * g->in_h * g->in_w * g->in_c;
  if (xsz == 0) return 0;
  if (is_pointwise(g) && g->out_c > 0) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, g->batch * pix, k, g->out_c, 1.0f, dy, g->out_c, w, g->out_c, 0.0f, dx, k);
    return 0;
  }
  memset(dx, 0, xsz * sizeof(float));
  if (k == 0 || pix == 0 || g->out_c == 0) return 0;
  int nb = chunk_images(g);
  float *col = malloc((size_t)nb * pix * k * sizeof(float));
  if (!col) return -1;
  for (int b0 = 0; b0 < g->batch; b0 += nb) {
    int n = g->batch - b0 < nb ? g->batch - b0 : nb;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n * pix, k, g->out_c, 1.0f, dy + (size_t)b0 * pix * g->out_c, g->out_c,
                w, g->out_c, 0.0f, col, k);
    col2im(g, col, b0, n, dx);
  }
  free(col);
  return 0;
}

int sk_conv2d_backprop_filter(const sk_geom *g, const float *x, const float *dy, float *dw) {
  int k = g->fh * g->fw * g->in_c, pix = g->out_h * g->out_w;
  size_t wsz = (size_t)k * g->out_c;
  if (wsz == 0) return 0;
  if (g->batch == 0 || pix == 0) { memset(dw, 0, wsz * sizeof(float)); return 0; }
  if (is_pointwise(g)) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, g->out_c, g->batch * pix, 1.0f, x, k, dy, g->out_c, 0.0f, dw, g->out_c);
    return 0;
  }
  int nb = chunk_images(g);
  float *col = malloc((size_t)nb * pix * k * sizeof(float));
  if (!col) return -1;
  for (int b0 = 0; b0 < g->batch; b0 += nb) {
    int n = g->batch - b0 < nb ? g->batch - b0 : nb;
    im2col(g, x, b0, n, col);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, g->out_c, n * pix, 1.0f, col, k,
                dy + (size_t)b0 * pix * g->out_c, g->out_c, b0 == 0 ? 0.0f : 1.0f, dw, g->out_c);
  }
  free(col);
  return 0;
}

/*
 * Depthwise convolutions are memory-bound (one multiply per loaded filter tap), so they are
 * direct loops: out channel c·mult+q reads input channel c with filter [fh, fw, c, q].
 * mode 0: y += x·w; 1: dx += dy·w; 2: dw += x·dy.
 */
static void depthwise_loop(const sk_geom *g, const float *x, const float *w, float *y, int mode) {
  int mult = g->out_c / g->in_c;
  for (int b = 0; b < g->batch; b++)
    for (int oh = 0; oh < g->out_h; oh++)
      for (int ow = 0; ow < g->out_w; ow++) {
        size_t out = (((size_t)b * g->out_h + oh) * g->out_w + ow) * g->out_c;
        for (int fh = 0; fh < g->fh; fh++) {
          int ih = oh * g->sh - g->pad_top + fh * g->dh;
          if (ih < 0 || ih >= g->in_h) continue;
          for (int fw = 0; fw < g->fw; fw++) {
            int iw = ow * g->sw - g->pad_left + fw * g->dw;
            if (iw < 0 || iw >= g->in_w) continue;
            size_t in = (((size_t)b * g->in_h + ih) * g->in_w + iw) * g->in_c;
            size_t tap = ((size_t)fh * g->fw + fw) * g->out_c;
            for (int c = 0; c < g->in_c; c++)
              for (int q = 0; q < mult; q++) {
                size_t oc = (size_t)c * mult + q;
                if (mode == 0) y[out + oc] += x[in + c] * w[tap + oc];
                else if (mode == 1) y[in + c] += x[out + oc] * w[tap + oc];
                else y[tap + oc] += x[in + c] * w[out + oc];
              }
          }
        }
      }
}

int sk_depthwise(const sk_geom *g, const float *x, const float *w, float *y) {
  memset(y, 0, (size_t)g->batch * g->out_h * g->out_w * g->out_c * sizeof(float));
  depthwise_loop(g, x, w, y, 0);
  return 0;
}

int sk_depthwise_backprop_input(const sk_geom *g, const float *dy, const float *w, float *dx) {
  memset(dx, 0, (size_t)g->batch * g->in_h * g->in_w * g->in_c * sizeof(float));
  depthwise_loop(g, dy, w, dx, 1);
  return 0;
}

int sk_depthwise_backprop_filter(const sk_geom *g, const float *x, const float *dy, float *dw) {
  memset(dw, 0, (size_t)g->fh * g->fw * g->out_c * sizeof(float));
  depthwise_loop(g, x, dy, dw, 2);
  return 0;
}

void sk_set_threads(int n) {
#ifdef SK_OPENBLAS
  openblas_set_num_threads(n);
#else
  (void)n;
#endif
}

int sk_get_threads(void) {
#ifdef SK_OPENBLAS
  return openblas_get_num_threads();
#else
  return 1;
#endif
}

const char *sk_blas_name(void) {
#ifdef SK_OPENBLAS
  static char name[256];
  if (!name[0]) {
    const char *cfg = openblas_get_config(), *core = openblas_get_corename();
    snprintf(name, sizeof name, "%s (core %s)", cfg ? cfg : "OpenBLAS", core ? core : "unknown");
  }
  return name;
#else
  return SK_BLAS_NAME;
#endif
}
