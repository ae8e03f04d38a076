/*
 * Optimizer updates over float32 arrays, one pass per variable instead of one tfjs kernel per
 * arithmetic step. Each reproduces tfjs's own update bit for bit: the same float32 operations in
 * the same order, every intermediate rounded to float32, so the result does not depend on which
 * path ran. That is why binding.gyp turns contraction into fused multiply-adds off (an FMA rounds
 * once where tfjs rounds twice; the pragma below says it again for clang) and every step is its own
 * statement; -fno-math-errno lets sqrtf become one vector instruction.
 */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif
#include <math.h>
#include "optim.h"

/* One entry of tfjs 4.22 AdamOptimizer.applyGradients (see sk_adam), each step rounded to float32. */
#define SK_ADAM_ENTRY(i)                                  \
  do {                                                    \
    const float gi = g[i];                                \
    const float m_decay = m[i] * b1;                      \
    const float m_part = gi * one_b1;                     \
    const float m_new = m_decay + m_part;                 \
    const float g2 = gi * gi;                             \
    const float v_decay = v[i] * b2;                      \
    const float v_part = g2 * one_b2;                     \
    const float v_new = v_decay + v_part;                 \
    const float m_hat = m_new / c1;                       \
    const float v_hat = v_new / c2;                       \
    const float root = sqrtf(v_hat);                      \
    const float denom = root + eps;                       \
    const float ratio = m_hat / denom;                    \
    const float step = ratio * neg_lr;                    \
    const float x_new = step + x[i];                      \
    m_out[i] = m_new;                                     \
    v_out[i] = v_new;                                     \
    x_out[i] = x_new;                                     \
  } while (0)

#define SK_ADAM_CONSTANTS                                                                                   \
  const float b1 = a->beta1, one_b1 = a->one_minus_beta1, b2 = a->beta2, one_b2 = a->one_minus_beta2; \
  const float c1 = a->c1, c2 = a->c2, eps = a->epsilon, neg_lr = a->neg_lr

/* Outputs distinct from every input: `restrict` lets the compiler vectorize (4 or 8 entries per instruction). */
static void adam_into(const sk_adam_args *a, size_t n, const float *restrict x, const float *restrict m, const float *restrict v,
                      const float *restrict g, float *restrict x_out, float *restrict m_out, float *restrict v_out) {
  SK_ADAM_CONSTANTS;
  for (size_t i = 0; i < n; i++) SK_ADAM_ENTRY(i);
}

/* In place: each output is its input. */
static void adam_in_place(const sk_adam_args *a, size_t n, float *restrict x_out, float *restrict m_out, float *restrict v_out,
                          const float *restrict g) {
  SK_ADAM_CONSTANTS;
  const float *x = x_out, *m = m_out, *v = v_out;
  for (size_t i = 0; i < n; i++) SK_ADAM_ENTRY(i);
}

/*
 * tfjs 4.22 AdamOptimizer.applyGradients, per entry:
 *   m' = m·β1 + g·(1 − β1),  v' = v·β2 + g²·(1 − β2),
 *   x' = ((m' / c1) / (sqrt(v' / c2) + ε))·(−lr) + x,  c_k = 1 − β_k^t (float32, as tfjs accumulates it).
 * Each output is either its own input (in place) or disjoint from every array (the caller checks).
 */
void sk_adam(const sk_adam_args *a, size_t n, const float *x, const float *m, const float *v, const float *g, float *x_out,
             float *m_out, float *v_out) {
  if (x_out == x && m_out == m && v_out == v) adam_in_place(a, n, x_out, m_out, v_out, g);
  else adam_into(a, n, x, m, v, g, x_out, m_out, v_out);
}
