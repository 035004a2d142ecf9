/** Edited metadata is an error naming the file and the field, before any network is built. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../src/finance/model/model.js';
import { metadataJson, showMetadataValue } from '../src/io/index.js';
import type { TabularMetadata } from '../src/tabular/model/model.js';
import { validateTabularMetadata } from '../src/tabular/model/metadata-schema.js';
import { editModelMetadata, trainTinyModel } from './helpers/tiny-model.js';

let dir: string;
let original: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gangrad-schema-'));
  original = join((await trainTinyModel(dir)).model, 'model.safetensors');
});

/** Load a copy of the tiny model with one metadata edit; returns the error message. */
function loadEdited(name: string, edit: (m: Record<string, any>) => void): string {
  const file = join(dir, `${name}.safetensors`);
  copyFileSync(original, file);
  editModelMetadata(file, edit);
  try {
    loadModelFile(file);
  } catch (e) {
    return (e as Error).message;
  }
  return 'loaded';
}

describe('model metadata schema', () => {
  it('the unedited tiny model loads and carries its run id', () => {
    expect(loadModelFile(original).metadata.runId).toBe('tiny-run');
  });

  it.each([
    ['empty-quantiles', (m: any) => { m.transforms.regime.quantiles = []; }, /'transforms\.regime\.quantiles' must be a list of at least 2 numbers, got \[\]/],
    ['null-std', (m: any) => { m.transforms.std = null; }, /'transforms\.std' must be a daily log-return standard deviation in \[1e-8, 2\], got null/],
    // Finite but absurd: forecasts would print returns of ±1e300 % and prices of 0.
    ['huge-std', (m: any) => { m.transforms.std = 1e300; }, /'transforms\.std' must be a daily log-return standard deviation in \[1e-8, 2\], got 1e\+300/],
    ['huge-mean', (m: any) => { m.transforms.mean = -5; }, /'transforms\.mean' must be a daily mean log return in \[-1, 1\], got -5/],
    // A field removed or made unreadable by hand is named, not reported as "undefined is not valid JSON".
    ['removed-data', (m: any) => { delete m.data; }, /metadata field 'data' is missing/],
    ['text-step', (m: any) => { m.step = 'abc'; }, /metadata field 'step' is not valid JSON/],
    ['huge-hidden', (m: any) => { m.config.hidden = [1e6, 1e6]; }, /'config\.hidden\[0\]' must be an integer in \[1, 65536\], got 1000000/],
    ['many-parameters', (m: any) => { m.config.hidden = [60000, 60000]; }, /'config\.hidden' \[60000,60000\] asks for about 7\.2e\+9 parameters/],
    ['descending-quantiles', (m: any) => { m.transforms.regime.quantiles = [1, 0]; }, /'transforms\.regime\.quantiles' must ascend/],
    ['negative-spread', (m: any) => { m.transforms.levelProcess.calibration = { persistence: 1, spread: -1 }; }, /'transforms\.levelProcess\.calibration\.spread' must be a finite number > 0, got -1/],
    ['zero-scale', (m: any) => { m.transforms.levelProcess.calibration = { persistence: 1, spread: 1, scale: 0 }; }, /'transforms\.levelProcess\.calibration\.scale' must be a finite number > 0, got 0/],
    ['nan-quantile', (m: any) => { m.transforms.regime.quantiles[3] = 'x'; }, /'transforms\.regime\.quantiles\[3\]' must be a finite number/],
    ['no-regime', (m: any) => { m.transforms.regime = null; }, /'transforms\.regime' is missing/],
    ['bad-window', (m: any) => { m.config.window = 0; }, /'config\.window' must be an integer in \[2, 65536\], got 0/],
    ['bad-lambert', (m: any) => { m.transforms.lambert = { delta: -1, mu: 0, sigma: 1 }; }, /'transforms\.lambert\.delta' must be a finite number ≥ 0/],
    ['bad-date', (m: any) => { m.data.testStartDate = 'soon'; }, /'data\.testStartDate' must be a date/],
    ['bad-step', (m: any) => { m.step = -3; }, /'model\.step' must be an integer/],
    ['bad-conditioning', (m: any) => { m.config.conditioning = 'maybe'; }, /'config\.conditioning' must be one of "none", "volatility"/],
    ['bad-d-input', (m: any) => { m.config.discriminatorInput = 'returns+lag2'; }, /'config\.discriminatorInput' must be one of "returns", "returns\+abs", got "returns\+lag2"/],
    // Variants measured and not adopted, removed from the code: a file naming one fails, naming the option.
    ['removed-output', (m: any) => { m.config.generatorOutput = 'volatility×shock'; }, /config\.generatorOutput is 'volatility×shock', a variant that was measured, not adopted and removed/],
    ['removed-d-input', (m: any) => { m.config.discriminatorInput = 'returns+abs+lag1'; }, /config\.discriminatorInput is 'returns\+abs\+lag1', a variant that was measured, not adopted and removed/],
    ['level-coefficients', (m: any) => { m.transforms.levelProcess.coefficients = []; }, /'transforms\.levelProcess\.coefficients' must be \d+ finite numbers/],
    ['level-residuals', (m: any) => { m.transforms.levelProcess.residualQuantiles = [1, 0]; }, /'transforms\.levelProcess\.residualQuantiles' must ascend/],
    ['level-bounds', (m: any) => { m.transforms.levelProcess.max = m.transforms.levelProcess.min; }, /'transforms\.levelProcess\.min' must be below 'max'/],
  ])('%s', (name, edit, message) => {
    const error = loadEdited(name, edit);
    expect(error).toMatch(message);
    expect(error.startsWith(join(dir, `${name}.safetensors`) + ': metadata field') || error.startsWith(join(dir, `${name}.safetensors`) + ':')).toBe(true);
  });
});

