/**
 * trainReturnGan and trainTabularGan with `out` do not write over a model already there (found by
 * probing the library: a second call with the same `out` replaced the first model in silence; the
 * commands ask for --force, and train into DIR.partial, which this check never sees holding a model).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DEFAULT_TABULAR_CONFIG, loadTable, trainReturnGan, trainTabularGan } from '../src/index.js';

describe('a library run into a model directory', () => {
  it('trainTabularGan refuses an out that holds a model, and resumes it when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-out-'));
    const out = join(dir, 'credit');
    const config = { ...DEFAULT_TABULAR_CONFIG, target: 'Class', steps: 2, hidden: [16], batch: 20, checkpointEvery: 1 };
    const data = loadTable('data/german_credit.csv');
    await trainTabularGan({ data, config, out });
    const before = readFileSync(join(out, 'model.safetensors'));
    await expect(trainTabularGan({ data, config: { ...config, seed: 2 }, out })).rejects.toThrow(`trainTabularGan: ${out} already holds a model; pass resume: true to continue its run, or choose another out`);
    expect(readFileSync(join(out, 'model.safetensors')).equals(before)).toBe(true);
    const resumed = await trainTabularGan({ data, config: { ...config, steps: 3 }, out, resume: true });
    expect(resumed.metadata.step).toBe(3);
  });

  it('trainReturnGan refuses an out that holds a model before reading the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-out-'));
    const out = join(dir, 'run');
    mkdirSync(out);
    writeFileSync(join(out, 'model.safetensors'), 'a model');
    await expect(trainReturnGan({ data: join(dir, 'missing.csv'), out, config: { ...DEFAULT_CONFIG, steps: 2 } }))
      .rejects.toThrow(`trainReturnGan: ${out} already holds a model`);
    expect(readFileSync(join(out, 'model.safetensors'), 'utf8')).toBe('a model');
  });
});
