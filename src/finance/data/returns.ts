/** From prices to training data: log returns, chronological splits and rolling windows. */

/** r_t = ln(P_t / P_{t−1}): additive over time, so a path is a cumulative sum. */
export function logReturns(prices: ArrayLike<number>): Float64Array {
  for (let t = 0; t < prices.length; t++) {
    if (!(prices[t] > 0 && Number.isFinite(prices[t]))) throw new Error(`gangrad: logReturns: prices[${t}] = ${prices[t]}; prices must be positive finite numbers`);
  }
  const r = new Float64Array(Math.max(0, prices.length - 1));
  for (let t = 1; t < prices.length; t++) r[t - 1] = Math.log(prices[t] / prices[t - 1]);
  return r;
}

/** Prices from a start price and log returns: P_t = P_0 · exp(r_1 + … + r_t); includes P_0. */
export function pricePath(startPrice: number, returns: ArrayLike<number>): Float64Array {
  const p = new Float64Array(returns.length + 1);
  p[0] = startPrice;
  for (let t = 0; t < returns.length; t++) p[t + 1] = p[t] * Math.exp(returns[t]);
  return p;
}

/** Index ranges [start, end) of a chronological train / validation / test split. */
export interface Split {
  train: [number, number];
  validation: [number, number];
  test: [number, number];
}

/**
 * Split n time-ordered observations into train, then validation, then test: no shuffling, so nothing
 * from the future leaks into fitting. The validation part sits just before the test part and is used
 * for model selection during training.
 */
export function chronologicalSplit(n: number, testFraction = 0.2, validationFraction = 0.1): Split {
  if (!Number.isInteger(n) || n < 1) throw new Error(`gangrad: chronologicalSplit needs a whole number of days ≥ 1, got ${n}`);
  if (!(testFraction > 0 && validationFraction >= 0 && testFraction + validationFraction < 1)) {
    throw new Error(`gangrad: invalid split fractions (test ${testFraction}, validation ${validationFraction})`);
  }
  const testStart = Math.floor(n * (1 - testFraction));
  const validationStart = Math.floor(n * (1 - testFraction - validationFraction));
  return { train: [0, validationStart], validation: [validationStart, testStart], test: [testStart, n] };
}

/**
 * The fewest returns whose {@link chronologicalSplit} with these fractions leaves at least `trainReturns`
 * in its training part (what a model needing that many training returns asks of a file).
 */
export function fewestReturnsForTraining(trainReturns: number, testFraction: number, validationFraction: number): number {
  let n = trainReturns;
  while (chronologicalSplit(n, testFraction, validationFraction).train[1] < trainReturns) n++;
  return n;
}

/**
 * Overlapping windows of `length` consecutive values, `stride` apart, as rows of one matrix
 * [count, length]. Each window is one training sample of the GAN.
 */
export function rollingWindows(series: ArrayLike<number>, length: number, stride = 1): { rows: Float32Array; count: number } {
  if (!Number.isInteger(length) || length < 1) throw new Error(`gangrad: window length must be a positive integer, got ${length}`);
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`gangrad: window stride must be a positive integer, got ${stride}`);
  if (series.length < length) throw new Error(`gangrad: a series of ${series.length} values is shorter than one window of ${length}`);
  const count = Math.floor((series.length - length) / stride) + 1;
  const rows = new Float32Array(count * length);
  for (let w = 0; w < count; w++) for (let i = 0; i < length; i++) rows[w * length + i] = series[w * stride + i];
  return { rows, count };
}
