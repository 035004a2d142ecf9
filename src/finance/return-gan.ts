/**
 * The return GAN as one object, in memory: fit it on a price series, sample return and price paths,
 * and move it as bytes (the same safetensors file `gangrad train` writes). It runs in Node and in a
 * page alike; only `save` and `load` touch files. It wraps the pipeline the CLI uses (datasetFromSeries,
 * createTrainer, validation scoring, generatePaths, encodeModel/decodeModel), so the same data, settings
 * and seed select the same weights as `gangrad train`.
 */
import { runTraining, type AbortSignalLike } from '../gan/index.js';
import { checkOptionNames } from '../backend/option-names.js';
import { writeFileAtomic } from '../io/index.js';
import { nodeModules } from '../io/node.js';
import { disposeModule } from '../nn/index.js';
import type { PriceSeries } from './data/csv.js';
import { datasetFromSeries, type ReturnDataset } from './data/dataset.js';
import { generatePaths } from './model/generate.js';
import { calibratedMetadata } from './training/level-calibration.js';
import {
  buildNetworks, createTrainer, decodeModel, DEFAULT_CONFIG, encodeModel, modelPaths,
  type ModelMetadata, type ReturnGanConfig, type ReturnGanNetworks,
} from './model/model.js';
import { checkGeneratorOutput, GENERATOR_KINDS } from './model/config.js';
import { checkConfig, optionField } from './model/model-schema.js';
import { DEFAULT_MAX_DAILY_FACTOR, implausibleJump, inMemoryPriceWarnings } from './data/csv.js';
import { checkSeed } from '../tensor/index.js';
import { pricePath } from './data/returns.js';
import { forecastSummary, MAX_FORECAST_HORIZON, MAX_FORECAST_VALUES, MIN_FORECAST_PATHS, pathReturns, type ForecastSummary } from './forecaster.js';
import { fallThresholdWarnings, lowLevelWarnings, shortHistoryWarnings, thinTailWarnings } from './forecast-warnings.js';
import { GanForecaster } from './model/gan-forecaster.js';
import { scoreForSelection, type TrainProgress } from './training/train.js';
import type { ValidationScore } from './evaluation/validation.js';

