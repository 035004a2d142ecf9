/**
 * The schema of a return-GAN model file's metadata, checked on load before any network is built: an
 * edited or damaged header (`regime.quantiles: []`, `std: null`, `hidden: [1e6, 1e6]`) must be an error
 * naming the file and the field, never all-NaN output or an allocation failure that names nothing.
 * Fields this version does not know are left alone, so a newer writer's additions still load.
 */
import { showMetadataValue } from '../../io/index.js';
import { MAX_SEED } from '../../tensor/index.js';

/** Largest layer width, window or latent size accepted: far beyond any model gangrad trains. */
const MAX_SIZE = 1 << 16;
/** Largest parameter count of one network (2^28 floats = 1 GiB): beyond it, refuse before allocating. */
const MAX_PARAMETERS = 1 << 28;

type Check = (value: unknown) => string | null;

const finite: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'a finite number');
const positive: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : 'a finite number > 0');
const nonNegative: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a finite number ≥ 0');
const count = (min: number, max = Number.MAX_SAFE_INTEGER): Check => (v) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `an integer in [${min}, ${max}]`);
const fraction: Check = (v) => (typeof v === 'number' && v >= 0 && v < 1 ? null : 'a number in [0, 1)');
const openFraction: Check = (v) => (typeof v === 'number' && v > 0 && v < 1 ? null : 'a number in (0, 1)');
const oneOf = (...options: unknown[]): Check => (v) => (options.includes(v) ? null : `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
const text: Check = (v) => (typeof v === 'string' ? null : 'a string');
const nullOr = (check: Check): Check => (v) => (v === null ? null : check(v) && `null or ${check(v)}`);
// Prices given in memory without dates (ReturnGan.fit on a plain array) are labelled by row: '#0', '#1', …
const isoDate: Check = (v) => (typeof v === 'string' && /^(\d{4}-\d{2}-\d{2}|#\d+)$/.test(v) ? null : "a date YYYY-MM-DD (or a row label '#N')");

// A daily log return's mean and standard deviation: a model whose transforms say otherwise (a hand-edited
// std of 1e300) would publish returns of ±1e300 and prices of 0. The price files' plausibility check
// (a factor of 5 a day at most) keeps every trained model far inside these bounds.
const dailyMean: Check = (v) => (typeof v === 'number' && Math.abs(v) <= 1 ? null : 'a daily mean log return in [-1, 1]');
const dailyStd: Check = (v) => (typeof v === 'number' && v >= 1e-8 && v <= 2 ? null : 'a daily log-return standard deviation in [1e-8, 2]');

/** How an error names a field: a file's metadata field by its dotted path, or (fit options) the option. */
type FieldName = (path: string) => string;
const metadataField: FieldName = (path) => `metadata field '${path}'`;
/** `ReturnGan.fit`'s options are the config's fields: an error names the option the caller passed. */
export const optionField: FieldName = (path) => `option '${path.replace(/^config\./, '')}'`;

/** The first field that fails its check, as an error naming `file` and the field's dotted path. */
function checkFields(file: string, prefix: string, object: unknown, checks: Record<string, Check>, optional: string[] = [], field: FieldName = metadataField): void {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) throw new Error(`${file}: ${field(prefix)} must be an object, got ${showMetadataValue(object)}`);
  for (const [key, check] of Object.entries(checks)) {
    const value = (object as Record<string, unknown>)[key];
    if (value === undefined && optional.includes(key)) continue;
    const need = check(value);
    if (need) throw new Error(`${file}: ${field(`${prefix}.${key}`)} must be ${need}, got ${value === undefined ? 'nothing' : showMetadataValue(value)}`);
  }
}

/** Check a configuration (merged over the defaults); errors name `file` and the field (`field` words it). */
export function checkConfig(file: string, config: Record<string, unknown>, field: FieldName = metadataField): void {
  const size = count(1, MAX_SIZE);
  checkFields(file, 'config', config, {
    window: count(2, MAX_SIZE), stride: size, latentDim: size, alpha: finite, lr: positive, beta1: fraction, beta2: fraction,
    batch: size, steps: count(1), seed: count(0, MAX_SEED), tails: oneOf(true, false), labelSmoothing: fraction, discriminatorSteps: size,
    testFraction: openFraction, validationFraction: fraction, evalEvery: count(1), checkpointEvery: count(1), logEvery: count(1),
    discriminatorInput: oneOf('returns', 'returns+abs'), generatorOutput: oneOf('returns', 'unit-rms-shape'), conditioning: oneOf('none', 'volatility'),
    instanceNoise: (v) => (v === 0 || (typeof v === 'number' && v > 0.5 && v < 1) ? null : '0 (off) or a number in (0.5, 1)'),
  }, ['instanceNoise'], field);
  const hidden = config.hidden;
  if (!Array.isArray(hidden) || hidden.length < 1 || hidden.length > 64) {
    throw new Error(`${file}: ${field('config.hidden')} must be a list of 1 to 64 layer widths, got ${showMetadataValue(hidden)}`);
  }
  hidden.forEach((h, i) => {
    if (size(h)) throw new Error(`${file}: ${field(`config.hidden[${i}]`)} must be ${size(h)}, got ${showMetadataValue(h)}`);
  });
  const layers = (widths: number[]) => widths.slice(1).reduce((sum, w, i) => sum + (widths[i] + 1) * w, 0);
  const window = config.window as number;
  const parameters = layers([(config.latentDim as number) + 1, ...hidden, 2 * window]) + layers([2 * (window + 1), ...hidden, 1]);
  if (parameters > MAX_PARAMETERS) throw new Error(`${file}: ${field('config.hidden')} ${JSON.stringify(hidden)} asks for about ${parameters.toExponential(1)} parameters, more than ${MAX_PARAMETERS}`);
}

/** Check one asset's fitted transforms (`field` names them in errors: `transforms`, `transforms[2]`). */
export function checkTransforms(file: string, transforms: Record<string, unknown>, conditional: boolean, field = 'transforms'): void {
  checkFields(file, field, transforms, { mean: dailyMean, std: dailyStd, gaussianScale: positive, zClip: positive, shapeDomain: oneOf('unit-rms') }, ['shapeDomain']);
  if (transforms.lambert !== null) checkFields(file, `${field}.lambert`, transforms.lambert, { delta: nonNegative, mu: finite, sigma: positive });
  const regime = transforms.regime as Record<string, unknown> | null | undefined;
  if (regime === null || regime === undefined) {
    if (conditional) throw new Error(`${file}: metadata field '${field}.regime' is missing; the volatility-conditional model (config.conditioning) needs it`);
    return;
  }
  checkFields(file, `${field}.regime`, regime, { mean: finite, std: positive });
  checkQuantiles(file, `${field}.regime.quantiles`, regime.quantiles);
  const process = transforms.levelProcess as Record<string, unknown> | null | undefined;
  if (process === null || process === undefined) return;
  checkFields(file, `${field}.levelProcess`, process, { window: count(2, MAX_SIZE), intercept: finite, min: finite, max: finite });
  const horizons = process.horizons, coefficients = process.coefficients;
  if (!Array.isArray(horizons) || horizons.length < 1 || horizons.some((h, i) => count(1, MAX_SIZE)(h) !== null || (i > 0 && h <= horizons[i - 1]))) {
    throw new Error(`${file}: metadata field '${field}.levelProcess.horizons' must be ascending positive integers, got ${showMetadataValue(horizons)}`);
  }
  if (!Array.isArray(coefficients) || coefficients.length !== horizons.length || coefficients.some((c) => finite(c) !== null)) {
    throw new Error(`${file}: metadata field '${field}.levelProcess.coefficients' must be ${horizons.length} finite numbers (one per horizon), got ${showMetadataValue(coefficients)}`);
  }
  if (!((process.min as number) < (process.max as number))) throw new Error(`${file}: metadata field '${field}.levelProcess.min' must be below 'max', got ${process.min} and ${process.max}`);
  checkQuantiles(file, `${field}.levelProcess.residualQuantiles`, process.residualQuantiles);
  if (process.calibration !== undefined) checkFields(file, `${field}.levelProcess.calibration`, process.calibration, { persistence: positive, spread: positive, scale: positive }, ['scale']);
  if (transforms.shapeMap !== undefined) checkShapeMap(file, `${field}.shapeMap`, transforms.shapeMap);
}

/** The forecasts' shape map (shape-map.ts): ascending edges, one quantile list per bin on each side, all on the same probabilities. */
function checkShapeMap(file: string, field: string, map: unknown): void {
  checkFields(file, field, map, {});
  const { edges, probabilities, real, generated } = map as Record<string, unknown>;
  if (!Array.isArray(edges) || edges.some((e, i) => finite(e) !== null || (i > 0 && e < edges[i - 1]))) {
    throw new Error(`${file}: metadata field '${field}.edges' must be ascending finite numbers, got ${showMetadataValue(edges)}`);
  }
  checkQuantiles(file, `${field}.probabilities`, probabilities);
  const points = (probabilities as number[]).length;
  for (const [name, lists] of [['real', real], ['generated', generated]] as const) {
    if (!Array.isArray(lists) || lists.length !== edges.length + 1) throw new Error(`${file}: metadata field '${field}.${name}' must hold ${edges.length + 1} quantile lists (one per bin)`);
    lists.forEach((q, b) => {
      checkQuantiles(file, `${field}.${name}[${b}]`, q);
      if ((q as number[]).length !== points || (q as number[])[0] < 0) throw new Error(`${file}: metadata field '${field}.${name}[${b}]' must hold ${points} quantiles of |shape| (≥ 0), one per probability`);
    });
  }
}

/** A distribution stored as quantiles: at least two finite numbers, ascending. */
function checkQuantiles(file: string, field: string, q: unknown): void {
  if (!Array.isArray(q) || q.length < 2) throw new Error(`${file}: metadata field '${field}' must be a list of at least 2 numbers, got ${showMetadataValue(q)}`);
  q.forEach((v, i) => {
    if (finite(v)) throw new Error(`${file}: metadata field '${field}[${i}]' must be a finite number, got ${showMetadataValue(v)}`);
    if (i > 0 && v < q[i - 1]) throw new Error(`${file}: metadata field '${field}' must ascend, but [${i - 1}] ${q[i - 1]} > [${i}] ${v}`);
  });
}

/**
 * Check a model file's parsed metadata (config already merged over the defaults) and, for a checkpoint,
 * its training state. Throws an error naming `file` and the first field at fault.
 */
export function validateModelMetadata(file: string, metadata: { config: unknown; transforms: unknown; data: unknown; step: unknown; validationScore: unknown; runId?: unknown }, resume: unknown): void {
  const config = metadata.config as Record<string, unknown>;
  checkConfig(file, config);
  checkTransforms(file, metadata.transforms as Record<string, unknown>, config.conditioning === 'volatility');
  const unitRms = (metadata.transforms as Record<string, unknown>).shapeDomain === 'unit-rms';
  if ((config.generatorOutput === 'unit-rms-shape') !== unitRms) {
    throw new Error(`${file}: metadata field 'transforms.shapeDomain' is ${unitRms ? "'unit-rms'" : 'absent'} but 'config.generatorOutput' is ${JSON.stringify(config.generatorOutput)}; the two go together`);
  }
  checkFields(file, 'data', metadata.data, { file: text, column: text, sha256: (v) => (typeof v === 'string' && /^([0-9a-f]{64})?$/.test(v) ? null : 'a hex SHA-256 (or empty)'), firstDate: isoDate, lastDate: isoDate, testStartDate: isoDate });
  checkFields(file, 'model', metadata, { step: count(0), validationScore: nullOr(nonNegative), runId: (v) => (typeof v === 'string' && /^[\w.-]{1,80}$/.test(v) ? null : 'a run id (letters, digits, . _ -)') }, ['runId']);
  if (resume !== null && resume !== undefined) checkResumeState(file, resume);
}

/** Check a checkpoint's training state (trainer counters, batch RNG, best, time): errors name `file` and the field. */
export function checkResumeState(file: string, resume: unknown): void {
  checkFields(file, 'resume', resume, {
    generatorAdamStep: count(0), discriminatorAdamStep: count(0), latentOffset: count(0), bestScore: nullOr(nonNegative), bestStep: nullOr(count(0)), elapsedSeconds: nonNegative,
    // Four integers and a spare normal draw (JSON null when there is none).
    batchRngState: (v) => (Array.isArray(v) && v.length === 5 && v.slice(0, 4).every((x) => Number.isInteger(x)) && (v[4] === null || Number.isFinite(v[4])) ? null : 'four integers and a number or null'),
  });
  const noise = (resume as Record<string, unknown>).instanceNoise;
  if (noise !== undefined) checkFields(file, 'resume.instanceNoise', noise, { level: nonNegative, offset: count(0), lastReadStep: count(0) });
}
