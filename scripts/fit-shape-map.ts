/**
 * Give a model trained before the forecasts' shape map (src/finance/model/shape-map.ts) its map, as
 * `gangrad train` now fits it after training: the model directory is copied to OUT (which must not
 * exist) with the map added to its model file; the weights and everything else are unchanged. The
 * same model retrained by today's `gangrad train` holds the same map.
 *
 *   npx tsx scripts/fit-shape-map.ts DIR OUT [--data FILE]
 *
 * --data: the model's training file when it has moved since training (it must hold the same prices).
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDataset } from '../src/finance/data/dataset.js';
import { loadModelFile, saveModelFile } from '../src/finance/model/model-file.js';
import { fitShapeMap } from '../src/finance/model/shape-map.js';
import { disposeModule } from '../src/nn/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--data');
const dataFile = at < 0 ? undefined : args[at + 1];
const [dir, out] = args.filter((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
if (!dir || !out) {
  console.error('usage: npx tsx scripts/fit-shape-map.ts DIR OUT [--data FILE]');
  process.exit(2);
}
if (existsSync(out)) {
  console.error(`${out}: exists; the copy goes to a new directory`);
  process.exit(2);
}
const model = loadModelFile(join(dir, 'model.safetensors'));
try {
  const { data, transforms, config } = model.metadata;
  if (!transforms.levelProcess || transforms.shapeDomain !== 'unit-rms') throw new Error(`${dir}: the shape map needs a window-level model with unit-RMS shapes (the default)`);
  const set = prepareDataset(dataFile ?? data.file, config, data.column, transforms);
  if (set.info.sha256 !== data.sha256) throw new Error(`${dataFile ?? data.file}: not the bytes the model was trained on (SHA-256 differs)`);
  const shapeMap = await fitShapeMap(model.networks.generator, config.latentDim, config.window, set.windows, set.windowCount);
  cpSync(dir, out, { recursive: true });
  await saveModelFile(join(out, 'model.safetensors'), model.networks, { ...model.metadata, transforms: { ...transforms, shapeMap } });
  console.log(`${out}: ${dir} with the shape map (${shapeMap.edges.length + 1} bins of level change, ${set.windowCount} training windows)`);
} finally {
  disposeModule(model.networks.generator);
  disposeModule(model.networks.discriminator);
}
