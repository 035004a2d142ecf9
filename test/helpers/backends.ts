import { createCpuBackend, type Backend } from '../../src/index.js';

/**
 * Every backend that can run on this machine, by name, for the shared parity and training suites.
 * A backend that needs hardware or software that is absent is reported with the reason instead.
 */
export interface BackendCase {
  name: string;
  create: () => Promise<Backend>;
}

export const cpuCase: BackendCase = { name: 'cpu', create: async () => createCpuBackend() };
