/**
 * What a developer embedding the library from plain JavaScript (no type checker) meets when a call is
 * wrong: an error naming the call and the value, not a TypeError from deep inside the engine (each case
 * was found by probing the public API: 'fn is not a function', 'shape is not iterable', 'Cannot read
 * properties of undefined').
 */
import { describe, expect, it } from 'vitest';
import {
  Adam, add, backward, clone, createCpuBackend, GanTrainer, rowSampler, Sequential, Dense, createBackend, matmul, mean, mlp, noGrad, randomNormal, relu, reshape, rmsNormalize, scope, Sgd, sigmoid, sliceRows, softmax, sum, tensor, tidy, zeros,
  type Tensor,
} from '../src/index.js';

/** Calls as plain JavaScript makes them: any argument. */
const loose = <F>(f: F) => f as unknown as (...args: unknown[]) => unknown;

describe('errors for a developer embedding the library', () => {
  it('tidy, scope and noGrad refuse what is not a function, naming the call', async () => {
    expect(() => loose(tidy)(5)).toThrow('gangrad: tidy needs a function, got 5');
    expect(() => loose(noGrad)(undefined)).toThrow('gangrad: noGrad needs a function, got undefined');
    await expect(loose(scope)('x')).rejects.toThrow('gangrad: scope needs a function, got "x"');
  });

  it('Adam and SGD refuse parameters that are not an array of tensors', () => {
    const t = tensor([1, 2]);
    expect(() => new (Adam as unknown as new (p: unknown) => Adam)([1, 2])).toThrow('gangrad: Adam needs tensors, got 1');
    expect(() => new (Adam as unknown as new (p: unknown) => Adam)(undefined)).toThrow('gangrad: Adam needs an array of tensors, got undefined');
    expect(() => new (Adam as unknown as new (p: unknown) => Adam)(t)).toThrow('gangrad: Adam needs an array of tensors, got {"shape":[2]');
    expect(() => new (Sgd as unknown as new (p: unknown) => Sgd)([t, [1]])).toThrow('gangrad: SGD needs tensors, got [1]');
    // The right call still works.
    new Adam([t]).dispose();
    t.dispose();
  });

  it('createBackend refuses a misspelt option, as the other constructors do', async () => {
    await expect(createBackend('wasm', { thread: 2 } as object)).rejects.toThrow(
      "gangrad: createBackend: unknown option 'thread' (options: gpujsMode, threads, importPackage, relaxedSimd)",
    );
    await expect(createBackend('cpu', { precision: 'float64' } as object)).rejects.toThrow("gangrad: createBackend: unknown option 'precision'");
  });

  it('an op given a number, an array or nothing where a tensor belongs names the op or says a tensor was expected', () => {
    const v = tensor([1, 2]);
    const m = tensor([1, 2], [1, 2]);
    expect(() => loose(add)(v, 1)).toThrow('gangrad: add needs tensors, got 1');
    expect(() => loose(add)([1, 2], v)).toThrow('gangrad: add needs tensors, got [1,2]');
    expect(() => loose(matmul)(m)).toThrow('gangrad: matmul needs tensors, got undefined');
    expect(() => loose(relu)(5)).toThrow('gangrad: a tensor op needs tensors, got 5');
    expect(() => loose(sigmoid)([1])).toThrow('gangrad: a tensor op needs tensors, got [1]');
    expect(() => loose(clone)(undefined)).toThrow('gangrad: a tensor op needs tensors, got undefined');
    expect(() => loose(sliceRows)(5, 0, 1)).toThrow('gangrad: sliceRows needs tensors, got 5');
    // A shape that is no array: the value, not 'shape is not iterable'.
    expect(() => loose(zeros)(3)).toThrow('gangrad: invalid shape 3');
    expect(() => loose(tensor)([1, 2], 2)).toThrow('gangrad: invalid shape 2');
    expect(() => loose(reshape)(v, 2)).toThrow('gangrad: invalid shape 2');
    expect(() => zeros([2, -1])).toThrow('gangrad: invalid shape [2,-1]');
    // Right calls are unchanged.
    expect(sum(add(v, v)).shape).toEqual([1]);
    v.dispose();
    m.dispose();
  });

  it('sum, mean, reshape, softmax and rmsNormalize given no tensor name the op', () => {
    expect(() => loose(sum)(5)).toThrow('gangrad: sum needs tensors, got 5');
    expect(() => loose(mean)([1, 2])).toThrow('gangrad: sum needs tensors, got [1,2]'); // mean is sum scaled
    expect(() => loose(reshape)(5, [1])).toThrow('gangrad: reshape needs tensors, got 5');
    expect(() => loose(softmax)(5)).toThrow('gangrad: softmax needs tensors, got 5');
    expect(() => loose(rmsNormalize)(null)).toThrow('gangrad: rmsNormalize needs tensors, got null');
    // rmsNormalize shares softmax's last-axis check now: the message for an empty axis is unchanged.
    expect(() => rmsNormalize(tensor([], [2, 0]))).toThrow('gangrad: rmsNormalize needs a non-empty last axis, got shape [2, 0]');
  });

  it('a model given a number where its input belongs names the layer', () => {
    const model = mlp([2, 3, 1], { seed: 1 });
    expect(() => loose(model.forward.bind(model))(5)).toThrow('gangrad: Dense(2 → 3) needs tensors, got 5');
  });

  it('GanTrainer names a missing or wrong generator, discriminator or sampleReal', () => {
    const make = (options: unknown) => new (GanTrainer as unknown as new (o: unknown) => GanTrainer)(options);
    const sampleReal = rowSampler(new Float32Array(16), 16, 1, 1).sample;
    const base = { generator: mlp([2, 3, 1]), discriminator: mlp([1, 3, 1]), latentDim: 2, batchSize: 4, sampleReal };
    expect(() => make(undefined)).toThrow('gangrad: GanTrainer: options must be an object, got undefined');
    expect(() => make({ ...base, generator: undefined })).toThrow("gangrad: GanTrainer option 'generator' must be a module (mlp(…)), got undefined");
    expect(() => make({ ...base, discriminator: 5 })).toThrow("gangrad: GanTrainer option 'discriminator' must be a module (mlp(…)), got 5");
    // A sampler that is no function failed only at the first step before, as 'this.sampleReal is not a function'.
    expect(() => make({ ...base, sampleReal: undefined })).toThrow("gangrad: GanTrainer option 'sampleReal' must be a function, got undefined");
    expect(() => make({ ...base, sampleReal: new Float32Array(2) })).toThrow("gangrad: GanTrainer option 'sampleReal' must be a function, got {\"0\":0,\"1\":0}");
    expect(make(base)).toBeInstanceOf(GanTrainer);
  });

  it('GanTrainer refuses, when made, optional settings of the wrong kind (defaults in silence, or a TypeError at the first step, before)', () => {
    const make = (options: unknown) => new (GanTrainer as unknown as new (o: unknown) => GanTrainer)(options);
    const sampleReal = rowSampler(new Float32Array(16), 16, 1, 1).sample;
    const base = { generator: mlp([2, 3, 1]), discriminator: mlp([1, 3, 1]), latentDim: 2, batchSize: 4, sampleReal };
    // Ran with the default noise or bounds in silence.
    expect(() => make({ ...base, instanceNoise: 5 })).toThrow("gangrad: GanTrainer option 'instanceNoise': options must be an object, got 5");
    expect(() => make({ ...base, instanceNoise: { targte: 0.7 } })).toThrow("gangrad: GanTrainer option 'instanceNoise': unknown option 'targte' (options: target, rate, max)");
    expect(() => make({ ...base, divergence: 5 })).toThrow("gangrad: GanTrainer option 'divergence': options must be an object, got 5");
    expect(() => make({ ...base, divergence: { maxloss: 1 } })).toThrow("gangrad: GanTrainer option 'divergence': unknown option 'maxloss'");
    // Failed at the first step as 'this.onPhase is not a function' and the like.
    expect(() => make({ ...base, onPhase: 5 })).toThrow("gangrad: GanTrainer option 'onPhase' must be a function, got 5");
    expect(() => make({ ...base, generatorPenalty: 5 })).toThrow("gangrad: GanTrainer option 'generatorPenalty' must be a function, got 5");
    expect(() => make({ ...base, sampleCondition: 5 })).toThrow("gangrad: GanTrainer option 'sampleCondition' must be a function, got 5");
    expect(() => make({ ...base, generatorOptimizer: 5 })).toThrow("gangrad: GanTrainer option 'generatorOptimizer' must be an optimizer, got 5");
    expect(() => make({ ...base, discriminatorOptimizer: {} })).toThrow("gangrad: GanTrainer option 'discriminatorOptimizer' must be an optimizer, got {}");
    // Right values, and absent or null ones, are taken.
    const generatorOptimizer = new Adam(base.generator.parameters());
    const onPhase = () => {};
    for (const extra of [{ instanceNoise: { target: 0.7 }, divergence: { maxLoss: 10 }, generatorOptimizer, onPhase }, { onPhase: null, instanceNoise: null, divergence: undefined }]) {
      expect(make({ ...base, ...extra })).toBeInstanceOf(GanTrainer);
    }
  });

  it('mlp(5) and new Sequential(5) are refused, not an empty network that passes its input through', () => {
    expect(() => loose(mlp)(5)).toThrow('gangrad: mlp needs at least an input and an output size, got 5');
    expect(() => mlp([2])).toThrow('gangrad: mlp needs at least an input and an output size, got [2]');
    const make = (layers: unknown) => new (Sequential as unknown as new (l: unknown) => Sequential)(layers);
    expect(() => make(5)).toThrow('gangrad: Sequential needs an array of modules, got 5');
    expect(() => make([new Dense(2, 3), 5])).toThrow('gangrad: Sequential needs an array of modules, got [{"inputs":2,');
    expect(make([new Dense(2, 3)]).parameters()).toHaveLength(2);
  });

  it('options that are no object are refused, not read as no options (a positional learning rate trained with the default)', async () => {
    const t = tensor([1]);
    expect(() => new Adam([t], 0.01 as never)).toThrow('gangrad: Adam: options must be an object, got 0.01');
    expect(() => new Sgd([t], 0.1 as never)).toThrow('gangrad: SGD: options must be an object, got 0.1');
    expect(() => mlp([2, 3], 7 as never)).toThrow('gangrad: mlp: options must be an object, got 7');
    await expect(createBackend('cpu', null as never)).rejects.toThrow('gangrad: createBackend: options must be an object, got null');
    t.dispose();
  });

  it('createCpuBackend refuses a misspelt option (float32 in silence before)', () => {
    expect(() => createCpuBackend({ precison: 'float64' } as object)).toThrow("gangrad: createCpuBackend: unknown option 'precison' (options: precision)");
    expect(createCpuBackend({ precision: 'float64' }).name).toBe('cpu');
  });

  it('createCpuBackend refuses a precision it does not run (\'double\' ran in float32, described as double)', () => {
    expect(() => createCpuBackend({ precision: 'double' as never })).toThrow('gangrad: createCpuBackend: precision must be float32 or float64, got "double"');
    expect(createCpuBackend({ precision: 'float64' }).bytesPerElement).toBe(8);
    expect(createCpuBackend().bytesPerElement).toBe(4);
  });

  it('matmul refuses options that are no object or a misspelt flag (an untransposed product in silence before)', () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(() => loose(matmul)(a, a, 5)).toThrow('gangrad: matmul: options must be an object, got 5');
    expect(() => matmul(a, a, { transposeX: true } as object)).toThrow("gangrad: matmul: unknown option 'transposeX' (options: transposeA, transposeB)");
    expect(matmul(a, a, { transposeB: true }).shape).toEqual([2, 2]);
    a.dispose();
  });

  it('matmul refuses a transpose flag that is no boolean (\'no\' transposed, being truthy)', async () => {
    const a = tensor([1, 2, 3, 4], [2, 2]);
    expect(() => loose(matmul)(a, a, { transposeA: 'no' })).toThrow('gangrad: matmul: option \'transposeA\' must be a boolean, got "no"');
    expect(() => loose(matmul)(a, a, { transposeB: 1 })).toThrow("gangrad: matmul: option 'transposeB' must be a boolean, got 1");
    // Booleans, and a flag left undefined or null (read as false, as before), still multiply.
    const values = async (options: object) => (loose(matmul)(a, a, options) as Tensor).data();
    expect(Array.from(await values({ transposeA: false, transposeB: null }))).toEqual([7, 10, 15, 22]);
    expect(Array.from(await values({ transposeA: true, transposeB: undefined }))).toEqual([10, 14, 14, 20]);
    a.dispose();
  });

  it('randomNormal names a missing or wrong seed (\'reading seed\' without options; a seed of \'a\' drew with seed 0), and a mean, std or offset that is no number', async () => {
    expect(() => loose(randomNormal)([2])).toThrow('gangrad: randomNormal: options must be an object, got undefined');
    expect(() => loose(randomNormal)([2], { seed: 'a' })).toThrow('gangrad: randomNormal: option \'seed\' must be a number, got "a"');
    expect(() => loose(randomNormal)([2], { seed: 1.5 })).toThrow('gangrad: randomNormal: seed must be an integer, got 1.5');
    expect(() => loose(randomNormal)([2], {})).toThrow('gangrad: randomNormal: seed must be an integer, got undefined');
    expect(() => loose(randomNormal)([2], { sed: 1 })).toThrow("gangrad: randomNormal: unknown option 'sed' (options: seed, offset, mean, std)");
    // A mean of '1' was joined as a string; the kernels took an offset or std that is no number as well.
    expect(() => loose(randomNormal)([2], { seed: 1, mean: '1' })).toThrow('gangrad: randomNormal: option \'mean\' must be a number, got "1"');
    expect(() => loose(randomNormal)([2], { seed: 1, std: true })).toThrow("gangrad: randomNormal: option 'std' must be a number, got true");
    expect(() => loose(randomNormal)([2], { seed: 1, offset: '0' })).toThrow('gangrad: randomNormal: option \'offset\' must be a number, got "0"');
    // A derived seed past 2³² is taken modulo 2³², as before.
    const [wrapped, small] = [randomNormal([3], { seed: 2 ** 32 + 5 }), randomNormal([3], { seed: 5 })];
    expect(await wrapped.data()).toEqual(await small.data());
    wrapped.dispose();
    small.dispose();
  });

  it('backward names a loss or seed that is no tensor', () => {
    const w = tensor([2]);
    w.requiresGrad = true;
    const loss = sum(add(w, w));
    expect(() => loose(backward)(loss, 1)).toThrow('gangrad: backward needs tensors, got 1');
    expect(() => loose(backward)(5)).toThrow('gangrad: backward needs tensors, got 5');
    expect(w.grad).toBeNull();
    backward(loss);
    expect(w.grad).not.toBeNull();
    w.dispose();
  });
});
