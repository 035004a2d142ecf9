import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrainingLog } from '../src/gan/index.js';
import { readTrainingLogOrWarn } from '../src/finance/training/training-log.js';
import { writeFileAtomic, writeFilesTogether } from '../src/io/index.js';

/** A pid no process holds: beyond Linux's pid_max (4,194,304 at most). */
const DEAD_PID = 999_999_999;

describe('what a killed earlier run left', () => {
  it("writeFileAtomic removes its target's temporaries of dead processes, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-stale-'));
    const target = join(dir, 'out.csv');
    writeFileSync(`${target}.tmp-${DEAD_PID}`, 'left by SIGKILL');
    writeFileSync(`${target}.tmp-${process.ppid}`, 'a live writer'); // the test runner's parent runs
    writeFileSync(join(dir, `other.csv.tmp-${DEAD_PID}`), 'another target: not this write\'s business');
    writeFileSync(join(dir, 'out.csv.tmp-notes'), 'not a temporary name');
    writeFileAtomic(target, 'new');
    expect(readdirSync(dir).sort()).toEqual(['other.csv.tmp-999999999', 'out.csv', 'out.csv.tmp-notes', `out.csv.tmp-${process.ppid}`].sort());
  });

  it('writeFilesTogether does the same for each of its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-stale-'));
    const a = join(dir, 'a.json'), b = join(dir, 'b.html');
    writeFileSync(`${a}.tmp-${DEAD_PID}`, 'x');
    writeFileSync(`${b}.tmp-${DEAD_PID}`, 'x');
    await writeFilesTogether([{ path: a, write: (append) => append('{}') }, { path: b, write: (append) => append('<p>') }]);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.html']);
  });
});

describe('a damaged training log', () => {
  const log = (rows: string[]) => {
    const file = join(mkdtempSync(join(tmpdir(), 'gangrad-log-')), 'training-log.csv');
    writeFileSync(file, ['step,d_loss,g_loss,d_real,d_fake,seconds,val_w1', ...rows].join('\n') + '\n');
    return file;
  };

  it('reads the metrics rows and skips the evaluation-only ones', () => {
    expect(readTrainingLog(log(['1,1.5,0.9,0.5,0.4,0.1,', '50,,,,,1.0,0.2', '100,1.2,1.1,0.6,0.4,2.0,']))).toEqual([
      { step: 1, dLoss: 1.5, gLoss: 0.9, dReal: 0.5, dFake: 0.4 }, { step: 100, dLoss: 1.2, gLoss: 1.1, dReal: 0.6, dFake: 0.4 },
    ]);
    expect(readTrainingLog(join(tmpdir(), 'no-such-dir-gangrad', 'training-log.csv'))).toEqual([]);
  });

  it('names the file, the line and the field of a damaged row', () => {
    const file = log(['1,1.5,0.9,0.5,0.4,0.1,', '2,1.5,oops,0.5,0.4,0.2,']);
    expect(() => readTrainingLog(file)).toThrow(`${file}, line 3: 'gLoss' is "oops", not a finite number (the training log is damaged)`);
    expect(() => readTrainingLog(log(['x1,1.5,0.9,0.5,0.4,0.1,']))).toThrow(/line 2: the step is "x1", not a whole number ≥ 0/);
    expect(() => readTrainingLog(log(['2.5,1.5,0.9,0.5,0.4,0.1,']))).toThrow(/line 2: the step is "2\.5", not a whole number ≥ 0/);
  });

  it('costs the convergence diagnosis and the report its curves, not the command: a warning, and no rows', () => {
    const file = log(['1,1.5,NaN,0.5,0.4,0.1,']);
    const warnings: string[] = [];
    expect(readTrainingLogOrWarn(file, (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual([`warning: ${file}, line 2: 'gLoss' is "NaN", not a finite number (the training log is damaged); going on without it`]);
    expect(existsSync(file)).toBe(true);
  });
});
