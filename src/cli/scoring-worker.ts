/**
 * The body of one scoring worker (scoring-workers.ts): computes folds of discriminative scores on the
 * kernels the calling thread uses, or a table's nearest-row distances, one request at a time, and
 * answers each with its result or its error.
 */
import { parentPort } from 'node:worker_threads';
import { createCpuBackend } from '../backend/cpu/index.js';
import { discriminativeFold } from '../finance/evaluation/discriminative.js';
import { setBackend } from '../tensor/index.js';
import { closestDistances } from '../tabular/evaluation/evaluate.js';
import type { ScoringReply, ScoringRequest } from './scoring-workers.js';

parentPort!.postMessage({ ready: true } satisfies ScoringReply);
let backendSet = false;
parentPort!.on('message', async (request: ScoringRequest) => {
  // The wasm backend on this thread is the default, with the kernels the caller's wasm backend picks.
  if (!backendSet && request.backend === 'cpu') setBackend(createCpuBackend());
  backendSet = true;
  let reply: ScoringReply;
  try {
    const result = request.kind === 'fold'
      ? await discriminativeFold(request.real, request.synthetic, request.fold, request.options)
      : closestDistances(request.x, request.reference, request.width);
    reply = { id: request.id, result };
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
