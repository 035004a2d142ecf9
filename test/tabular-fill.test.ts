/**
 * What the training rows alone decide once a table is split: the value blank numeric cells are filled
 * with (the median of the training rows, never of the held-out ones), the largest batch a GAN may
 * draw, and the columns that carry nothing for fitting because the training rows hold one value.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, getBackend, setBackend, type Backend } from '../src/index.js';
import { UsageError } from '../src/cli/args.js';
import { tabularCommand } from '../src/cli/tabular.js';
import { constantInTrainingNotices } from '../src/tabular/data/training-constants.js';
import { missingFills, withFills } from '../src/tabular/data/fill.js';
import { tableParts, timeSplit } from '../src/tabular/data/split.js';
import { parseTable, selectRows, type CategoricalColumn, type NumericColumn, type Table } from '../src/tabular/data/table.js';
import { outOfTimeParts, randomParts, runTabularExperiment, validationParts } from '../src/tabular/evaluation/experiment.js';
import { stratifiedSplit } from '../src/tabular/model/sample.js';
import { DEFAULT_TABULAR_CONFIG, loadTabularModel } from '../src/tabular/model/model.js';
import { trainTabularGan } from '../src/tabular/training/train.js';

const root = mkdtempSync(join(tmpdir(), 'gangrad-tabular-fill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * 60 claims: 20 of 1994 (amounts 100–190), 20 of 1995 (1000–1090), 20 of 1996 (5000–5090); fraud on
 * every 4th. Amounts blank on rows 3 and 7 (1994), 25 (1995) and 45 (1996). `edit` changes a row's cells.
 */
