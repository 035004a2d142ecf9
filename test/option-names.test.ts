/**
 * A misspelt option of a library function is an error naming it and the options there are, not a
 * silent default (found by probing the library as a new user: `horizon: [1]` for runBacktest's
 * `horizons` read as "horizons must be an array, got undefined", `hsWindow` misspelt kept 500 days).
 */
import { describe, expect, it, vi } from 'vitest';
import {
  classicalForecasters, copulaGjrForecaster, createGjrFilter, ewmaNormalForecaster, ewmaStudentTForecaster,
  filteredHistoricalSimulationForecaster, gjrGarchForecaster, historicalSimulationForecaster, loadPriceCsv, loadPriceFiles,
  loadWidePriceCsv, parsePriceCsv, parsePriceFiles, parseWidePriceCsv, ReturnGan, runBacktest, Adam, Sgd, mlp, disposeModule, GanTrainer, rowSampler, Dense, tensor,
} from '../src/index.js';
import { checkOptionNames } from '../src/backend/option-names.js';

const returns = Float64Array.from({ length: 400 }, (_, i) => 0.01 * Math.sin(i * 1.7));
const csv = 'date,close\n2024-01-02,100\n2024-01-03,101\n2024-01-04,102\n';
const wide = 'date,A,B\n2024-01-02,100,50\n2024-01-03,101,51\n2024-01-04,102,52\n';
type Loose = Record<string, unknown>;

