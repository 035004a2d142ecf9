/**
 * Finds and runs the PyTorch peer (bench/peers/pytorch.py): a Python with `import torch` working,
 * tried in order: $GANGRAD_BENCH_PYTHON, python3 on PATH, /usr/bin/python3 (Debian's python3-torch
 * installs there, which a pyenv or venv python3 first on PATH would not see).
 */
import { spawnSync } from 'node:child_process';
import { signalOutcome } from '../interrupted.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'pytorch.py');

/** The interpreter to run the peer with, or why there is none. */
export function findTorchPython(): { python: string } | { skipped: string } {
  const candidates = [process.env.GANGRAD_BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of [...new Set(candidates)]) {
    const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return { python };
  }
  return { skipped: `no Python with torch (tried ${candidates.join(', ')}; on Debian: apt-get install python3-torch libopenblas0-pthread)` };
}

/** Whether that Python's torch sees a CUDA GPU (then `pytorch-cuda` joins the peers, beside the WebGPU backend). */
export function torchHasCuda(python: string): boolean {
  return spawnSync(python, ['-c', 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'], { encoding: 'utf8' }).status === 0;
}

/** Run one cell of the peer on the CPU or on CUDA; its JSON line, or the error. */
export function runTorchCell(python: string, kind: string, spec: string, reps: string, device: 'cpu' | 'cuda' = 'cpu'): { line?: string; error?: string } {
  const r = spawnSync(python, [SCRIPT, kind, spec, reps, device], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const killed = signalOutcome(r.signal);
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) return { error: killed ?? (r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-3).join(' | ') };
  return { line };
}
