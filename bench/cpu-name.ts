/**
 * The CPU as the benchmark reports it: the model name, and on Linux its family, model number and
 * whether it has AVX-512. Virtual machines often name only "Intel(R) Xeon(R) Processor" or "AMD EPYC",
 * which hides the microarchitecture the kernels' speed depends on (SIMD128 runs on 128-bit ports either
 * way, with other latencies).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** e.g. "Intel(R) Xeon(R) Processor (family 6, model 167, AVX-512)". */
export function cpuName(): string {
  const name = cpus()[0]?.model?.trim() || 'unknown CPU';
  let info: string;
  try { info = readFileSync('/proc/cpuinfo', 'utf8'); } catch { return name; }
  const field = (key: string) => new RegExp(`^${key}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
  const family = field('cpu family'), model = field('model'), flags = field('flags')?.split(' ') ?? [];
  if (family === undefined || model === undefined) return name;
  return `${name} (family ${family}, model ${model}${flags.includes('avx512f') ? ', AVX-512' : ''})`;
}
