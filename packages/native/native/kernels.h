/* Kernels over plain float arrays (NHWC activations, HWIO filters, row-major matrices). */
#ifndef SPARSEKIT_KERNELS_H
#define SPARSEKIT_KERNELS_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, out_c, fh, fw, sh, sw, dh, dw, pad_top, pad_left;
} sk_geom;

enum { SK_LINEAR = 0, SK_RELU, SK_RELU6, SK_ELU, SK_SIGMOID, SK_LEAKYRELU, SK_PRELU, SK_ACT_MAX = SK_PRELU };

void sk_gemm_batched(int ta, int tb, int m, int n, int k, const float *a, const float *b, float *c,
                     const int32_t *a_off, const int32_t *b_off, int batches);
void sk_epilogue(float *c, size_t rows, size_t cols, const float *bias, int bias_mode, int act, float alpha,
                 const float *prelu, int prelu_mode);
int sk_conv2d(const sk_geom *g, const float *x, const float *w, float *y);
int sk_conv2d_backprop_input(const sk_geom *g, const float *dy, const float *w, float *dx);
int sk_conv2d_backprop_filter(const sk_geom *g, const float *x, const float *dy, float *dw);
int sk_depthwise(const sk_geom *g, const float *x, const float *w, float *y);
int sk_depthwise_backprop_input(const sk_geom *g, const float *dy, const float *w, float *dx);
int sk_depthwise_backprop_filter(const sk_geom *g, const float *x, const float *dy, float *dw);
void sk_set_threads(int n);
int sk_get_threads(void);
const char *sk_blas_name(void);
#endif