describe('metadata fields and values in errors', () => {
  it('metadataJson names a missing field and one that is not JSON; a fallback stands in for a field older files lack', () => {
    expect(metadataJson('m.safetensors', { data: '{"a":1}' }, 'data')).toEqual({ a: 1 });
    expect(() => metadataJson('m.safetensors', {}, 'data')).toThrow(/^m\.safetensors: metadata field 'data' is missing/);
    expect(() => metadataJson('m.safetensors', { step: 'abc' }, 'step')).toThrow(/^m\.safetensors: metadata field 'step' is not valid JSON \(/);
    expect(metadataJson('m.safetensors', {}, 'resume', { missing: null })).toBeNull();
  });
  it('showMetadataValue writes NaN and ±Infinity inside lists and objects as themselves, not null', () => {
    expect(showMetadataValue([1, Infinity, NaN, -Infinity])).toBe('[1,Infinity,NaN,-Infinity]');
    expect(showMetadataValue({ a: NaN, b: 'x' })).toBe('{"a":NaN,"b":"x"}');
    expect(showMetadataValue('NaN')).toBe('"NaN"');
    expect(showMetadataValue(undefined)).toBe('undefined');
    expect(showMetadataValue(Array.from({ length: 100 }, () => 1)).endsWith('…')).toBe(true);
  });
});

describe('tabular model metadata schema', () => {
  const valid = (): TabularMetadata => ({
    format: 'gangrad-tabular-gan-1', config: {} as TabularMetadata['config'], transform: {} as TabularMetadata['transform'],
    data: { file: 'claims.csv', sha256: 'a'.repeat(64), rows: 10, testRows: [1, 4, 9] },
    classWeights: [0.9, 0.1], levelCounts: [[[3, 4]], [[1, 0]]], step: 5,
  });
  it('accepts a consistent header', () => {
    expect(() => validateTabularMetadata('t.safetensors', valid())).not.toThrow();
  });
  it.each([
    // An index past the table sent `tabular eval` into a loop that no signal could stop.
    ['a test row past the table', (m: TabularMetadata) => { m.data.testRows[1] = 99999; }, /'data\.testRows\[1\]' must be a row of the table \(0 to 9\), got 99999/],
    ['a test row twice', (m: TabularMetadata) => { m.data.testRows[2] = 1; }, /'data\.testRows\[2\]' must be a row not listed before, got 1/],
    ['a fractional row', (m: TabularMetadata) => { m.data.testRows[0] = 0.5; }, /'data\.testRows\[0\]' must be a row of the table/],
    ['no row count', (m: TabularMetadata) => { (m.data as { rows?: number }).rows = undefined; }, /'data\.rows' must be a whole number ≥ 1, got undefined/],
    ['a negative class weight', (m: TabularMetadata) => { m.classWeights = [-5, 490]; }, /'class_weights' must be a list of at least two class frequencies/],
    ['level counts for another number of classes', (m: TabularMetadata) => { m.levelCounts = [[[1]]]; }, /'level_counts' must be one list per class \(2\)/],
    ['an infinite level count', (m: TabularMetadata) => { m.levelCounts[1][0][0] = Infinity; }, /'level_counts\[1\]\[0\]' must be a list of counts \(finite, ≥ 0\), got \[Infinity,0\]/],
    ['a step that is not a count', (m: TabularMetadata) => { m.step = NaN; }, /'step' must be a whole number ≥ 0, got NaN/],
  ])('refuses %s, naming the file and the field', (_, edit, message) => {
    const m = valid();
    edit(m);
    expect(() => validateTabularMetadata('t.safetensors', m)).toThrow(message);
    expect(() => validateTabularMetadata('t.safetensors', m)).toThrow(/^t\.safetensors: metadata field '/);
  });
});
