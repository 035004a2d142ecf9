/**
 * Kendall's rank correlation τ, the statistic a t copula's correlation is estimated from: for elliptical
 * copulas ρ = sin(πτ/2) whatever the margins and ν (Lindskog, McNeil & Schmock 2003), so the estimate
 * needs neither the margins nor ν.
 */

/** Sorts `a` ascending in place (stable merge sort) and returns how many pairs were out of order. */
function sortCountingInversions(a: Float64Array): number {
  let from: Float64Array = a, to: Float64Array = new Float64Array(a.length), inversions = 0;
  for (let width = 1; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length; lo += 2 * width) {
      const mid = Math.min(lo + width, a.length), hi = Math.min(lo + 2 * width, a.length);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        // Ties are not inversions: the left one goes first.
        if (from[i] <= from[j]) to[k++] = from[i++];
        else { inversions += mid - i; to[k++] = from[j++]; }
      }
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
    }
    [from, to] = [to, from];
  }
  if (from !== a) a.set(from);
  return inversions;
}

/** Σ c(c − 1)/2 over the runs of equal neighbours in a sorted sequence (values equal when `same` says so). */
function tiedPairs(n: number, same: (i: number) => boolean): number {
  let pairs = 0, run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && same(i)) run++;
    else { pairs += (run * (run - 1)) / 2; run = 1; }
  }
  return pairs;
}

/**
 * Kendall's τ_b of two equally long samples: (concordant − discordant) / √((n₀ − tx)(n₀ − ty)) over
 * all n₀ = n(n−1)/2 pairs, tx and ty the pairs tied in x and in y (so ties, such as the zero returns of
 * old price series, do not shrink it). Knight's (1966) O(n log n) algorithm: sort by x (then y), and the
 * discordant pairs are the inversions left in y, counted by a merge sort.
 */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new Error(`gangrad: Kendall's tau needs samples of equal length, got ${n} and ${y.length}`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const tiedX = tiedPairs(n, (i) => x[order[i]] === x[order[i - 1]]);
  const tiedBoth = tiedPairs(n, (i) => x[order[i]] === x[order[i - 1]] && y[order[i]] === y[order[i - 1]]);
  const ys = Float64Array.from(order, (i) => y[i]);
  const discordant = sortCountingInversions(ys);
  const tiedY = tiedPairs(n, (i) => ys[i] === ys[i - 1]);
  const pairs = (n * (n - 1)) / 2;
  // Concordant − discordant: every pair tied in neither, less twice the discordant ones.
  return (pairs - tiedX - tiedY + tiedBoth - 2 * discordant) / Math.sqrt((pairs - tiedX) * (pairs - tiedY));
}
