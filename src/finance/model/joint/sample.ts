/** Sampling a joint model: paths of d assets' daily log returns, all at once or streamed in chunks. */
import type { AssetMatrix } from '../../data/asset-matrix.js';
import { generateJointPathChunks, generateJointPaths } from './generate.js';
import { jointGenerator, type JointGanModel } from './model-file.js';

/** `paths` independent paths of `length` days × assets; the same `seed` gives the same paths. */
export function sampleJointPaths(model: JointGanModel, paths: number, length: number, seed: number): Promise<AssetMatrix[]> {
  return generateJointPaths(jointGenerator(model), paths, length, seed);
}

/** {@link sampleJointPaths} in chunks of at most 256 paths (`first`: the chunk's first path), for writing out as they come in bounded memory. */
export function sampleJointPathChunks(model: JointGanModel, paths: number, length: number, seed: number): AsyncGenerator<{ first: number; paths: AssetMatrix[] }> {
  return generateJointPathChunks(jointGenerator(model), paths, length, seed);
}
