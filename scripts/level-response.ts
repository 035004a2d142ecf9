/**
 * How far the generator's first days follow its level condition: for each model directory, the change
 * in the mean log RMS of a window's first h days when the level condition rises by one unit (previous
 * level held), over the change in the whole window's. 1 means the first days move with the level;
 * less means the generator's windows ramp from the previous window's level, so moving the condition
 * moves the near term only part of the way. docs/forecasting.md uses it to explain why the near-term
 * correction scales the generated window instead.
 *
 *   npx tsx scripts/level-response.ts DIR [DIR …]
 */
import { join } from 'node:path';
import { modelToWindow } from '../src/finance/data/transforms.js';
import { forward } from '../src/finance/model/generate.js';
import { loadModelFile } from '../src/finance/model/model.js';
import { LatentSampler } from '../src/gan/index.js';
import { exitOnHelp } from './usage.js';

exitOnHelp('usage: npx tsx scripts/level-response.ts DIR [DIR …]');

const WINDOWS = 2000;
const PREVIOUS_LEVELS = [-1, 0, 1, 2];
const HORIZONS = [1, 5, 10];

if (process.argv.length < 3) {
  console.error('usage: npx tsx scripts/level-response.ts DIR [DIR …]');
  process.exit(2);
}
for (const dir of process.argv.slice(2)) {
  const model = loadModelFile(join(dir, 'model.safetensors'));
  const { transforms, config } = model.metadata;
  const window = transforms.levelProcess?.window;
  if (!window || transforms.dailyCondition) throw new Error(`${dir}: needs a window-level model without the daily condition`);
  /** Mean log RMS of the first `days` days of WINDOWS windows made at (level, previous), the same noise each time. */
  const meanLogRms = async (level: number, previous: number, days: number) => {
    const conditions = new Float32Array(WINDOWS * 2).map((_, i) => (i % 2 === 0 ? level : previous));
    const values = await forward(model.networks.generator, new LatentSampler(config.latentDim, 7), WINDOWS, conditions);
    let sum = 0;
    for (let w = 0; w < WINDOWS; w++) {
      const r = modelToWindow(values.subarray(w * window, (w + 1) * window), level, transforms);
      let square = 0;
      for (let d = 0; d < days; d++) square += (r[d] - transforms.mean) ** 2;
      sum += 0.5 * Math.log(square / days);
    }
    return sum / WINDOWS;
  };
  const cells: string[] = [];
  for (const h of HORIZONS) {
    const ratios: number[] = [];
    for (const previous of PREVIOUS_LEVELS) {
      const near = (await meanLogRms(previous + 0.5, previous, h)) - (await meanLogRms(previous - 0.5, previous, h));
      const whole = (await meanLogRms(previous + 0.5, previous, window)) - (await meanLogRms(previous - 0.5, previous, window));
      ratios.push(near / whole);
    }
    cells.push(`h=${h}: ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`);
  }
  console.log(`${dir}\t${cells.join('\t')}`);
}
