/** cli/args.ts: a negative number after an option is its value, checked like any other; progress lines' losses. */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { commandName, lossesText, nearestOption, numberOption, parse, refuseExistingOutputs, UsageError } from '../src/cli/args.js';

const options = { horizon: { type: 'string' }, below: { type: 'string' }, force: { type: 'boolean' } } as const;

describe('parse', () => {
  it('takes a negative number or a list of them after a space as the value, as with =', () => {
    expect(parse(['--horizon', '-1', '--below', '-0.05,-0.1'], options, 'help')).toEqual({ horizon: '-1', below: '-0.05,-0.1' });
    expect(parse(['--below', '-.5'], options, 'help')).toEqual({ below: '-.5' });
    expect(parse(['--horizon=-1'], options, 'help')).toEqual({ horizon: '-1' });
  });

  it('refuses an empty value (`--json "$OUT"` with OUT unset) rather than taking the option as not given', () => {
    expect(() => parse(['--horizon', ''], options, 'help')).toThrow("--horizon: an empty value ('')");
    expect(() => parse(['--below= '], options, 'help')).toThrow(UsageError);
  });

  it('forecast --json \'\' is a usage error (exit 2), not a run that writes nothing and exits 0', () => {
    for (const option of ['--json', '--out', '--html', '--column']) {
      const run = cli(['forecast', '--model', 'no-such-model', option, '']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${option}: an empty value`);
    }
  });

  it('still refuses an option in place of a value, and a number after an option that takes none', () => {
    expect(() => parse(['--horizon', '--force'], options, 'help')).toThrow(UsageError);
    expect(() => parse(['--force', '-1'], options, 'help')).toThrow(UsageError);
  });
});

describe('numberOption', () => {
  it('says in words what the value must be when told, else the type and the bound', () => {
    expect(() => numberOption('-1', 'horizon', 10, { min: 1, what: 'a positive whole number of days' })).toThrow("--horizon must be a positive whole number of days, got '-1'");
    expect(() => numberOption('-1', 'paths', 10, { min: 1 })).toThrow("--paths must be an integer ≥ 1, got '-1'");
  });
});

describe('lossesText', () => {
  const metrics = { step: 9500, dLoss: 1.3862, gLoss: 0.6931, dReal: 0.5012, dFake: 0.4988 };
  it('shows the losses as they are on the step they were read, marked with that step on a later line', () => {
    expect(lossesText({ step: 9500, metrics })).toBe('D 1.386 G 0.693 D(x) 0.50 D(G(z)) 0.50');
    expect(lossesText({ step: 9523, metrics })).toBe('D 1.386 G 0.693 D(x) 0.50 D(G(z)) 0.50 (at step 9500)');
    expect(lossesText({ step: 9500, metrics: { ...metrics, noiseLevel: 0.1 } })).toBe('D 1.386 G 0.693 D(x) 0.50 D(G(z)) 0.50 σ 0.10');
    expect(lossesText({ step: 3, metrics: null })).toBe('');
  });
});

describe('refuseExistingOutputs', () => {
  it('refuses an output whose directory does not exist, before any work, naming file and directory', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'gangrad-outputs-'));
    const missing = join(dir, 'no-such-dir', 'bt.json');
    expect(() => refuseExistingOutputs([missing], false)).toThrow(UsageError);
    expect(() => refuseExistingOutputs([missing], true)).toThrow(`cannot write ${missing}: its directory ${join(dir, 'no-such-dir')} does not exist`);
    // A file where the directory should be is no directory either.
    writeFileSync(join(dir, 'file'), '');
    expect(() => refuseExistingOutputs([join(dir, 'file', 'x.json')], true)).toThrow(UsageError);
    // An existing file is refused without --force and accepted with it; a new file in an existing directory is fine.
    writeFileSync(join(dir, 'old.json'), '{}');
    expect(() => refuseExistingOutputs([join(dir, 'old.json')], false)).toThrow('exists; pass --force');
    expect(() => refuseExistingOutputs([join(dir, 'old.json'), join(dir, 'new.json'), undefined], true)).not.toThrow();
    // '-' (standard output to Unix tools) is no file name here.
    expect(() => refuseExistingOutputs(['-'], true)).toThrow("an output named '-'");
  });
});

describe('nearestOption', () => {
  it('suggests the option a typo or a singular most likely meant, and nothing for a stranger', () => {
    const options = ['horizons', 'levels', 'paths', 'seed', 'seeds', 'model'];
    expect(nearestOption('horizon', options)).toBe('horizons');
    expect(nearestOption('pahts', options)).toBe('paths');
    expect(nearestOption('modle', options)).toBe('model');
    expect(nearestOption('zzz', options)).toBeUndefined();
    expect(() => parse(['--horizon', '5'], { horizons: { type: 'string' } }, 'HELP')).toThrow("Unknown option '--horizon'; did you mean --horizons?");
  });
});

describe('commandName', () => {
  it('is gangrad when installed, and the source entry point (relative to here when it can be) in a checkout', async () => {
    const { join } = await import('node:path');
    expect(commandName('/usr/lib/node_modules/gangrad/bin/gangrad.js')).toBe('gangrad');
    expect(commandName(undefined)).toBe('gangrad');
    expect(commandName(join(process.cwd(), 'src', 'cli', 'main.ts'))).toBe(`node --import tsx ${join('src', 'cli', 'main.ts')}`);
    expect(commandName('/elsewhere/gangrad/src/cli/main.ts')).toBe('node --import tsx /elsewhere/gangrad/src/cli/main.ts');
  });

  // A POSIX shell and symbolic links, as npm makes them there.
  it.skipIf(process.platform === 'win32')('names a command that works pasted in the working directory: a checkout run from elsewhere, an installed package, gangrad on the PATH', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdirSync, mkdtempSync, realpathSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { delimiter, dirname, join, resolve } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const checkout = process.cwd(), main = resolve('src/cli/main.ts');
    const systemPath = [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);
    /** The command for `script` run from `cwd`, pasted there (with `train --help`) by a shell with that PATH: it must run. */
    const pasted = (script: string, cwd: string, pathEnv = systemPath) => {
      const command = commandName(script, { cwd, pathEnv });
      const r = spawnSync('sh', ['-c', `${command} train --help`], { cwd, encoding: 'utf8', env: { ...process.env, PATH: pathEnv } });
      expect(r.status, `${command} in ${cwd}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^gangrad train: /);
      return command;
    };
    // A checkout: from its root, tsx resolves as a bare name; from elsewhere, only by its file URL (node resolves --import from the working directory).
    expect(pasted(main, checkout)).toBe(`node --import tsx ${join('src', 'cli', 'main.ts')}`);
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'gangrad-elsewhere-')));
    const loader = pathToFileURL(realpathSync(resolve('node_modules/tsx/dist/loader.mjs'))).href;
    expect(pasted(main, elsewhere)).toBe(`node --import ${loader} ${main}`);
    expect(pasted(main, join(checkout, 'src'))).toBe(`node --import tsx ${join('cli', 'main.ts')}`);
    // An installed package (npm's links: node_modules/gangrad, node_modules/.bin/gangrad), not on the PATH: its bin, by path.
    const project = realpathSync(mkdtempSync(join(tmpdir(), 'gangrad-project-')));
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(checkout, join(project, 'node_modules', 'gangrad'));
    symlinkSync(join('..', 'gangrad', 'bin', 'gangrad.js'), join(project, 'node_modules', '.bin', 'gangrad'));
    const bin = join(project, 'node_modules', '.bin', 'gangrad');
    expect(pasted(bin, project)).toBe(`node ${join('node_modules', '.bin', 'gangrad')}`);
    mkdirSync(join(project, 'sub'));
    expect(pasted(bin, join(project, 'sub'))).toBe(`node ${bin}`);
    // On the PATH, that very script: its name; another gangrad first on the PATH is not it.
    expect(pasted(bin, project, [join(project, 'node_modules', '.bin'), systemPath].join(delimiter))).toBe('gangrad');
    // Run by npx or npm run, whose node_modules/.bin on the PATH is for that run only: not the pasting shell's.
    const npxPath = [join(project, 'node_modules', '.bin'), systemPath].join(delimiter);
    expect(commandName(bin, { cwd: project, pathEnv: npxPath, npm: true })).toBe(`node ${join('node_modules', '.bin', 'gangrad')}`);
    expect(commandName(bin, { cwd: project, pathEnv: `${join(project, 'node_modules', '.bin')}/${delimiter}${systemPath}`, npm: true })).toBe(`node ${join('node_modules', '.bin', 'gangrad')}`);
    // A gangrad installed elsewhere on the PATH (a global install linked to the same script) is still named.
    const global = realpathSync(mkdtempSync(join(tmpdir(), 'gangrad-global-')));
    symlinkSync(join(checkout, 'bin', 'gangrad.js'), join(global, 'gangrad'));
    expect(commandName(bin, { cwd: project, pathEnv: [join(project, 'node_modules', '.bin'), global, systemPath].join(delimiter), npm: true })).toBe('gangrad');
    const other = realpathSync(mkdtempSync(join(tmpdir(), 'gangrad-other-')));
    symlinkSync(join(checkout, 'src', 'cli', 'main.ts'), join(other, 'gangrad'));
    expect(commandName(bin, { cwd: project, pathEnv: [other, systemPath].join(delimiter) })).toBe(`node ${join('node_modules', '.bin', 'gangrad')}`);
  });

  it('the hints for a missing model name the train command as gangrad was run (a checkout: not a bare gangrad)', async () => {
    const { cli } = await import('./helpers/cli.js');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const missing = join(tmpdir(), `gangrad-no-such-model-${process.pid}`);
    const main = join('src', 'cli', 'main.ts');
    const forecast = cli(['forecast', '--model', missing]);
    expect([forecast.status, forecast.stderr.trim()]).toEqual([2, `gangrad forecast: --model ${missing}: no such directory (train a model into it first: node --import tsx ${main} train --out ${missing})`]);
    const tabular = cli(['tabular', 'eval', '--model', missing]);
    expect(tabular.stderr).toContain(`(train a model into it first: node --import tsx ${main} tabular train --out ${missing})`);
  });

  it('a pool of models (A,B) given to a command of one model is said to be one, not a directory to train into', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const [a, b] = [mkdtempSync(join(tmpdir(), 'gangrad-pool-a-')), mkdtempSync(join(tmpdir(), 'gangrad-pool-b-'))];
    for (const command of ['report', 'eval']) {
      const run = cli([command, '--model', `${a},${b}`]);
      expect([run.status, run.stderr.trim()]).toEqual([2, `gangrad ${command}: --model ${a},${b}: this command takes one model directory; a pool of models (DIR,DIR) is for gangrad forecast and gangrad backtest`]);
    }
  });
});