describe('misspelt options', () => {
  it('runBacktest names the unknown option before complaining of a missing one', async () => {
    const base = { returns, testStart: 300, forecasters: [historicalSimulationForecaster({ window: 100 })], levels: [0.95], samples: 20, seed: 1 };
    await expect(runBacktest({ ...base, horizon: [1] } as unknown as Parameters<typeof runBacktest>[0]))
      .rejects.toThrow("gangrad: backtest: unknown option 'horizon' (options: returns, testStart, forecasters, horizons,");
    await expect(runBacktest({ ...base, horizons: [1], esSimulation: 10 } as unknown as Parameters<typeof runBacktest>[0]))
      .rejects.toThrow("unknown option 'esSimulation'");
    // The right names still run.
    expect((await runBacktest({ ...base, horizons: [1], esSimulations: 10 })).entries).toHaveLength(1);
  });

  it('the classical forecasters and the GJR filter refuse a misspelt setting', () => {
    expect(() => classicalForecasters({ hsWindows: 250 } as Loose)).toThrow("classicalForecasters: unknown option 'hsWindows' (options: refitEvery, fitWindow, hsWindow, lambda)");
    expect(() => historicalSimulationForecaster({ windw: 250 } as Loose)).toThrow("historicalSimulationForecaster: unknown option 'windw'");
    expect(() => ewmaNormalForecaster({ lamda: 0.9 } as Loose)).toThrow("ewmaNormalForecaster: unknown option 'lamda'");
    expect(() => ewmaStudentTForecaster({ refitEvry: 5 } as Loose)).toThrow("ewmaStudentTForecaster: unknown option 'refitEvry'");
    expect(() => createGjrFilter({ fitwindow: 500 } as Loose)).toThrow("createGjrFilter: unknown option 'fitwindow'");
    expect(() => gjrGarchForecaster({ filters: null } as Loose)).toThrow("gjrGarchForecaster: unknown option 'filters'");
    expect(() => filteredHistoricalSimulationForecaster({ refit: 5 } as Loose)).toThrow("filteredHistoricalSimulationForecaster: unknown option 'refit'");
    expect(() => copulaGjrForecaster({ refit: 5 } as Loose)).toThrow("copulaGjrForecaster: unknown option 'refit'");
    // A shared filter and the documented settings are accepted.
    const filter = createGjrFilter({ refitEvery: 20, fitWindow: 500 });
    expect(gjrGarchForecaster({ filter }).minHistory).toBe(filter.minHistory);
    expect(classicalForecasters({ hsWindow: 250, lambda: 0.97, refitEvery: 20, fitWindow: 500 }).map((f) => f.minHistory)[0]).toBe(250);
  });

  it('the price readers refuse a misspelt option before reading any file', () => {
    expect(() => parsePriceCsv(csv, 'p.csv', { colum: 'close' } as Loose)).toThrow("parsePriceCsv: unknown option 'colum' (options: column, minRows, maxDailyFactor, allowOutliers, onWarning)");
    expect(() => loadPriceCsv('/no/such/file.csv', { allowOutlier: true } as Loose)).toThrow("loadPriceCsv: unknown option 'allowOutlier'");
    const files = [{ file: 'A.csv', text: csv }, { file: 'B.csv', text: csv }];
    expect(() => parsePriceFiles(files, { name: ['x', 'y'] } as Loose)).toThrow("parsePriceFiles: unknown option 'name'");
    expect(() => loadPriceFiles(['/no/a.csv', '/no/b.csv'], { minCommonDay: 2 } as Loose)).toThrow("loadPriceFiles: unknown option 'minCommonDay'");
    expect(() => parseWidePriceCsv(wide, 'w.csv', { column: 'A' } as Loose)).toThrow("parseWidePriceCsv: unknown option 'column'");
    expect(() => loadWidePriceCsv('/no/w.csv', { colums: ['A'] } as Loose)).toThrow("loadWidePriceCsv: unknown option 'colums'");
    // The multi-asset readers pass their own options on to the single-file reader without tripping it.
    expect(parsePriceFiles(files, { names: ['x', 'y'], minCommonDays: 2, allowMixedCalendars: false, onWarning: () => {} }).assets).toEqual(['x', 'y']);
    expect(parseWidePriceCsv(wide, 'w.csv', { columns: ['A', 'B'], minCommonDays: 2 }).assets).toEqual(['A', 'B']);
  });

  it('ReturnGan.fit lists the options it takes with the one it does not know', async () => {
    await expect(ReturnGan.fit([1, 2, 3], { step: 10 } as Loose)).rejects.toThrow(/ReturnGan\.fit: unknown option 'step' \(options: window, .*steps, .*onProgress, signal/);
  });
});

describe('misspelt options of the engine', () => {
  it('Adam and SGD refuse a misspelt setting (a PyTorch habit: betas, learningRate), keeping the message short', () => {
    const net = mlp([2, 1], { seed: 1 });
    expect(() => new Adam(net.parameters(), { lr: 2e-4, betas: [0.5, 0.999] } as Loose)).toThrow("gangrad: Adam: unknown option 'betas' (options: lr, beta1, beta2, eps, weightDecay)");
    expect(() => new Adam(net.parameters(), { learningRate: 0.01 } as Loose)).toThrow("unknown option 'learningRate'");
    expect(() => new Sgd(net.parameters(), { momentun: 0.9 } as Loose)).toThrow("gangrad: SGD: unknown option 'momentun' (options: lr, momentum)");
    const adam = new Adam(net.parameters(), { lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-7, weightDecay: 0 });
    expect(adam.lr).toBe(2e-4);
    disposeModule(net);
  });

  it('GanTrainer refuses a misspelt option (metricEvery would read metrics back every step, labelSmothing train without it)', () => {
    const options = {
      generator: mlp([2, 4, 1], { seed: 1 }), discriminator: mlp([1, 4, 1], { seed: 2 }), latentDim: 2, batchSize: 8,
      sampleReal: rowSampler(new Float32Array(16), 16, 1, 3).sample,
    };
    expect(() => new GanTrainer({ ...options, metricEvery: 100 } as never)).toThrow("gangrad: GanTrainer: unknown option 'metricEvery' (options: generator, discriminator, latentDim,");
    expect(() => new GanTrainer({ ...options, labelSmothing: 0.1 } as never)).toThrow("unknown option 'labelSmothing'");
    const trainer = new GanTrainer({ ...options, metricsEvery: 100, labelSmoothing: 0.1, discriminatorSteps: 2, seed: 3 });
    // generate takes an options object, checked alike, and names a bad count (it said 'invalid shape [-1, 2]').
    expect(() => trainer.generate(-1)).toThrow('gangrad: generate: count must be a positive integer, got -1');
    expect(() => trainer.generate(4, { recod: true } as never)).toThrow("gangrad: generate: unknown option 'recod' (options: condition, record)");
    // The old call, the condition second, is pointed at the options object.
    for (const old of [null, tensor([1, 2, 3, 4], [4, 1])]) expect(() => trainer.generate(4, old as never)).toThrow('gangrad: generate takes an options object: generate(count, { condition, record })');
    const recorded = trainer.generate(4, { record: true }), plain = trainer.generate(4);
    expect([recorded.shape, recorded.requiresGrad, plain.requiresGrad]).toEqual([[4, 1], true, false]);
    recorded.dispose(); plain.dispose();
    trainer.dispose();
    disposeModule(options.generator);
    disposeModule(options.discriminator);
  });
});

describe('layers', () => {
  it('mlp and Dense refuse a misspelt option (activaton: would be leaky ReLU in silence)', () => {
    expect(() => mlp([2, 4, 1], { activaton: 'relu' } as Loose)).toThrow("gangrad: mlp: unknown option 'activaton' (options: activation, alpha, outputActivation, seed, oneHotInputs)");
    expect(() => new Dense(2, 3, { sed: 1 } as Loose)).toThrow("gangrad: Dense: unknown option 'sed' (options: init, rng, bias, oneHotInputs)");
    disposeModule(mlp([2, 4, 1], { activation: 'relu', seed: 1 }));
  });
});

describe('the lists of option names', () => {
  it('are checked against their interfaces by the compiler (npm run typecheck fails on a list that misses or invents a name)', () => {
    const options: { lr?: number; momentum?: number } = { lr: 0.1 };
    expect(() => checkOptionNames(options, 'lr momentum', 'here')).not.toThrow();
    // @ts-expect-error 'momentum' is missing from the list
    expect(() => checkOptionNames({ momentum: 0.9 } as typeof options, 'lr', 'here')).toThrow("here: unknown option 'momentum' (options: lr)");
    // @ts-expect-error 'lr2' is no option
    checkOptionNames(options, 'lr momentum lr2', 'here');
    // A list made at run time is checked only at run time.
    expect(() => checkOptionNames({ x: 1 }, ['y'].join(' '), 'here')).toThrow("here: unknown option 'x' (options: y)");
  });

  it('are split once, not on every call: matmul and randomNormal check theirs on every product (about 30 a training step)', () => {
    const list: string = 'alpha beta gamma'; // no library function has this list, so its first check is here
    const split = vi.spyOn(String.prototype, 'split');
    try {
      for (let i = 0; i < 3; i++) checkOptionNames({ beta: 1 }, list, 'here');
      expect(split.mock.contexts.filter((s) => String(s) === list)).toHaveLength(1);
    } finally {
      split.mockRestore();
    }
    // The message is the same from the cached list.
    expect(() => checkOptionNames({ delta: 1 }, list, 'here')).toThrow("here: unknown option 'delta' (options: alpha, beta, gamma)");
  });
});
