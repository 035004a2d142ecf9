/**
 * The body of one scoring worker (scoring-workers.ts): computes folds of discriminative scores on the
 * kernels the calling thread uses, one request at a time, and answers each with its tally or its error.
 */
import { parentPort } from 'node:worker_threads';
import { createCpuBackend } from '../backend/cpu/index.js';
import { discriminativeFold } from '../finance/evaluation/discriminative.js';
import { setBackend } from '../tensor/index.js';
import type { ScoringReply, ScoringRequest } from './scoring-workers.js';

parentPort!.postMessage({ ready: true } satisfies ScoringReply);
let backendSet = false;
parentPort!.on('message', async (request: ScoringRequest) => {
  // The wasm backend on this thread is the default, with the kernels the caller's wasm backend picks.
  if (!backendSet && request.backend === 'cpu') setBackend(createCpuBackend());
  backendSet = true;
  let reply: ScoringReply;
  try {
    reply = { id: request.id, tally: await discriminativeFold(request.real, request.synthetic, request.fold, request.options) };
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