describe('bounds on sizes a typo can make absurd', () => {
  it('sample --length, --count and --start-price, eval --paths × --length: usage errors before any model is read', async () => {
    const { runSample } = await import('../src/cli/sample.js');
    const { evalCommand } = await import('../src/cli/eval.js');
    const sample = (...args: string[]) => runSample(['--model', 'no-such-dir', '--out', 'never.csv', ...args]);
    await expect(sample('--count', '1', '--length', '1000001')).rejects.toThrow("--length must be an integer from 1 to 1000000, got '1000001'");
    await expect(sample('--count', '1e30')).rejects.toThrow("--count must be an integer from 1 to 1000000000000, got '1e30'");
    // A bad value is named before an existing --out is (package.json exists).
    await expect(runSample(['--model', 'no-such-dir', '--out', 'package.json', '--count', '1e30'])).rejects.toThrow("--count must be an integer from 1 to 1000000000000, got '1e30'");
    await expect(sample('--count', '1', '--start-price', '5e-324')).rejects.toThrow("--start-price must be a price from 1e-15 to 1e15, got '5e-324'");
    await expect(evalCommand(['--model', 'no-such-dir', '--paths', '1e12'])).rejects.toThrow(UsageError);
    // The range named is the one allowed: the criteria need 200 days.
    await expect(evalCommand(['--model', 'no-such-dir', '--length', '1'])).rejects.toThrow("--length must be an integer from 200 to 100000 (the long-horizon criteria compare 100-day returns and autocorrelations up to lag 100), got '1'");
    await expect(evalCommand(['--model', 'no-such-dir', '--paths', '20000', '--length', '1000'])).rejects.toThrow('--paths 20000 × --length 1000: at most 10,000,000 daily values a draw (at --length 1000, --paths 10000)');
    // A hidden layer wider than the WebAssembly heap holds: named, not a RangeError from a typed array.
    const { trainCommand } = await import('../src/cli/train.js');
    await expect(trainCommand(['--hidden', '100000,100000', '--out', 'never-made'])).rejects.toThrow("--hidden must be an integer from 1 to 8192, got '100000'");
    // report evaluates as eval does: the same bound on --draws.
    const { reportCommand } = await import('../src/cli/report.js');
    await expect(reportCommand(['--model', 'no-such-dir', '--draws', '1e10'])).rejects.toThrow("--draws must be an integer from 1 to 1000, got '1e10'");
  });
});
