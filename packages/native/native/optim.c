/*
 * Optimizer updates over float32 arrays, one pass per variable instead of one tfjs kernel per
 * arithmetic step. Each reproduces tfjs's own update bit for bit: the same float32 operations in
 * the same order, every intermediate rounded to float32, so the result does not depend on which
 * path ran. That is why contraction into fused multiply-adds is off for this file (an FMA rounds
 * once where tfjs rounds twice) and every step is its own statement.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#include <math.h>
#include "optim.h"

/*
 * tfjs 4.22 AdamOptimizer.applyGradients, per entry:
 *   m' = m·β1 + g·(1 − β1),  v' = v·β2 + g²·(1 − β2),
 *   x' = ((m' / c1) / (sqrt(v' / c2) + ε))·(−lr) + x,  c_k = 1 − β_k^t (float32, as tfjs accumulates it).
 * Outputs may alias the inputs (an in-place update).
 */
void sk_adam(const sk_adam_args *a, size_t n, const float *x, const float *m, const float *v, const float *g, float *x_out,
             float *m_out, float *v_out) {
  const float b1 = a->beta1, one_b1 = a->one_minus_beta1, b2 = a->beta2, one_b2 = a->one_minus_beta2;
  const float c1 = a->c1, c2 = a->c2, eps = a->epsilon, neg_lr = a->neg_lr;
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float m_decay = m[i] * b1;
    const float m_new_part = gi * one_b1;
    const float m_new = m_decay + m_new_part;
    const float g2 = gi * gi;
    const float v_decay = v[i] * b2;
    const float v_new_part = g2 * one_b2;
    const float v_new = v_decay + v_new_part;
    const float m_hat = m_new / c1;
    const float v_hat = v_new / c2;
    const float root = sqrtf(v_hat);
    const float denom = root + eps;
    const float ratio = m_hat / denom;
    const float step = ratio * neg_lr;
    const float x_new = step + x[i];
    m_out[i] = m_new;
    v_out[i] = v_new;
    x_out[i] = x_new;
  }
}
