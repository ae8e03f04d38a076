/**
 * Which iterations to report: every one at first, then about 5% apart, so long runs give
 * curves of a few hundred points and objective evaluations stay a small share of wall time.
 */
export function logSpacedSchedule(growth = 1.05): (iteration: number) => boolean {
  let next = 0;
  return (iteration) => {
    if (iteration < next) return false;
    next = Math.max(iteration + 1, Math.ceil(iteration * growth));
    return true;
  };
}
