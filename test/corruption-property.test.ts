/**
 * Property (issue 13): a corrupted model file (truncated, or a byte flipped in its header or its data)
 * given to `sample` either fails with a message naming the file, or, where the change touched nothing
 * the model uses (spacing in the header, say), produces exactly the uncorrupted model's output. Runs the
 * function the `sample` command runs, in-process, 240 times from a seeded generator, plus a few real
 * CLI runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSample } from '../src/cli/sample.js';
import { UsageError } from '../src/cli/args.js';
import { Rng } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { trainTinyModel } from './helpers/tiny-model.js';

const CASES = 240;

let dir: string;
let pristine: Buffer;
let expected: string;
let headerEnd: number;
const sampleArgs = (model: string, out: string) => ['--model', model, '--count', '3', '--length', '12', '--seed', '4', '--out', out, '--backend', 'cpu'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gangrad-corrupt-'));
  const { model } = await trainTinyModel(dir);
  pristine = readFileSync(join(model, 'model.safetensors'));
  headerEnd = 8 + Number(pristine.readBigUInt64LE(0));
  const out = join(dir, 'expected.csv');
  await runSample(sampleArgs(model, out));
  expected = readFileSync(out, 'utf8');
});

type Corruption = { kind: string; bytes: Buffer };

function corrupt(rng: Rng): Corruption {
  const bytes = Buffer.from(pristine);
  const kind = ['truncate', 'header flip', 'data flip', 'data burst'][rng.int(4)];
  if (kind === 'truncate') return { kind, bytes: bytes.subarray(0, rng.int(bytes.length)) };
  if (kind === 'header flip') bytes[rng.int(headerEnd)] ^= 1 + rng.int(255);
  else if (kind === 'data flip') bytes[headerEnd + rng.int(bytes.length - headerEnd)] ^= 1 << rng.int(8);
  else for (let i = 0, at = headerEnd + rng.int(bytes.length - headerEnd - 8); i < 8; i++) bytes[at + i] ^= 1 + rng.int(255);
  return { kind, bytes };
}

describe('corrupted model files given to sample', () => {
  it(`${CASES} random corruptions: an error naming the file, or the uncorrupted output`, async () => {
    const rng = new Rng(1313);
    const tally: Record<string, { failed: number; identical: number }> = {};
    const warn = console.warn;
    console.warn = () => {}; // a flip in the checksum's own key makes a file "without checksum": a warning
    try {
      for (let i = 0; i < CASES; i++) {
        const { kind, bytes } = corrupt(rng);
        const model = join(dir, `case-${i}`);
        mkdirSync(model);
        const file = join(model, 'model.safetensors');
        writeFileSync(file, bytes);
        const out = join(model, 'out.csv');
        tally[kind] ??= { failed: 0, identical: 0 };
        try {
          await runSample(sampleArgs(model, out));
        } catch (e) {
          expect(e, `case ${i} (${kind})`).not.toBeInstanceOf(UsageError);
          expect((e as Error).message, `case ${i} (${kind})`).toContain(file);
          tally[kind].failed++;
          continue;
        }
        expect(readFileSync(out, 'utf8'), `case ${i} (${kind}) produced different output without an error`).toBe(expected);
        tally[kind].identical++;
      }
    } finally {
      console.warn = warn;
    }
    console.log(`corruptions: ${JSON.stringify(tally)}`);
    expect(Object.values(tally).reduce((n, t) => n + t.failed + t.identical, 0)).toBe(CASES);
    for (const kind of ['truncate', 'data flip', 'data burst']) expect(tally[kind].identical, kind).toBe(0);
  });

  it('through the real CLI: a truncated and a flipped file exit 1 naming the file', () => {
    for (const [name, bytes] of [['truncated', pristine.subarray(0, pristine.length - 100)], ['flipped', Buffer.from(pristine).fill(0x41, headerEnd + 10, headerEnd + 11)]] as const) {
      const model = join(dir, name);
      mkdirSync(model);
      writeFileSync(join(model, 'model.safetensors'), bytes);
      const r = cli(['sample', ...sampleArgs(model, join(model, 'out.csv'))]);
      expect(r.status, name).toBe(1);
      expect(r.stderr).toContain(`gangrad sample: ${join(model, 'model.safetensors')}: `);
    }
  });
});
