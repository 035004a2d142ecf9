import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPriceCsv } from '../src/finance/data/csv.js';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { logReturns } from '../src/finance/data/returns.js';
import { conditionalPaths } from '../src/finance/model/conditional.js';
import { loadModelFile } from '../src/finance/model/model.js';
import { applyShapeMap, fitShapeMap, SHAPE_MAP_BINS, shapeMapProbabilities, type ShapeMapState } from '../src/finance/model/shape-map.js';
import { editModelMetadata, trainTinyModel } from './helpers/tiny-model.js';

let dir: string, modelDir: string, data: string;
let loaded: ReturnType<typeof loadModelFile>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gangrad-shape-map-'));
  ({ model: modelDir, data } = await trainTinyModel(dir));
  loaded = loadModelFile(join(modelDir, 'model.safetensors'));
});

/** A one-bin map whose market quantiles are `factor` times the generator's: it multiplies every value by `factor`. */
const scalingMap = (factor: number): ShapeMapState => {
  const generated = [0, 0.5, 1, 2, 4];
  return { edges: [], probabilities: [0, 0.25, 0.5, 0.75, 1], generated: [generated], real: [generated.map((q) => factor * q)] };
};

describe('the forecasts\' shape map', () => {
  it('maps |x| through the generator\'s quantiles to the market\'s, sign kept, in the bin of the level change', () => {
    const map: ShapeMapState = {
      edges: [0], probabilities: [0, 0.5, 1],
      generated: [[0, 1, 2], [0, 1, 2]],
      real: [[0, 2, 4], [0, 0.5, 1]],
    };
    const falling = Float64Array.from([0.5, -1.5, 3]);
    applyShapeMap(map, falling, -0.3);
    expect(Array.from(falling)).toEqual([1, -3, 6]); // linear between quantiles; beyond the largest, in proportion
    const rising = Float64Array.from([0.5, -1.5, 3]);
    applyShapeMap(map, rising, 0.3);
    expect(Array.from(rising)).toEqual([0.25, -0.75, 1.5]);
    const same = Float64Array.from([0.1, -0.7, 2.5]);
    applyShapeMap({ ...map, real: map.generated }, same, 1);
    expect(Array.from(same)).toEqual([0.1, -0.7, 2.5]); // generator already the market: nothing moves
  });

  it('is fitted after training: one quantile list per bin on each side, ascending, deterministic', async () => {
    const map = loaded.metadata.transforms.shapeMap!;
    expect(map).toBeDefined();
    expect(map.edges).toHaveLength(SHAPE_MAP_BINS - 1);
    expect(map.probabilities).toEqual(shapeMapProbabilities());
    for (const side of [map.real, map.generated]) {
      expect(side).toHaveLength(SHAPE_MAP_BINS);
      for (const q of side) {
        expect(q).toHaveLength(map.probabilities.length);
        q.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(i ? q[i - 1] : 0));
      }
    }
    // The same fit again (its own noise stream) gives the stored map: the training windows and the generator decide it.
    const { config, transforms } = loaded.metadata;
    const set = prepareDataset(data, config, undefined, transforms);
    expect(await fitShapeMap(loaded.networks.generator, config.latentDim, config.window, set.windows, set.windowCount)).toEqual(map);
  });

  it('a bin no training window fell in (level changes tied: days without change) maps as all windows together, not a crash', async () => {
    const { config, transforms } = loaded.metadata;
    const set = prepareDataset(data, config, undefined, transforms);
    const rows = Float32Array.from(set.windows), width = rows.length / set.windowCount;
    for (let i = 1; i < set.windowCount; i++) rows[i * width + config.window] = rows[i * width + config.window + 1]; // no change but in window 0
    const map = await fitShapeMap(loaded.networks.generator, config.latentDim, config.window, rows, set.windowCount);
    expect(map.edges.every((e) => e === 0)).toBe(true);
    for (const side of [map.real, map.generated]) {
      for (const q of side) expect(q.every(Number.isFinite)).toBe(true);
      expect(side[4]).toEqual(side[5]); // two empty bins: the same pooled quantiles
    }
  });

  it('changes the forecast paths, and only the magnitudes: a map doubling |shape| doubles every return about the mean', async () => {
    const { config, transforms } = loaded.metadata;
    const history = logReturns(loadPriceCsv(data).prices);
    const options = { horizon: 3, paths: 40, seed: 5 };
    const plain = await conditionalPaths(loaded.networks.generator, config.latentDim, { ...transforms, shapeMap: undefined, returnClip: undefined }, history, options);
    const doubled = await conditionalPaths(loaded.networks.generator, config.latentDim, { ...transforms, shapeMap: scalingMap(2), returnClip: undefined }, history, options);
    for (let p = 0; p < plain.length; p++) {
      for (let d = 0; d < 3; d++) expect(doubled[p][d] - transforms.mean).toBeCloseTo(2 * (plain[p][d] - transforms.mean), 12);
    }
  });

  it('a damaged map in a model file is an error naming the field', () => {
    const file = join(modelDir, 'model.safetensors');
    editModelMetadata(file, (metadata) => {
      const map = (metadata.transforms as { shapeMap: ShapeMapState }).shapeMap;
      map.real[3] = [...map.real[3]].reverse();
    });
    expect(() => loadModelFile(file)).toThrow(/metadata field 'transforms.shapeMap.real\[3\]' must ascend/);
  });
});
