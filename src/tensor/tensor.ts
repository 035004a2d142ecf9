import type { Backend, DataHandle, FloatArray } from '../backend/backend.js';
import { showValue } from '../backend/show-value.js';
import { getBackend, registerTensorCheck, trackTensor, untrackTensor } from './engine.js';

/**
 * How a tensor was made, for reverse-mode autograd: its inputs, and the rule that turns the gradient
 * of the output into gradients of the inputs. `needsGrad[i]` says whether input i wants one, so a rule
 * can skip work (a frozen discriminator's weight gradients, for example). `backward` owns what the rule
 * returns (it may return `dy` itself, or null for an input it skips); a scratch tensor the rule makes and
 * does not return it must dispose itself: inside a `tidy` it would live to the scope's end, outside one
 * it leaks.
 */
export interface GradNode {
  /** Name of the op that made the tensor (`matmul`, `add`, …): backward names it when a rule returns a wrong shape. */
  readonly op: string;
  /** The op's input tensors, in argument order; backward walks from the loss through these. */
  readonly inputs: readonly Tensor[];
  /** The rule: from dy (the gradient of the output, shaped like it), one gradient per input shaped like that input, or null where `needsGrad` is false. */
  readonly backward: (dy: Tensor, needsGrad: readonly boolean[]) => readonly (Tensor | null)[];
}

/** The element count of a shape (1 for []); throws on a dimension that is not a non-negative integer. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  // A bare number (zeros(3) in plain JavaScript) is no shape: refused, not a TypeError from the loop.
  for (const d of Array.isArray(shape) ? shape : [NaN]) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`gangrad: invalid shape ${showValue(shape)}`);
    size *= d;
  }
  return size;
}

/** A dense array with a shape (float32; the CPU backend created with `precision: 'float64'` keeps float64, for gradient checks), stored by a backend, optionally recorded for autograd. */
export class Tensor {
  /** Size of each dimension, frozen: [rows, cols] for a matrix, [n] for a vector, [] for a scalar. */
  readonly shape: readonly number[];
  /** Number of elements: the product of `shape` (1 for []); the storage holds exactly this many floats. */
  readonly size: number;
  /** Where the storage lives and the kernels run; every input of an op must share one backend. */
  readonly backend: Backend;
  /** Whether gradients flow to this tensor (parameters, and everything computed from them). */
  requiresGrad = false;
  /** The accumulated gradient of a leaf tensor after `backward()`; owned by this tensor. */
  grad: Tensor | null = null;
  /** How this tensor was computed; null for leaves and for tensors made under `noGrad`. */
  node: GradNode | null = null;
  private storage: DataHandle | null;
  private scope: Set<Tensor> | null;

  /** Low-level: wraps existing storage. Use the creation ops (`zeros`, `tensor`, …) instead. */
  constructor(shape: readonly number[], handle: DataHandle, backend: Backend) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    if (handle.length !== this.size) throw new Error(`gangrad: storage of ${handle.length} floats for shape [${shape.join(', ')}]`);
    this.backend = backend;
    this.storage = handle;
    this.scope = trackTensor(this);
  }

  /** A new tensor with uninitialised storage on `backend` (kernels fill it). */
  static empty(shape: readonly number[], backend: Backend = getBackend()): Tensor {
    return new Tensor(shape, backend.alloc(sizeOf(shape)), backend);
  }

  /**
   * A new tensor shaped like `t`, on its backend, with uninitialised storage: most ops' output. `t` is
   * checked, since it is an op's input, which plain JavaScript may pass as a number or an array.
   */
  static like(t: Tensor): Tensor {
    checkTensor('a tensor op', t);
    return Tensor.empty(t.shape, t.backend);
  }

  /** The backend storage; throws if the tensor was disposed, so use-after-free is an error, not garbage. */
  get handle(): DataHandle {
    if (!this.storage) throw new Error(`gangrad: tensor [${this.shape.join(', ')}] was used after dispose()`);
    return this.storage;
  }

  /** True after `dispose()`: the storage is freed and any use of the tensor throws. */
  get isDisposed(): boolean {
    return this.storage === null;
  }

  /** Number of dimensions: 2 for a matrix, 1 for a vector, 0 for a scalar. */
  get rank(): number {
    return this.shape.length;
  }

  /** Copy the values to the host: the one place data crosses back from a device backend. */
  async data(): Promise<FloatArray> {
    return this.backend.read(this.handle);
  }

  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) throw new Error(`gangrad: item() needs one element, tensor has shape [${this.shape.join(', ')}]`);
    return (await this.data())[0];
  }

  /** Free the storage (and the gradient). Idempotent. */
  dispose(): void {
    if (!this.storage) return;
    this.backend.free(this.storage);
    this.storage = null;
    this.scope?.delete(this);
    this.scope = null;
    this.node = null;
    untrackTensor();
    this.grad?.dispose();
    this.grad = null;
  }

  /** Engine-internal: change which scope owns this tensor (null: nobody, it lives until disposed). */
  moveToScope(scope: Set<Tensor> | null): void {
    this.scope?.delete(this);
    this.scope = scope;
    scope?.add(this);
  }

  /** A short description for logs, e.g. `Tensor[64×8] (requires grad) on wasm`; never reads the values. */
  toString(): string {
    return `Tensor[${this.shape.join('×')}]${this.requiresGrad ? ' (requires grad)' : ''} on ${this.backend.name}`;
  }
}

/**
 * Throw unless `values` is an array of tensors, naming `where` and the first value that is not one: plain
 * JavaScript passes numbers, arrays or a lone tensor, which would otherwise fail deep inside an op.
 */
export function checkTensors(where: string, values: unknown): void {
  if (!Array.isArray(values)) throw new Error(`gangrad: ${where} needs an array of tensors, got ${showValue(values)}`);
  for (const v of values) if (!(v instanceof Tensor)) throw new Error(`gangrad: ${where} needs tensors, got ${showValue(v)}`);
}

/**
 * {@link checkTensors} for one value, making no array unless it throws: every op checks its inputs
 * through this (an array each would be a few hundred allocations a training step).
 */
export function checkTensor(where: string, value: unknown): void {
  if (!(value instanceof Tensor)) checkTensors(where, [value]);
}

registerTensorCheck((v: unknown): v is Tensor => v instanceof Tensor);
