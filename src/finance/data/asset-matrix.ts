/**
 * Several assets' daily values side by side: a days × assets matrix, one row per day, stored row-major
 * so a day (the cross-section a portfolio sees) is contiguous.
 */

/** Aligned prices or returns of several assets: `values[t * assets + j]` is asset j on day t. */
export interface AssetMatrix {
  readonly days: number;
  readonly assets: number;
  readonly values: Float64Array;
}

/** A days × assets matrix over `values` (zeros when omitted); refuses a buffer of the wrong size. */
export function assetMatrix(days: number, assets: number, values = new Float64Array(days * assets)): AssetMatrix {
  if (!Number.isInteger(days) || days < 0 || !Number.isInteger(assets) || assets < 1) {
    throw new Error(`gangrad: an asset matrix needs whole numbers of days (≥ 0) and assets (≥ 1), got ${days} × ${assets}`);
  }
  if (values.length !== days * assets) throw new Error(`gangrad: ${days} days × ${assets} assets need ${days * assets} values, got ${values.length}`);
  return { days, assets, values };
}

/** One row per asset → a days × assets matrix; every column must be as long as the first. */
export function fromColumns(columns: readonly ArrayLike<number>[]): AssetMatrix {
  const days = columns[0]?.length ?? 0;
  const m = assetMatrix(days, columns.length);
  columns.forEach((c, j) => {
    if (c.length !== days) throw new Error(`gangrad: asset ${j} has ${c.length} values, asset 0 has ${days}`);
    for (let t = 0; t < days; t++) m.values[t * m.assets + j] = c[t];
  });
  return m;
}

/** Asset j's values over time (a copy). */
export function assetColumn(m: AssetMatrix, j: number): Float64Array {
  const out = new Float64Array(m.days);
  for (let t = 0; t < m.days; t++) out[t] = m.values[t * m.assets + j];
  return out;
}

/** Every asset's column, in order. */
export function assetColumns(m: AssetMatrix): Float64Array[] {
  return Array.from({ length: m.assets }, (_, j) => assetColumn(m, j));
}

/** Days [start, end) as a matrix of their own (a copy, so the slice outlives changes to the source). */
export function sliceDays(m: AssetMatrix, start: number, end: number): AssetMatrix {
  return assetMatrix(end - start, m.assets, m.values.slice(start * m.assets, end * m.assets));
}