/** Options of {@link ReturnGan.fit}: any {@link ReturnGanConfig} field overrides the default model. */
export interface ReturnGanFitOptions extends Partial<ReturnGanConfig> {
  /** Called after every step (the page or the process may draw progress from it). */
  onProgress?: (progress: TrainProgress) => void;
  /** Aborting ends training after the current step; the best weights so far are returned. */
  signal?: AbortSignalLike;
  /** Names the data in error messages and in the model's metadata (default `prices`). */
  name?: string;
  /** Windows generated for each validation score (default 512, as `gangrad train`). */
  validationSamples?: number;
  /** Where warnings on prices given as an array go (a day like an unadjusted split, stale prices), as `parsePriceCsv`'s; default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** Options of {@link ReturnGan.sample}. */
export interface ReturnGanSampleOptions {
  /** Number of independent paths. */
  paths: number;
  /**
   * Days per path (default: the model's window). Longer paths are made window by window, each window's
   * volatility level following the model's level process, so volatility memory crosses window borders
   * (see generatePaths; only model files from before the level process join independent windows).
   */
  length?: number;
  /** Noise seed (default 1), an integer from 0 to 2³² − 1: the same seed gives the same paths from the same model and backend. */
  seed?: number;
  /** Price on day 0 of every path (default 100). */
  startPrice?: number;
}

/** Sampled paths: `returns[p]` has `length` daily log returns, `prices[p]` the `length + 1` prices from day 0. */
export interface SampledPaths {
  returns: Float64Array[];
  prices: Float64Array[];
}

const FIT_OPTIONS = new Set(['onProgress', 'signal', 'name', 'validationSamples', 'onWarning']);

function checkedConfig(options: ReturnGanFitOptions): ReturnGanConfig {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new Error(`ReturnGan.fit: options must be an object (e.g. { steps: 2000 }), got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (FIT_OPTIONS.has(key) || value === undefined) continue;
    if (!(key in DEFAULT_CONFIG)) checkOptionNames({ [key]: value }, [...Object.keys(DEFAULT_CONFIG), ...FIT_OPTIONS].join(' '), 'ReturnGan.fit');
    const expected = DEFAULT_CONFIG[key as keyof ReturnGanConfig];
    const ok = typeof expected === 'number' ? typeof value === 'number' && Number.isFinite(value) : Array.isArray(expected) ? Array.isArray(value) : typeof value === typeof expected;
    if (!ok) throw new Error(`ReturnGan.fit: option '${key}' is ${shown(value)}; expected ${Array.isArray(expected) ? 'an array' : `a finite ${typeof expected}`}`);
    overrides[key] = value;
  }
  const config = { ...DEFAULT_CONFIG, ...overrides } as ReturnGanConfig;
  for (const key of ['steps', 'batch', 'window', 'stride', 'latentDim', 'evalEvery', 'logEvery', 'discriminatorSteps'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new Error(`ReturnGan.fit: option '${key}' must be a positive integer, got ${config[key]}`);
  }
  // Everything the model file's reader would refuse, refused before training rather than after it.
  checkConfig('ReturnGan.fit', config as unknown as Record<string, unknown>, optionField);
  if (!(config.testFraction + config.validationFraction < 1)) throw new Error(`ReturnGan.fit: options 'testFraction' (${config.testFraction}) and 'validationFraction' (${config.validationFraction}) leave no training part: their sum must be below 1`);
  const samples = options.validationSamples;
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 1)) throw new Error(`ReturnGan.fit: option 'validationSamples' must be a positive integer, got ${JSON.stringify(samples) ?? String(samples)}`);
  checkSeed(config.seed, 'ReturnGan.fit');
  // The options that are not model settings, checked as early: a wrong type would fail steps into the run.
  if (options.name !== undefined && typeof options.name !== 'string') throw new Error(`ReturnGan.fit: option 'name' must be a string (it labels the model's data), got ${shown(options.name)}`);
  for (const key of ['onProgress', 'onWarning'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') throw new Error(`ReturnGan.fit: option '${key}' must be a function, got ${shown(options[key])}`);
  }
  if (options.signal !== undefined && !(typeof options.signal === 'object' && options.signal !== null && 'aborted' in options.signal)) throw new Error(`ReturnGan.fit: option 'signal' must be an AbortSignal (new AbortController().signal), got ${shown(options.signal)}`);
  if (!(config.labelSmoothing >= 0 && config.labelSmoothing < 0.5)) throw new Error(`ReturnGan.fit: option 'labelSmoothing' must lie in [0, 0.5), got ${config.labelSmoothing}`);
  if (!GENERATOR_KINDS.includes(config.generator)) {
    throw new Error(`ReturnGan.fit: option 'generator' must be one of ${GENERATOR_KINDS.map((g) => `'${g}'`).join(', ')}, got ${JSON.stringify(config.generator)}`);
  }
  checkGeneratorOutput(config);
  return config;
}

/** A user's likely slips (a file name, nothing) named before any work: `fit` takes prices, not a path. */
function checkPricesArgument(prices: unknown): asserts prices is ArrayLike<number> | PriceSeries {
  if (typeof prices === 'string') throw new Error(`ReturnGan.fit: got the string '${prices}', not prices; read a CSV first: ReturnGan.fit(loadPriceCsv('${prices}'))`);
  const arrayLike = typeof prices === 'object' && prices !== null && (typeof (prices as { length?: unknown }).length === 'number' || 'prices' in prices);
  if (!arrayLike) {
    throw new Error(`ReturnGan.fit: prices must be an array of daily prices (oldest first) or a PriceSeries from parsePriceCsv, got ${prices === null ? 'null' : typeof prices}`);
  }
  // An object with prices is a PriceSeries: every field of it, or a clear word on which is missing.
  if (typeof (prices as { length?: unknown }).length !== 'number') {
    const s = prices as Partial<Record<keyof PriceSeries, unknown>>;
    const missing = (['prices', 'dates', 'file', 'column'] as const).filter((k) => s[k] === undefined);
    if (missing.length > 0) throw new Error(`ReturnGan.fit: an object of prices is read as a PriceSeries (what parsePriceCsv returns), which needs prices, dates, file and column; this one lacks ${missing.join(', ')}. For prices alone, pass the array itself: ReturnGan.fit(prices)`);
    if (typeof s.file !== 'string' || typeof s.column !== 'string') throw new Error(`ReturnGan.fit: a PriceSeries' file and column must be strings, got ${typeof s.file} and ${typeof s.column}`);
    if (!Array.isArray(s.dates) || !s.dates.every((d) => typeof d === 'string')) throw new Error('ReturnGan.fit: a PriceSeries\' dates must be an array of ISO date strings');
    const p = s.prices as { length?: unknown } | null;
    if (typeof p !== 'object' || p === null || typeof p.length !== 'number') throw new Error(`ReturnGan.fit: a PriceSeries' prices must be an array of numbers, got ${p === null ? 'null' : typeof p}`);
  }
}

function priceSeries(prices: ArrayLike<number> | PriceSeries, name: string): PriceSeries {
  const given = 'prices' in prices && 'dates' in prices;
  const series: PriceSeries = given
    ? { ...prices, prices: prices.prices instanceof Float64Array ? prices.prices : Float64Array.from(prices.prices) }
    : { file: name, column: 'price', dates: Array.from({ length: prices.length }, (_, i) => `#${i}`), prices: Float64Array.from(prices) };
  if (given) checkSeriesDates(series, name);
  series.prices.forEach((p, i) => {
    if (!(p > 0 && Number.isFinite(p))) throw new Error(`${name}: prices[${i}] = ${p}; prices must be positive finite numbers`);
  });
  // The CSV reader's plausibility check, for prices given in memory (a PriceSeries from parsePriceCsv has
  // passed it, or was read with allowOutliers): a factor of 5 in one day is a data error (a missing
  // decimal point, a split not adjusted for), not a market move.
  for (let i = 1; i < series.prices.length && !given; i++) {
    const jump = implausibleJump(series.prices[i - 1], series.prices[i]);
    if (jump) throw new Error(`${name}: prices[${i}] = ${series.prices[i]} (${series.dates[i]}) is ${jump} the day before (${series.prices[i - 1]}), beyond a factor ${DEFAULT_MAX_DAILY_FACTOR} in one day: a data error? Correct the series, or read the CSV with allowOutliers: true to keep such days`);
  }
  return series;
}

/**
 * A PriceSeries built by hand (not by parsePriceCsv) can hold what the CSV reader refuses: dates out of
 * order or repeated, or fewer dates than prices. The model would record a test part running backwards.
 */
function checkSeriesDates(series: PriceSeries, name: string): void {
  if (!Array.isArray(series.dates) || series.dates.length !== series.prices.length) {
    throw new Error(`${name}: a PriceSeries needs one date per price: ${series.prices.length} prices, ${Array.isArray(series.dates) ? series.dates.length : 'no'} dates`);
  }
  // ISO dates order as text; row labels '#N' (as in-memory prices get) by their number.
  const key = (d: string) => (/^#\d+$/.test(d) ? Number(d.slice(1)) : d);
  for (let i = 1; i < series.dates.length; i++) {
    const a = key(series.dates[i - 1]), b = key(series.dates[i]);
    if (typeof a !== typeof b || !(b > a)) {
      throw new Error(`${name}: dates[${i}] = '${series.dates[i]}' is not after dates[${i - 1}] = '${series.dates[i - 1]}': a PriceSeries runs oldest first, one row a day`);
    }
  }
}

/** SHA-256 of the prices (float64, little-endian) where Web Crypto exists, so a model records its data. */
async function pricesSha256(prices: Float64Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return '';
  const bytes = new Uint8Array(prices.length * 8);
  const view = new DataView(bytes.buffer);
  prices.forEach((p, i) => view.setFloat64(8 * i, p, true));
  return Array.from(new Uint8Array(await subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The best model's bytes with its level process calibrated against the training and validation returns (level-calibration.ts). */
async function calibratedBytes(bytes: Uint8Array, name: string, dataset: ReturnDataset): Promise<Uint8Array> {
  const model = decodeModel(bytes, name);
  try {
    const calibrated = await calibratedMetadata(model.networks.generator, model.metadata, { real: dataset.returns.slice(0, dataset.split.validation[1]), trainingPart: dataset.part('train'), trainingWindows: { rows: dataset.windows, count: dataset.windowCount } });
    // No signal is passed: a fit stopped early still returns its best weights calibrated (seconds).
    return calibrated && calibrated !== 'aborted' ? await encodeModel(model.networks, calibrated.metadata) : bytes;
  } finally {
    disposeModule(model.networks.generator);
    disposeModule(model.networks.discriminator);
  }
}

function positiveInteger(value: number, what: string, where: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${what} must be a positive integer, got ${shown(value)}`);
  return value;
}

/** A value as a message shows it: a string quoted (so '3' does not read as the number 3), NaN as NaN. */
const shown = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value));

/** What fromBytes was given instead of bytes, in words, with the way to bytes for the usual mistakes. */
function describeNotBytes(value: unknown): string {
  if (typeof value === 'string') return 'a string (pass a path to ReturnGan.load)';
  const type = (value as object | null)?.constructor?.name;
  if (type === 'Response') return 'a fetch Response (pass await response.arrayBuffer(), after checking response.ok)';
  if (type === 'Blob' || type === 'File') return `a ${type} (pass await ${type === 'File' ? 'file' : 'blob'}.arrayBuffer())`;
  const article = (name: string) => (/^[AEIOU]/.test(name) ? 'an' : 'a');
  if (ArrayBuffer.isView(value)) return `${article(type!)} ${type} (pass new Uint8Array(view.buffer, view.byteOffset, view.byteLength))`;
  return type && type !== 'Object' ? `${article(type)} ${type}` : typeof value;
}

const SAMPLE_OPTIONS = 'paths length seed startPrice';
/** The most daily values one {@link ReturnGan.sample} call makes (400 MB of returns and prices). */
const MAX_SAMPLE_VALUES = 25_000_000;
const FORECAST_OPTIONS = 'horizon paths levels fallBelow seed onWarning';

/**
 * Prices passed where log returns belong (an easy slip beside `logReturns(prices)`) would give a
 * forecast of nonsense without an error: daily log returns are small and of both signs.
 */
function checkLooksLikeReturns(history: Float64Array, where: string): void {
  let positive = 0, large = 0;
  for (const r of history) {
    if (r > 0) positive++;
    if (Math.abs(r) >= 1) large++;
  }
  if (history.length >= 20 && (positive === history.length || large > history.length / 2)) {
    throw new Error(`${where}: the history does not look like daily log returns (${positive === history.length ? 'every value is positive' : `${large} of ${history.length} values are beyond ±1`}): prices? Pass logReturns(prices)`);
  }
}

/** Options of {@link ReturnGan.forecast}. */
export interface ReturnGanForecastOptions {
  /** Days after the history's last day (default 10), at most {@link MAX_FORECAST_HORIZON}. */
  horizon?: number;
  /** Scenario paths (default 10,000), at least {@link MIN_FORECAST_PATHS}; paths × horizon at most 25,000,000 (they are held in memory). */
  paths?: number;
  /** VaR/ES confidence levels (default 0.95, 0.99), each once. */
  levels?: number[];
  /** Report P(h-day log return < x) for each x (an array, e.g. [-0.05]), each once. */
  fallBelow?: number[];
  /** Noise seed (default 1), an integer from 0 to 2³² − 1: the same seed gives the same paths. */
  seed?: number;
  /**
   * Where the request's warnings go, as `gangrad forecast` prints them (a level below 50 %, read as a tail
   * probability; fewer than 10 paths beyond a VaR level; a fall threshold of 1 or more), before the paths
   * are made; default `console.warn`.
   */
  onWarning?: (message: string) => void;
}

/** What {@link ReturnGan.forecast} returns. */
export interface ReturnGanForecast {
  /** Scenario paths of daily log returns. */
  paths: Float64Array[];
  summary: ForecastSummary;
}

/**
 * A trained return GAN. Its networks live on the backend that was current when it was made
 * (`setBackend`; by default `auto`'s choice). Call {@link ReturnGan.dispose} to free them.
 * Paths longer than the model's window are made window by window: a fitted level process carries each
 * window's volatility level from the ones before it, and the generator makes the window's shape given
 * that level and the previous one (model files from before the level process join independent windows).
 *
 * ```ts
 * const model = await ReturnGan.fit(prices, { steps: 2000, onProgress: (p) => p.validation && console.log(p.step, p.validation.score) });
 * const { returns, prices: paths } = await model.sample({ paths: 100, length: 64, seed: 7 });
 * const again = ReturnGan.fromBytes(model.toBytes()); // the same samples, bit for bit
 * ```
 */
export class ReturnGan {
  private disposed = false;

  private constructor(
    /** Configuration, fitted transforms, data description, step and validation score of the weights. */
    readonly metadata: ModelMetadata,
    private readonly networks: ReturnGanNetworks,
    private readonly bytes: Uint8Array,
  ) {}

  /** An error naming the model, not the first freed tensor the networks would touch. */
  private checkLive(where: string): void {
    if (this.disposed) throw new Error(`${where}: this model was disposed; make a new one from its bytes (ReturnGan.fromBytes(bytes)) or load it again`);
  }

  /**
   * Train on daily prices (oldest first; with the default settings at least 916 of them, so that the
   * training part holds the 10 windows of 64 days the level process needs) and keep the weights with the
   * best validation score, as `gangrad train` does: the last 20% of the series is held out as the test
   * part and the 10% before it scores the model every `evalEvery` steps. The first argument may also
   * be a `PriceSeries` from `parsePriceCsv`.
   */
  static async fit(prices: ArrayLike<number> | PriceSeries, options: ReturnGanFitOptions = {}): Promise<ReturnGan> {
    checkPricesArgument(prices);
    const config = checkedConfig(options);
    const name = options.name ?? ('file' in prices && typeof prices.file === 'string' ? prices.file : 'prices');
    const series = priceSeries(prices, name);
    // Prices in memory get the CSV reader's warnings too (a PriceSeries from parsePriceCsv has had them).
    if (!('dates' in prices)) for (const line of inMemoryPriceWarnings(series.prices, name)) (options.onWarning ?? console.warn)(line);
    const dataset = datasetFromSeries(series, config, { file: name, sha256: await pricesSha256(series.prices) });
    const networks = buildNetworks(config, dataset.transforms);
    const { trainer } = createTrainer(config, networks, dataset.windows, dataset.windowCount);
    const metadata = (step: number, score: number | null): ModelMetadata => ({
      format: 'gangrad-return-gan-1', generator: config.generator, config, transforms: dataset.transforms, data: dataset.info, step, validationScore: score,
    });
    let bestBytes: Uint8Array | null = null;
    try {
      await runTraining<ValidationScore>({
        trainer, steps: config.steps, signal: options.signal, onProgress: options.onProgress,
        evaluation: {
          every: config.evalEvery,
          score: () => scoreForSelection(networks.generator, config, dataset, options.validationSamples),
          onBest: async (best) => { bestBytes = await encodeModel(networks, metadata(best.step, best.score)); },
        },
      });
    } finally {
      trainer.dispose();
      disposeModule(networks.generator);
      disposeModule(networks.discriminator);
    }
    return ReturnGan.fromBytes(await calibratedBytes(bestBytes!, name, dataset), name);
  }

  /** A model from its bytes (`toBytes`, or a `model.safetensors` written by `gangrad train`); `name` labels errors. */
  static fromBytes(bytes: Uint8Array | ArrayBuffer, name = 'model bytes'): ReturnGan {
    if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
    if (!(bytes instanceof Uint8Array)) throw new Error(`ReturnGan.fromBytes: expected the model's bytes (a Uint8Array or ArrayBuffer, e.g. from toBytes() or a read file), got ${describeNotBytes(bytes)}`);
    const loaded = decodeModel(bytes, name);
    return new ReturnGan(loaded.metadata, loaded.networks, Uint8Array.from(bytes));
  }

  /** Node: read a model file, or the `model.safetensors` of a directory written by `gangrad train`. */
  static load(path: string): ReturnGan {
    if (typeof path !== 'string' || path === '') throw new Error(`ReturnGan.load: expected the path of a model file or of a directory written by gangrad train, got ${JSON.stringify(path) ?? String(path)}`);
    const { fs } = nodeModules('ReturnGan.load');
    const file = fs.existsSync(path) && fs.statSync(path).isDirectory() ? modelPaths(path).model : path;
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new Error(`${file}: cannot read (${(e as { code?: string }).code ?? (e as Error).message})`);
    }
    return ReturnGan.fromBytes(bytes, file);
  }

  /** The model as safetensors bytes (weights and metadata), loadable by {@link ReturnGan.fromBytes} and by `gangrad sample`. */
  toBytes(): Uint8Array {
    // The bytes outlive the networks: a disposed model can still be saved or re-made.
    return this.bytes.slice();
  }

  /** Node: write {@link toBytes} to `file` atomically (a temporary file, then a rename). */
  save(file: string): void {
    nodeModules('ReturnGan.save'); // the error a page sees names this method, not a helper (toBytes() is the page's way)
    writeFileAtomic(file, this.bytes);
  }

  /** The model's settings (window, network sizes, training settings). */
  get config(): ReturnGanConfig {
    return this.metadata.config;
  }

  /**
   * Synthetic paths in real units. Deterministic: the same model, backend and seed give the same
   * paths, bit for bit.
   */
  async sample(options: ReturnGanSampleOptions): Promise<SampledPaths> {
    this.checkLive('ReturnGan.sample');
    if (typeof options !== 'object' || options === null) throw new Error('ReturnGan.sample: pass the options, at least { paths: N }');
    checkOptionNames(options, SAMPLE_OPTIONS, 'ReturnGan.sample');
    const { config, transforms } = this.metadata;
    const paths = positiveInteger(options.paths, 'paths', 'ReturnGan.sample');
    const length = positiveInteger(options.length ?? config.window, 'length', 'ReturnGan.sample');
    if (paths * length > MAX_SAMPLE_VALUES) {
      throw new Error(`ReturnGan.sample: ${paths} paths × ${length} days is ${(paths * length).toLocaleString('en-US')} daily values, beyond the ${MAX_SAMPLE_VALUES.toLocaleString('en-US')} one call holds in memory (returns and prices, 16 bytes each); make more in chunks with generatePathChunks, as gangrad sample does`);
    }
    const seed = checkSeed(options.seed ?? 1, 'ReturnGan.sample');
    const startPrice = options.startPrice ?? 100;
    if (!(typeof startPrice === 'number' && startPrice > 0 && Number.isFinite(startPrice))) throw new Error(`ReturnGan.sample: startPrice must be a positive finite number, got ${shown(startPrice)}`);
    const returns = await generatePaths(this.networks.generator, config.latentDim, transforms, config.window, paths, length, seed);
    return { returns, prices: returns.map((r) => pricePath(startPrice, r)) };
  }

  /**
   * The model as a {@link Forecaster} (for `runBacktest`): scenario paths from an observed history,
   * summed over the horizon. Throws for a model without a level process (nothing to condition on).
   */
  forecaster(): GanForecaster {
    this.checkLive('ReturnGan.forecaster');
    const forecaster = new GanForecaster({ generator: this.networks.generator, latentDim: this.config.latentDim, transforms: this.metadata.transforms });
    if (!Number.isFinite(forecaster.minHistory)) throw new Error('ReturnGan: this model has no level process to condition on, so it cannot forecast; fit one with the default generator (window-ar-level)');
    return forecaster;
  }

  /**
   * The distribution of the next `horizon` days from the close of the last day of `history` (daily log
   * returns, oldest first; e.g. `logReturns(prices)`; at least `forecaster().minHistory` of them, 256 at
   * the default window): scenario paths and their summary (quantiles of
   * the h-day log return, VaR and ES at each level as positive losses). A distribution forecast for
   * risk, not a price target.
   */
  async forecast(history: ArrayLike<number>, options: ReturnGanForecastOptions = {}): Promise<ReturnGanForecast> {
    const where = 'ReturnGan.forecast';
    this.checkLive(where);
    if (typeof history !== 'object' || history === null || typeof history.length !== 'number') {
      throw new Error(`${where}: history must be an array of daily log returns (oldest first; e.g. logReturns(prices)), got ${history === null ? 'null' : typeof history}`);
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new Error(`${where}: options must be an object (e.g. { horizon: 10 }), got ${options === null ? 'null' : typeof options}`);
    checkOptionNames(options, FORECAST_OPTIONS, where);
    // Float64Array.from would read null as 0 and a string as a number: every entry must be a number.
    for (let i = 0; i < history.length; i++) {
      if (typeof history[i] !== 'number') throw new Error(`${where}: history[${i}] is ${history[i] === null ? 'null' : typeof history[i]}, not a daily log return`);
    }
    const returns = Float64Array.from(history);
    checkLooksLikeReturns(returns, where);
    const horizon = positiveInteger(options.horizon ?? 10, 'horizon', where);
    if (horizon > MAX_FORECAST_HORIZON) throw new Error(`${where}: horizon ${horizon}: at most ${MAX_FORECAST_HORIZON} days (a trading year); for longer scenario paths use sample()`);
    const samples = positiveInteger(options.paths ?? 10_000, 'paths', where);
    if (samples < MIN_FORECAST_PATHS) throw new Error(`${where}: paths ${samples}: at least ${MIN_FORECAST_PATHS} (the forecast's quantiles need some)`);
    if (samples * horizon > MAX_FORECAST_VALUES) {
      throw new Error(`${where}: ${samples} paths × ${horizon} days is ${(samples * horizon).toLocaleString('en-US')} daily values, beyond the ${MAX_FORECAST_VALUES.toLocaleString('en-US')} one forecast holds in memory; ask for fewer paths (at ${horizon} days, at most ${Math.floor(MAX_FORECAST_VALUES / horizon).toLocaleString('en-US')})`);
    }
    const seed = checkSeed(options.seed ?? 1, where);
    if (options.fallBelow !== undefined && !Array.isArray(options.fallBelow)) throw new Error(`${where}: fallBelow must be an array of log returns (e.g. [-0.05]), got ${typeof options.fallBelow}`);
    const below = options.fallBelow ?? [];
    for (const x of below) if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${where}: fallBelow must hold finite log returns (e.g. -0.05), got ${x}`);
    // The same threshold twice would only give the same row twice (the CLI refuses it too).
    const repeated = below.find((x, i) => below.indexOf(x) !== i);
    if (repeated !== undefined) throw new Error(`${where}: fallBelow ${repeated} is given twice`);
    if (options.onWarning !== undefined && typeof options.onWarning !== 'function') throw new Error(`${where}: option 'onWarning' must be a function, got ${shown(options.onWarning)}`);
    // Checked before the paths are made (seconds of work), not by the summary after them.
    const levels = options.levels ?? [0.95, 0.99];
    if (!Array.isArray(levels) || levels.length === 0 || !levels.every((l) => typeof l === 'number' && l > 0 && l < 1)) {
      throw new Error(`${where}: levels must be a list of confidence levels strictly between 0 and 1 (e.g. [0.95, 0.99]), got ${JSON.stringify(levels) ?? String(levels)}`);
    }
    const twice = levels.find((l, i) => levels.indexOf(l) !== i);
    if (twice !== undefined) throw new Error(`${where}: level ${twice} is given twice`);
    const forecaster = this.forecaster();
    if (returns.length < forecaster.minHistory) {
      throw new Error(`${where}: history holds ${returns.length} daily returns; this model needs at least ${forecaster.minHistory} (its level process looks back that far)`);
    }
    // Said once the request is known good, as the CLI does: an error comes alone.
    const names = { prefix: '' } as const;
    for (const line of [...lowLevelWarnings(levels, names), ...thinTailWarnings(samples, levels, { horizon, ...names }), ...fallThresholdWarnings(below, names), ...shortHistoryWarnings(returns.length)]) (options.onWarning ?? console.warn)(line);
    const paths = await forecaster.paths(returns, horizon, { samples, seed });
    const sums = pathReturns(paths);
    return { paths, summary: forecastSummary(sums, levels, { fallBelow: below }) };
  }

  /** Free the networks' tensors; the model cannot sample afterwards (its bytes remain). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeModule(this.networks.generator);
    disposeModule(this.networks.discriminator);
  }
}
