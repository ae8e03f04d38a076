/* Fused optimizer updates over float32 arrays (optim.c). */
#ifndef SPARSEKIT_OPTIM_H
#define SPARSEKIT_OPTIM_H
#include <stddef.h>

/* Adam's float32 constants, each rounded as tfjs rounds it (see optim.c). */
typedef struct {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, c1, c2, epsilon, neg_lr;
} sk_adam_args;

void sk_adam(const sk_adam_args *a, size_t n, const float *x, const float *m, const float *v, const float *g, float *x_out,
             float *m_out, float *v_out);
#endif
