/*
 * Row-wise L1-ball projection around Condat's simplex projection, for the bench's peer
 * baseline only (never linked into sparsekit). `scripts/build-peers.sh` compiles it together
 * with a copy of Condat's `condat_simplexproj.c` whose radius was made a parameter.
 * For a row y outside the ball {‖x‖₁ ≤ a}: project |y| onto the simplex of radius a, restore
 * the signs. One pass for ‖y‖₁ and |y|, Condat's projection, one pass for the signs.
 */
#include <math.h>
#include <string.h>

void simplexproj_condat_radius(double *y, double *x, int *plength, double a);

void l1ball_rows(const double *y, double *x, double *work, int rows, int length, double a) {
  for (int r = 0; r < rows; r++) {
    const double *yr = y + (long)r * length;
    double *xr = x + (long)r * length;
    double norm = 0.0;
    for (int i = 0; i < length; i++) {
      work[i] = fabs(yr[i]);
      norm += work[i];
    }
    if (norm <= a) {
      memcpy(xr, yr, length * sizeof(double));
      continue;
    }
    simplexproj_condat_radius(work, xr, &length, a);
    for (int i = 0; i < length; i++)
      if (yr[i] < 0.0) xr[i] = -xr[i];
  }
}
