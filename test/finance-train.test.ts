import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadModelFile, type ReturnGanConfig } from '../src/finance/model/model.js';
import { trainReturnGan } from '../src/finance/training/train.js';
import { writeSmallPriceFile } from './helpers/prices.js';


const small: ReturnGanConfig = {
  ...DEFAULT_CONFIG, window: 8, latentDim: 4, hidden: [16], batch: 16, steps: 40, evalEvery: 20, checkpointEvery: 20, logEvery: 5,
};

describe('return GAN training run', () => {
  it('writes model, checkpoint, config and log; resuming from a checkpoint is bit-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-train-'));
    const data = writeSmallPriceFile(dir);
    const straight = join(dir, 'straight'), resumed = join(dir, 'resumed');
    const full = await trainReturnGan({ data, out: straight, config: small, validationSamples: 64 });
    expect(full.steps).toBe(40);
    const interrupt = new AbortController();
    const first = await trainReturnGan({
      data, out: resumed, config: small, validationSamples: 64, signal: interrupt.signal,
      onProgress: (p) => { if (p.step === 20) interrupt.abort(); },
    });
    expect(first).toMatchObject({ steps: 20, interrupted: true });
    const second = await trainReturnGan({ data, out: resumed, config: small, resume: true, validationSamples: 64 });
    expect(second.steps).toBe(40);

    const a = loadModelFile(join(straight, 'checkpoint.safetensors'));
    const b = loadModelFile(join(resumed, 'checkpoint.safetensors'));
    const params = async (m: typeof a) => Promise.all(m.networks.generator.parameters().concat(m.networks.discriminator.parameters()).map(async (p) => Array.from(await p.data())));
    expect(await params(b)).toEqual(await params(a));
    expect(b.resume!.latentOffset).toBe(a.resume!.latentOffset);
    const losses = (dirName: string) => readFileSync(join(dirName, 'training-log.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').filter((_, i) => i !== 5).join(','));
    expect(losses(resumed)).toEqual(losses(straight));
    expect(losses(straight)[0]).toBe('step,d_loss,g_loss,d_real,d_fake,val_w1,val_acf_abs_error,val_acf_error,val_acf_abs_long_error,val_leverage_error,noise_level,val_discriminative');
    expect(losses(straight).some((l) => l.startsWith('20,') && l.split(',')[5] !== '')).toBe(true);

    const best = loadModelFile(join(straight, 'model.safetensors'));
    expect(best.metadata.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(best.metadata.validationScore).toBeGreaterThan(0);
    expect([20, 40]).toContain(best.metadata.step);
    expect(JSON.parse(readFileSync(join(straight, 'config.json'), 'utf8')).window).toBe(8);
    // The finished runs calibrated the best model's level process the same way; the interrupted one did not.
    expect(first.calibration).toBeNull();
    expect(full.calibration!.after.score).toBeLessThanOrEqual(full.calibration!.before.score);
    expect(best.metadata.transforms.levelProcess!.calibration).toEqual(full.calibration!.calibration);
    expect(loadModelFile(join(resumed, 'model.safetensors')).metadata.transforms.levelProcess!.calibration).toEqual(full.calibration!.calibration);

    // A stop during the calibration (Ctrl-C after the last step) leaves the run interrupted and its
    // model uncalibrated; resuming runs no step and calibrates it as the straight run did.
    const late = join(dir, 'stopped-calibrating'), stop = new AbortController();
    let calibrating = 0;
    const stopped = await trainReturnGan({ data, out: late, config: small, validationSamples: 64, signal: stop.signal, onCalibrating: () => { calibrating++; stop.abort(); } });
    expect([stopped.steps, stopped.interrupted, stopped.calibration, calibrating]).toEqual([40, true, null, 1]);
    expect(loadModelFile(join(late, 'model.safetensors')).metadata.transforms.levelProcess!.calibration).toBeUndefined();
    const finished = await trainReturnGan({ data, out: late, config: small, resume: true, validationSamples: 64, onCalibrating: () => calibrating++ });
    expect([finished.steps, finished.interrupted, calibrating]).toEqual([40, false, 2]);
    expect(loadModelFile(join(late, 'model.safetensors')).metadata.transforms.levelProcess!.calibration).toEqual(full.calibration!.calibration);
  });

  it('stopped before its first validation: the checkpoint keeps the score made on stopping; a resume with more --steps keeps that best and records its target in config.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-train-early-'));
    const data = writeSmallPriceFile(dir);
    const out = join(dir, 'run'), stop = new AbortController();
    const first = await trainReturnGan({ data, out, config: small, validationSamples: 64, signal: stop.signal, onProgress: (p) => { if (p.step === 5) stop.abort(); } });
    expect([first.steps, first.interrupted, first.best?.step]).toEqual([5, true, 5]);
    const checkpoint = loadModelFile(join(out, 'checkpoint.safetensors')).resume!;
    expect([checkpoint.bestStep, checkpoint.bestScore]).toEqual([5, first.best!.score]);
    // Resumed to 20 steps (one more validation, at 20): the best is step 5's unless step 20 scores lower.
    const second = await trainReturnGan({ data, out, config: { ...small, steps: 20 }, resume: true, validationSamples: 64 });
    expect(second.best!.score).toBeLessThanOrEqual(first.best!.score);
    expect(loadModelFile(join(out, 'model.safetensors')).metadata.step).toBe(second.best!.step);
    // config.json gave the first run's 40 steps while the checkpoint and model said 20.
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).steps).toBe(20);
    expect(loadModelFile(join(out, 'checkpoint.safetensors')).metadata.config.steps).toBe(20);
  });

  it('selection: with a validation part of ≥ 40 windows, a classifier term is logged and part of the score', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-train-detect-'));
    // 2,500 days: a validation part of 250 returns, 61 windows of 8 days every 4th day.
    const data = writeSmallPriceFile(dir, 2500);
    const out = join(dir, 'run');
    await trainReturnGan({ data, out, config: { ...small, steps: 20 }, validationSamples: 64 });
    const [header, ...rows] = readFileSync(join(out, 'training-log.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const scored = rows.find((r) => r[0] === '20')!;
    const column = (name: string) => Number(scored[header.indexOf(name)]);
    const accuracy = column('val_discriminative');
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    const terms = ['val_w1', 'val_acf_abs_error', 'val_acf_error', 'val_acf_abs_long_error', 'val_leverage_error'].reduce((a, n) => a + column(n), 0);
    expect(loadModelFile(join(out, 'model.safetensors')).metadata.validationScore).toBeCloseTo(terms + Math.max(0, accuracy - 0.5), 3);
  });

  it('with adaptive instance noise: σ is logged and a resumed run continues it bit-identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-train-noise-'));
    const data = writeSmallPriceFile(dir);
    const config = { ...small, instanceNoise: 0.55 };
    const straight = join(dir, 'straight'), resumed = join(dir, 'resumed');
    await trainReturnGan({ data, out: straight, config, validationSamples: 64 });
    const interrupt = new AbortController();
    await trainReturnGan({ data, out: resumed, config, validationSamples: 64, signal: interrupt.signal, onProgress: (p) => { if (p.step === 20) interrupt.abort(); } });
    await trainReturnGan({ data, out: resumed, config, resume: true, validationSamples: 64 });
    const a = loadModelFile(join(straight, 'checkpoint.safetensors'));
    const b = loadModelFile(join(resumed, 'checkpoint.safetensors'));
    expect(a.resume!.instanceNoise!.offset).toBeGreaterThan(0);
    expect(a.resume!.instanceNoise!.lastReadStep).toBe(40);
    expect(b.resume!.instanceNoise).toEqual(a.resume!.instanceNoise);
    const params = async (m: typeof a) => Promise.all(m.networks.generator.parameters().concat(m.networks.discriminator.parameters()).map(async (p) => Array.from(await p.data())));
    expect(await params(b)).toEqual(await params(a));
    const noise = readFileSync(join(straight, 'training-log.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[11]).filter((v) => v !== '');
    expect(noise.length).toBeGreaterThan(5);
    for (const v of noise) expect(Number(v)).toBeGreaterThanOrEqual(0);
    expect(readFileSync(join(resumed, 'training-log.csv'), 'utf8').split('\n').map((l) => l.split(',').filter((_, i) => i !== 5).join(',')))
      .toEqual(readFileSync(join(straight, 'training-log.csv'), 'utf8').split('\n').map((l) => l.split(',').filter((_, i) => i !== 5).join(',')));
  });

  it('refuses to resume when the data file changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-train-'));
    const data = writeSmallPriceFile(dir);
    await trainReturnGan({ data, out: join(dir, 'run'), config: { ...small, steps: 5 }, validationSamples: 32 });
    writeFileSync(data, readFileSync(data, 'utf8').replace(/,(\d+)\.(\d)/, ',$1.9'));
    await expect(trainReturnGan({ data, out: join(dir, 'run'), config: small, resume: true })).rejects.toThrow(/data changed since the checkpoint/);
  });
});
