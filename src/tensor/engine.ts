import type { Backend, MemoryInfo } from '../backend/backend.js';
import { createDefaultBackend } from '../backend/select.js';
import { showValue } from '../backend/show-value.js';
import type { Tensor } from './tensor.js';

/**
 * The engine's global state: which backend new tensors go to, whether operations are recorded for
 * autograd, and the stack of scopes that own temporary tensors (ownership: {@link tidy}).
 */
interface EngineState {
  backend: Backend | null;
  backendFactory: (() => Backend) | null;
  gradEnabled: boolean;
  scopes: Set<Tensor>[];
  liveTensors: number;
}

const state: EngineState = { backend: null, backendFactory: null, gradEnabled: true, scopes: [], liveTensors: 0 };

/** Make `backend` (from `await createBackend(name)`) the home of every tensor created from now on; anything else throws at once. */
export function setBackend(backend: Backend): void {
  // Checked now: a name or an un-awaited Promise (plain JavaScript) would otherwise fail at the first tensor.
  if (typeof (backend as { alloc?: unknown } | null)?.alloc !== 'function') {
    const got = backend instanceof Promise ? 'a Promise (not awaited)' : showValue(backend);
    const name = typeof backend === 'string' ? backend : 'cpu';
    throw new Error(`gangrad: setBackend needs a Backend, got ${got}: pass await createBackend('${name}')`);
  }
  state.backend = backend;
}

/**
 * Replace how the first tensor's backend is made when none was set (default: `auto`'s choice, see
 * createDefaultBackend).
 */
export function setDefaultBackendFactory(factory: () => Backend): void {
  state.backendFactory = factory;
}

/** The backend new tensors are created on; the first call without {@link setBackend} makes the default. */
export function getBackend(): Backend {
  if (!state.backend) {
    state.backend = (state.backendFactory ?? createDefaultBackend)();
  }
  return state.backend;
}

/** Whether operations are being recorded for autograd: false inside {@link noGrad}. */
export function isGradEnabled(): boolean {
  return state.gradEnabled;
}

/**
 * Run `fn` without recording operations for autograd (inference, target computation, metrics).
 * Synchronous code only: for an async `fn`, recording resumes at its first `await`, so wrap the
 * synchronous parts instead.
 */
export function noGrad<T>(fn: () => T): T {
  checkFunction('noGrad', fn);
  const previous = state.gradEnabled;
  state.gradEnabled = false;
  try {
    return fn();
  } finally {
    state.gradEnabled = previous;
  }
}

/** Called by the Tensor constructor: count it and hand it to the innermost scope. */
export function trackTensor(t: Tensor): Set<Tensor> | null {
  state.liveTensors++;
  const scope = state.scopes.at(-1) ?? null;
  scope?.add(t);
  return scope;
}

/** Called by Tensor.dispose: one tensor fewer (it has already left its scope). */
export function untrackTensor(): void {
  state.liveTensors--;
}

/** Live tensors and the current backend's storage: leak tests watch these two numbers. */
export function memory(): MemoryInfo & { tensors: number } {
  return { tensors: state.liveTensors, ...getBackend().memory() };
}

/** Anything a scope may return: tensors found inside it (in arrays and plain objects) survive the scope. */
export type TensorContainer = Tensor | void | undefined | null | number | string | boolean | TensorContainer[] | { [key: string]: TensorContainer };

function collect(value: unknown, into: Set<Tensor>, isTensor: (v: unknown) => v is Tensor): void {
  if (isTensor(value)) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, into, isTensor);
  else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) collect(v, into, isTensor);
}

let tensorCheck: (v: unknown) => v is Tensor = (v): v is Tensor => false;
/** Registered by tensor.ts, so this module need not import the Tensor class (no import cycle). */
export function registerTensorCheck(check: (v: unknown) => v is Tensor): void {
  tensorCheck = check;
}

/** Plain JavaScript may pass a tensor or a number where a function belongs: refused, naming the call. */
function checkFunction(where: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new Error(`gangrad: ${where} needs a function, got ${showValue(fn)}`);
}

function openScope(where: string, fn: unknown): Set<Tensor> {
  checkFunction(where, fn);
  const scope = new Set<Tensor>();
  state.scopes.push(scope);
  return scope;
}

function closeScope(scope: Set<Tensor>, result: unknown): void {
  if (state.scopes.pop() !== scope) throw new Error('gangrad: scopes closed out of order (interleaved async scopes?)');
  const survivors = new Set<Tensor>();
  collect(result, survivors, tensorCheck);
  // Tensors a scope made while another async scope was open on top of it went to that one, which may
  // have freed them already: returning one is an interleaving, reported rather than handed back freed.
  for (const t of survivors) {
    if (t.isDisposed) throw new Error('gangrad: scope returned a tensor freed by an interleaved scope');
  }
  const parent = state.scopes.at(-1) ?? null;
  for (const t of scope) {
    if (survivors.has(t)) t.moveToScope(parent);
    else t.dispose();
  }
}

/**
 * Run `fn` in a scope: every tensor it creates is freed when it returns, except the ones it returns
 * (a tensor, or tensors in arrays and plain objects: a {@link TensorContainer}; a Map or a class
 * instance is no container, so its tensors would be freed) and any passed to {@link keep}.
 *
 * Ownership in one paragraph (JavaScript has no destructors): every tensor belongs to the innermost open
 * scope when it is made. When a scope closes, it frees every tensor it owns except those returned from
 * it (they move to the enclosing scope) and those passed to {@link keep}. Tensors made outside any scope
 * live until `dispose()`. Parameters, optimiser state and parameter gradients are kept; everything a
 * training step makes in between is freed when the step's scope closes.
 */
export function tidy<T extends TensorContainer>(fn: () => T): T {
  const scope = openScope('tidy', fn);
  let result: T | undefined;
  try {
    result = fn();
    if (result instanceof Promise) throw new Error('gangrad: tidy() got an async function; use scope() for async code');
    return result;
  } finally {
    closeScope(scope, result);
  }
}

/**
 * The async form of {@link tidy}: the scope stays open across `await`s. Scopes are a stack, so two
 * async scopes must not interleave (await one before starting the next). An interleaving is reported
 * when scopes close out of order, or when a scope returns a tensor the other scope has freed; one that
 * does neither goes unseen, so do not rely on the check.
 */
export async function scope<T extends TensorContainer>(fn: () => Promise<T>): Promise<T> {
  const s = openScope('scope', fn);
  let result: T | undefined;
  try {
    result = await fn();
    return result;
  } finally {
    closeScope(s, result);
  }
}

/** Take `t` out of scope ownership: it lives until its own `dispose()`. */
export function keep<T extends Tensor>(t: T): T {
  t.moveToScope(null);
  return t;
}
