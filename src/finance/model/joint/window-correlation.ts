/**
 * A window's realised correlation of each pair of assets: the mean over its W days of the product of
 * the two assets' unit-RMS shapes (standardised returns divided by their window's RMS), for pairs
 * (0, 1), (0, 2), …, (1, 2), … in that order. The shapes have unit RMS, so it lies in [−1, 1]; it is the
 * correlation around zero, as the critic's co-movement features (networks.ts) measure it.
 */

/** How many pairs d assets make: d(d − 1)/2. */
export function pairCount(assets: number): number {
  return (assets * (assets - 1)) / 2;
}

/** Each pair's mean product of `shapes` (one array of W values per asset) written to `out` from `offset`. */
export function windowCorrelations(shapes: readonly ArrayLike<number>[], out: { [i: number]: number }, offset = 0): void {
  const d = shapes.length, w = shapes[0].length;
  let k = offset;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      let s = 0;
      for (let t = 0; t < w; t++) s += shapes[i][t] * shapes[j][t];
      out[k++] = s / w;
    }
  }
}
