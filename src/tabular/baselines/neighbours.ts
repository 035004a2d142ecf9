/** The k nearest neighbours of each of `n` rows under a squared distance, for SMOTE and SMOTE-NC. */

/** For each row, the `k` other rows with the smallest `distance`, nearest first (lower index on ties). */
export function nearestNeighbours(n: number, k: number, distance: (i: number, j: number) => number): Int32Array[] {
  return Array.from({ length: n }, (_, i) => {
    const d: [number, number][] = [];
    for (let j = 0; j < n; j++) if (j !== i) d.push([distance(i, j), j]);
    d.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return Int32Array.from(d.slice(0, k), ([, j]) => j);
  });
}