function claims(edit: (cells: string[], row: number) => void = () => {}): string {
  const lines = ['Year,amount,colour,fraud'];
  for (let i = 0; i < 60; i++) {
    const year = 1994 + Math.floor(i / 20);
    const amount = [3, 7, 25, 45].includes(i) ? '' : String([100, 1000, 5000][year - 1994] + ((i * 37) % 20) * 5);
    const cells = [String(year), amount, ['red', 'blue', 'green'][i % 3], i % 4 === 0 ? '1' : '0'];
    edit(cells, i);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

const amounts = (t: Table) => Array.from((t.columns.find((c) => c.name === 'amount') as NumericColumn).values);
const blanks = (t: Table) => Array.from((t.columns.find((c) => c.name === 'amount_missing') as CategoricalColumn).codes);
/** The amounts of `t`'s blank cells. */
const filled = (t: Table) => amounts(t).filter((_, r) => blanks(t)[r] === 1);
/** The median of `t`'s observed amounts, computed here from the cells. */
function observedMedian(t: Table): number {
  const s = amounts(t).filter((_, r) => blanks(t)[r] === 0).sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('blank numeric cells are filled from the training rows only', () => {
  const table = parseTable(claims(), 'claims.csv');
  // Every row's median lies among 1995's amounts; the 1994 rows' among theirs.
  const wholeFile = observedMedian(table);

  it('out of time: both parts take the median of the training period, not of the whole file', () => {
    expect(wholeFile).toBeGreaterThanOrEqual(1000);
    const { train, test } = outOfTimeParts(table, 'fraud', { column: 'Year', testFrom: '1995' });
    const median = observedMedian(train);
    expect(median).toBeLessThan(200);
    expect(filled(train)).toEqual([median, median]);
    // A held-out blank takes the training rows' median too: the same features as a training row's.
    expect(filled(test)).toEqual([median, median]);
    // Cells that were not blank are kept as read.
    expect(amounts(test).filter((_, r) => blanks(test)[r] === 0)).toEqual(amounts(table).slice(20).filter((_, r) => ![5, 25].includes(r)));
    // The loader still fills with every row's median (a table read alone is all training rows), and says the fill is the training rows'.
    expect(filled(table)).toEqual([wholeFile, wholeFile, wholeFile, wholeFile]);
    expect(table.notices).toContain("column 'amount': 4 missing cells filled with the median of the training rows, flagged in 'amount_missing'");
  });

  it('the validation period is filled from the periods before it; a random split from its training part', () => {
    const { train, validation } = validationParts(table, 'fraud', { column: 'Year', testFrom: '1996', validateFrom: '1995' });
    expect(filled(train)).toEqual([observedMedian(train), observedMedian(train)]);
    expect(filled(validation)).toEqual([observedMedian(train)]);
    for (const seed of [1, 2]) {
      const parts = randomParts(table, 'fraud', 0.3, seed);
      expect(new Set([...filled(parts.train), ...filled(parts.test)])).toEqual(new Set([observedMedian(parts.train)]));
    }
  });

  describe('trainTabularGan', () => {
    let previous: Backend;
    beforeAll(async () => { previous = getBackend(); setBackend(await createBackend('cpu')); });
    afterAll(() => { getBackend().destroy(); setBackend(previous); });
    const config = { ...DEFAULT_TABULAR_CONFIG, target: 'fraud', hidden: [8], latentDim: 4, batch: 8, steps: 2 };

    it('fits on rows filled from its training rows, whichever rows it holds out', async () => {
      const data = { ...table, columns: table.columns.filter((c) => c.name !== 'Year') };
      const fit = await trainTabularGan({ data, config, testRows: timeSplit(table, 'fraud', { column: 'Year', testFrom: '1995' }).test });
      expect(filled(fit.train)).toEqual([observedMedian(fit.train), observedMedian(fit.train)]);
      expect(filled(fit.test)).toEqual([observedMedian(fit.train), observedMedian(fit.train)]);
      expect(observedMedian(fit.train)).toBeLessThan(200);
    });

    it('a batch larger than the training rows trains at the rows (whole packs), and the model records it; a pack larger than them is refused', async () => {
      const data = parseTable(claims(), 'claims.csv');
      // The stratified split holds out 19 of the 60 rows: 41 train.
      expect((await trainTabularGan({ data, config: { ...config, batch: 256 } })).metadata.config.batch).toBe(41);
      const last40 = Array.from({ length: 40 }, (_, r) => r + 20);
      expect((await trainTabularGan({ data, config: { ...config, batch: 255, pac: 3 }, testRows: last40 })).metadata.config.batch).toBe(18);
      await expect(trainTabularGan({ data, config: { ...config, batch: 42, pac: 21 }, testRows: last40 })).rejects.toThrow(
        'trainTabularGan: config.pac 21 is more than the 20 training rows the GAN is fitted on: a batch holds whole packs of 21 rows');
    });
  });
});

describe('columns constant on the training rows only', () => {
  it('are named in one notice each, with their value; a column constant everywhere, or varying in training, is not', () => {
    // 'rate' is 3 until 1995 and varies after; 'colour' is red before 1995; 'flat' is 1 throughout.
    const text = claims((cells, row) => {
      cells.push(row < 20 ? '3' : String(row % 7), 'x');
      if (row < 20) cells[2] = 'red';
    }).replace('Year,amount,colour,fraud', 'Year,amount,colour,fraud,rate,flat');
    const table = parseTable(text, 'claims.csv', { kinds: { rate: 'numeric' } });
    const parts = outOfTimeParts(table, 'fraud', { column: 'Year', testFrom: '1995' });
    expect(constantInTrainingNotices(parts, 'fraud')).toEqual([
      "column 'colour' holds 'red' on every training row, other values only in the held-out rows: it carries nothing for fitting (--drop colour leaves it out)",
      "column 'rate' holds 3 on every training row, other values only in the held-out rows: it carries nothing for fitting (--drop rate leaves it out)",
    ]);
    // Blank only in the held-out rows: the flag tells no training row apart; blank on every training row: the column itself.
    const lateBlanks = parseTable(claims((cells, row) => { if (row < 20) cells[1] = String(100 + row); if (row === 30) cells[1] = ''; }), 'late.csv');
    expect(constantInTrainingNotices(outOfTimeParts(lateBlanks, 'fraud', { column: 'Year', testFrom: '1995' }), 'fraud')).toEqual([
      "column 'amount' is blank in held-out rows only: its flag 'amount_missing' is 'present' on every training row and carries nothing for fitting",
    ]);
    const noneBefore = parseTable(claims((cells, row) => { if (row < 20) cells[1] = ''; }), 'none.csv');
    const noneParts = outOfTimeParts(noneBefore, 'fraud', { column: 'Year', testFrom: '1995' });
    expect(constantInTrainingNotices(noneParts, 'fraud')).toEqual([
      "column 'amount' is blank on every training row, other values only in the held-out rows: it carries nothing for fitting (--drop amount leaves it out)",
    ]);
    // With nothing observed in training, no held-out value fills the blanks.
    expect(new Set([...filled(noneParts.train), ...filled(noneParts.test)])).toEqual(new Set([0]));
    // Blank on every training row and 0 on the held-out ones: the values (0 = the fill) look constant
    // alike; the flag says what is so.
    const zeroLater = parseTable(claims((cells, row) => { cells[1] = row < 20 ? '' : '0'; }), 'zero.csv', { kinds: { amount: 'numeric' } });
    expect(constantInTrainingNotices(outOfTimeParts(zeroLater, 'fraud', { column: 'Year', testFrom: '1995' }), 'fraud')).toEqual([
      "column 'amount' is blank on every training row, other values only in the held-out rows: it carries nothing for fitting (--drop amount leaves it out)",
    ]);
  });

  it('missingFills takes the medians from the rows given, and withFills puts them in another part (the detectors score the held-out rows with the normal rows\' fills)', () => {
    const table = parseTable(claims(), 'claims.csv');
    const normalRows = Array.from({ length: 20 }, (_, r) => r).filter((r) => r % 4 !== 0); // 1994's claims without fraud
    const fills = missingFills(table, normalRows);
    const observed = normalRows.filter((r) => r !== 3 && r !== 7).map((r) => amounts(table)[r]).sort((a, b) => a - b);
    expect(observed).toHaveLength(13); // 15 claims without fraud, 2 of them blank
    expect(fills).toEqual(new Map([['amount', observed[6]]]));
    const later = withFills(selectRows(table, [25, 45, 46]), fills);
    expect(amounts(later)).toEqual([fills.get('amount'), fills.get('amount'), amounts(table)[46]]);
  });
});

describe('a stored batch above the rows of a GAN that evaluation fits', () => {
  it('the GAN that chooses the amounts of added rows trains at the largest batch the rows before the validation period allow, and says so', async () => {
    // A model trained before batches were fitted to small tables holds a batch above the 20 claims of
    // 1994 (40 claims of 1994–95 train the model itself): its evaluation refused it at the second GAN.
    const data = parseTable(claims(), 'claims.csv');
    const config = { ...DEFAULT_TABULAR_CONFIG, target: 'fraud', hidden: [8], latentDim: 4, batch: 30, steps: 1 };
    const heard: string[] = [];
    const [evaluation] = await runTabularExperiment({ data, config, seeds: [1], split: { column: 'Year', testFrom: '1996', validateFrom: '1995' },
      onEvaluationStage: (_, line) => heard.push(line) });
    expect(heard).toContain('batch 20 rows, not 30: the GAN is fitted on the 20 rows before the validation period');
    expect(evaluation.ranking?.amounts).toBeDefined();
  });
});

describe('gangrad tabular: the training rows decide', () => {
  const file = join(root, 'claims.csv');
  writeFileSync(file, claims((cells, row) => { if (row < 20) cells[2] = 'red'; }));
  const said: string[] = [];
  const error = console.error, write = process.stderr.write;
  beforeAll(() => {
    console.error = (...args: unknown[]) => { said.push(args.join(' ')); };
    process.stderr.write = ((chunk: string) => { said.push(String(chunk)); return true; }) as typeof process.stderr.write;
  });
  afterEach(() => { said.length = 0; });
  afterAll(() => { console.error = error; process.stderr.write = write; });
  const outOfTime = ['--split-by', 'Year', '--test-from', '1995'];
  const tiny = ['--data', file, '--target', 'fraud', '--steps', '2', '--hidden', '8', '--backend', 'wasm'];

  it('a --batch above the rows a GAN is fitted on is a usage error before anything is written, in train, experiment and detect', async () => {
    const out = join(root, 'big-batch');
    await expect(tabularCommand(['train', ...tiny, ...outOfTime, '--batch', '21', '--out', out])).rejects.toThrow(new UsageError(
      '--batch 21 is larger than the 20 training rows the GAN is fitted on, from which each batch is drawn: give a batch of at most 20'));
    // The random split's training part: 41 of the 60 rows (5 of the 15 frauds and 14 of the 45 others held out).
    await expect(tabularCommand(['train', ...tiny, '--batch', '256', '--out', out])).rejects.toThrow(new UsageError(
      '--batch 256 is larger than the 41 training rows the GAN is fitted on, from which each batch is drawn: give a batch of at most 41'));
    expect(existsSync(out)).toBe(false);
    await expect(tabularCommand(['experiment', ...tiny, '--split-by', 'Year', '--test-from', '1996', '--validate-from', '1995', '--batch', '30', '--seeds', '1', '--out', out]))
      .rejects.toThrow(new UsageError('--batch 30 is larger than the 20 rows before the validation period (Year < 1995) the GAN is fitted on, from which each batch is drawn: give a batch of at most 20'));
    // The detector's GAN is fitted on the 15 training rows not of class 1.
    await expect(tabularCommand(['detect', ...tiny, ...outOfTime, '--batch', '16', '--seeds', '1', '--out', out]))
      .rejects.toThrow(new UsageError("--batch 16 is larger than the 15 training rows not of the rarer class '1' the GAN is fitted on, from which each batch is drawn: give a batch of at most 15"));
    expect(existsSync(out)).toBe(false);
  });

  it('without --batch, a table smaller than the default batch trains at the largest batch its rows allow, and says so', async () => {
    const out = join(root, 'default-batch');
    // 20 training rows of 1994; the default pac (packs of rows the discriminator judges) divides the batch.
    await tabularCommand(['train', ...tiny, ...outOfTime, '--out', out]);
    const pac = DEFAULT_TABULAR_CONFIG.pac, batch = 20 - (20 % pac);
    expect(said.join('\n')).toContain(`${file}: batch ${batch} rows, not the default ${DEFAULT_TABULAR_CONFIG.batch}: the GAN is fitted on 20 training rows (--batch sets it)`);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
    expect(loadTabularModel(join(out, 'model.safetensors')).metadata.config.batch).toBe(batch);
  });

  it('without --batch, --pac is checked against the batch fitted to the rows, and a pack larger than the rows is named', async () => {
    const out = join(root, 'packs');
    // 20 training rows: packs of 3 make a batch of 18 (256 is no multiple of 3, and needs no --batch here).
    await tabularCommand(['train', ...tiny, ...outOfTime, '--pac', '3', '--out', out]);
    expect(loadTabularModel(join(out, 'model.safetensors')).metadata.config.batch).toBe(18);
    await expect(tabularCommand(['train', ...tiny, ...outOfTime, '--pac', '21', '--out', join(root, 'packs-2')])).rejects.toThrow(new UsageError(
      '--pac 21 is more than the 20 training rows the GAN is fitted on: a batch holds whole packs of 21 rows'));
    await expect(tabularCommand(['train', ...tiny, '--pac', '3', '--batch', '16', '--out', join(root, 'packs-3')])).rejects.toThrow(new UsageError(
      '--pac 3 must divide --batch 16: the discriminator judges packs of 3 rows'));
  });

  it('--drop naming the class or the split column is a usage error that says which, before any work', async () => {
    const out = join(root, 'dropped-target');
    await expect(tabularCommand(['train', ...tiny, '--drop', 'fraud', '--out', out])).rejects.toThrow(new UsageError(
      "--drop and --target both name 'fraud': the class column cannot be left out; take it out of --drop"));
    await expect(tabularCommand(['detect', ...tiny, ...outOfTime, '--drop', 'Year', '--seeds', '1', '--out', out])).rejects.toThrow(new UsageError(
      "--drop and --split-by both name 'Year': the split column only orders the rows, never a feature; take it out of --drop"));
    expect(existsSync(out)).toBe(false);
  });

  it('detect takes no --pac (a packed discriminator gives a test row its pack\'s score): a usage error before any work', async () => {
    const out = join(root, 'packed-detect');
    await expect(tabularCommand(['detect', ...tiny, ...outOfTime, '--pac', '2', '--batch', '14', '--seeds', '1', '--out', out])).rejects.toThrow(UsageError);
    await expect(tabularCommand(['detect', ...tiny, ...outOfTime, '--pac', '2', '--out', out])).rejects.toThrow("Unknown option '--pac'");
    expect(existsSync(out)).toBe(false);
  });

  it('experiment names a column constant on any seed\'s training rows, with the seeds whose rows show it', async () => {
    // 'code' is A on every row but one, which seed 2's random split holds out and seed 1's trains on.
    const fraud = (parseTable(claims(), 'claims.csv').columns.find((c) => c.name === 'fraud') as CategoricalColumn);
    const heldOut = (seed: number) => new Set(stratifiedSplit(fraud.codes, DEFAULT_TABULAR_CONFIG.testFraction, seed * 11 + 5).test);
    const odd = [...heldOut(2)].find((r) => !heldOut(1).has(r))!;
    const coded = join(root, 'coded.csv');
    writeFileSync(coded, claims((cells, i) => cells.push(i === odd ? 'B' : 'A')).replace('fraud\n', 'fraud,code\n'));
    // An earlier run's results are refused after the checks of every seed's split, before any GAN trains.
    const out = join(root, 'coded');
    mkdirSync(out);
    writeFileSync(join(out, 'results.json'), '{}\n');
    await expect(tabularCommand(['experiment', '--data', coded, '--target', 'fraud', '--steps', '2', '--seeds', '3', '--out', out]))
      .rejects.toThrow(new UsageError(`${join(out, 'results.json')} exists; pass --force to replace it`));
    const showing = [2, 3].filter((seed) => heldOut(seed).has(odd)); // seed 2's, and seed 3's if it holds the row out too
    const which = showing.length === 1 ? 'split of seed 2' : 'splits of seeds 2, 3';
    expect(said.filter((line) => line.includes("column 'code'"))).toEqual([
      `${coded} (the ${which}): column 'code' holds 'A' on every training row, other values only in the held-out rows: it carries nothing for fitting (--drop code leaves it out)`,
    ]);
  });

  it('train says which column is constant on the training rows, and that blanks take the training rows\' median', async () => {
    await tabularCommand(['train', ...tiny, ...outOfTime, '--batch', '8', '--out', join(root, 'model')]);
    const text = said.join('\n');
    expect(text).toContain(`${file}: column 'amount': 4 missing cells filled with the median of the training rows, flagged in 'amount_missing'`);
    expect(text).toContain(`${file}: column 'colour' holds 'red' on every training row, other values only in the held-out rows: it carries nothing for fitting (--drop colour leaves it out)`);
    expect(said.filter((line) => line.includes("column 'colour'"))).toHaveLength(1);
  });
});
