/**
 * The backend interface: the one contract between gangrad's tensors and the machines that compute them.
 *
 * A backend owns storage (opaque {@link DataHandle}s), moves data across its edge (`write`, `read`),
 * and implements every named kernel in {@link Kernels}. Kernels never allocate their outputs: the tensor
 * layer allocates, the kernel fills. That keeps every backend's kernels free of ownership logic and lets
 * an asynchronous backend (WebGPU) enqueue work without waiting.
 *
 * Layout conventions shared by every backend:
 * - tensors are dense, row-major, float32 (the CPU reference may also run in float64 for gradient checks);
 * - a matrix argument `[rows, cols]` is stored as `rows * cols` consecutive elements;
 * - matmul flags say how an operand is *stored*, never that a transposed copy exists.
 */

/** A backend's handle to a block of `length` floats. What else it holds is the backend's business. */
export interface DataHandle {
  /** Number of elements (floats, not bytes) the block holds; equals the tensor's size. */
  readonly length: number;
}

/** Host-side array types a backend may hand back from `read`. */
export type FloatArray = Float32Array | Float64Array;

/** Parameters of one fused Adam update; `step` counts from 1. */
export interface AdamParams {
  /** Learning rate: the step size of each update. */
  lr: number;
  /** Decay rate of the first moment (running mean of the gradient), e.g. 0.9. */
  beta1: number;
  /** Decay rate of the second moment (running mean of the squared gradient), e.g. 0.999. */
  beta2: number;
  /** Added to the root of the second moment so the update never divides by zero, e.g. 1e-8. */
  eps: number;
  /** Decoupled weight decay (AdamW); 0 disables it. */
  weightDecay: number;
  /** Number of this update, counting from 1: the bias corrections 1 − β^step need it. */
  step: number;
}

type H = DataHandle;

/**
 * Every kernel a backend must implement. Each writes into `out` (already allocated with the right
 * length) and reads its inputs; none resizes or frees anything.
 */
export interface Kernels {
  /** out[m,n] = op(a) · op(b); op(a) is [m,k] (stored [k,m] when transposeA), op(b) is [k,n] (stored [n,k] when transposeB). */
  matmul(a: H, b: H, out: H, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void;
  /**
   * out[r,:] = Σ_j x[r,j]·w[j,:] over the nonzero x[r,j] only (x [rows, k], w [k, n]): x·w for one-hot
   * rows (a table's condition) as a gather of the weight rows each row selects, not a dense product.
   */
  oneHotMatmul(x: H, w: H, out: H, rows: number, k: number, n: number): void;
  /** dw[j,:] = Σ_r x[r,j]·dy[r,:] over the nonzero x[r,j], summed in row order per weight row (no atomics). */
  oneHotMatmulGrad(x: H, dy: H, dw: H, rows: number, k: number, n: number): void;
  /** out = a + b, elementwise over `size`. */
  add(a: H, b: H, out: H, size: number): void;
  /** out = a − b. */
  sub(a: H, b: H, out: H, size: number): void;
  /** out = a ⊙ b. */
  mul(a: H, b: H, out: H, size: number): void;
  /** out = a · factor. */
  scale(a: H, out: H, size: number, factor: number): void;
  /** out[r,c] = a[r,c] + bias[c]: the dense layer's bias, broadcast over rows. */
  addRowBroadcast(a: H, bias: H, out: H, rows: number, cols: number): void;
  /** out[r,c] = row[c] for every r: the reverse of a sum over axis 0 (also scalar → vector with cols = 1). */
  tileRows(row: H, out: H, rows: number, cols: number): void;
  /** out = x > 0 ? x : alpha·x (alpha = 0 gives ReLU). */
  leakyRelu(x: H, out: H, size: number, alpha: number): void;
  /** out = dy · (x > 0 ? 1 : alpha). */
  leakyReluGrad(x: H, dy: H, out: H, size: number, alpha: number): void;
  /** out = 1 / (1 + e^−x), computed without overflow for large |x|. */
  sigmoid(x: H, out: H, size: number): void;
  /** out = dy · y(1 − y), where y = sigmoid(x) is the forward output. */
  sigmoidGrad(y: H, dy: H, out: H, size: number): void;
  /** out = tanh(x). */
  tanh(x: H, out: H, size: number): void;
  /** out = dy · (1 − y²), where y = tanh(x) is the forward output. */
  tanhGrad(y: H, dy: H, out: H, size: number): void;
  /** out = e^x (its gradient dy · e^x reuses `mul` with the forward output). */
  exp(x: H, out: H, size: number): void;
  /** out = max(x,0) − x·z + log(1 + e^−|x|): binary cross-entropy of logits x against labels z, stable at any |x|. */
  sigmoidCrossEntropyWithLogits(logits: H, labels: H, out: H, size: number): void;
  /** out = dy · (sigmoid(x) − z). */
  sigmoidCrossEntropyWithLogitsGrad(logits: H, labels: H, dy: H, out: H, size: number): void;
  /** out[0] = Σ x. */
  sumAll(x: H, out: H, size: number): void;
  /** out[c] = Σ_r x[r,c]: column sums, the bias gradient. */
  sumAxis0(x: H, out: H, rows: number, cols: number): void;
  /** out[r] = [a[r,:], b[r,:]]: concatenation along columns. */
  concatColumns(a: H, b: H, out: H, rows: number, colsA: number, colsB: number): void;
  /** out[r,:] = x[r, start:start+width]: the gradient of a column concatenation, one side at a time. */
  sliceColumns(x: H, out: H, rows: number, cols: number, start: number, width: number): void;
  /** dst[dstOffset + i] = src[srcOffset + i] for i < size (row slices and their gradients). */
  copy(src: H, srcOffset: number, dst: H, dstOffset: number, size: number): void;
  /** out[i] = value for i < size. */
  fill(out: H, size: number, value: number): void;
  /**
   * out[i] = mean + std · N(0,1), where the normal deviate of element i is a pure function of
   * (seed, offset + i): counter-based, so any backend can make the same stream without a shared state.
   */
  randomNormal(out: H, size: number, seed: number, offset: number, mean: number, std: number): void;
  /** In place: the fused Adam update of `param` with its moments `m` and `v`. */
  adam(param: H, grad: H, m: H, v: H, size: number, p: AdamParams): void;
  /** In place: velocity = momentum·velocity + grad; param −= lr·velocity. */
  sgdMomentum(param: H, grad: H, velocity: H, size: number, lr: number, momentum: number): void;
  // --- fused dense-layer kernels (issue 16): what a layer does around its matmul, in one pass ---
  /** out[r,c] = leakyRelu(a[r,c] + bias[c]) with slope `alpha` ≥ 0 below zero; a + bias is rounded to the storage type first, as the unfused add would. */
  biasLeakyRelu(a: H, bias: H, out: H, rows: number, cols: number, alpha: number): void;
  /**
   * The gradient of {@link Kernels.biasLeakyRelu} from its output y: dz = dy · (y > 0 ? 1 : alpha) and
   * dbias[c] = Σ_r dz[r,c], summed in row order. Reading y instead of the pre-activation is exact for alpha ≥ 0.
   */
  biasLeakyReluGrad(y: H, dy: H, dz: H, dbias: H, rows: number, cols: number, alpha: number): void;
  /** out[r,:] = e^x[r,:] / Σ_c e^x[r,c]: softmax of each row of [rows, cols], stable for any logits. */
  softmax(x: H, out: H, rows: number, cols: number): void;
  /** out[r,c] = y[r,c] · (dy[r,c] − Σ_j dy[r,j]·y[r,j]), where y = softmax(x) is the forward output. */
  softmaxGrad(y: H, dy: H, out: H, rows: number, cols: number): void;
  /** out[r] = −Σ_c z[r,c] · log softmax(x[r,:])_c: cross-entropy of each row's logits against its label row. */
  softmaxCrossEntropyWithLogits(logits: H, labels: H, out: H, rows: number, cols: number): void;
  /** out[r,c] = dy[r] · (softmax(x[r,:])_c · Σ_j z[r,j] − z[r,c]): the logits' gradient (dy is [rows]). */
  softmaxCrossEntropyWithLogitsGrad(logits: H, labels: H, dy: H, out: H, rows: number, cols: number): void;
  // --- softmax within column spans (issue #25): a table's categorical heads side by side in one row ---
  // `spans` holds spanCount + 1 ascending column boundaries 0 = b₀ < … < b_S = cols, stored as floats;
  // each row's columns [bₛ, bₛ₊₁) are one softmax. Per span, each is the whole-row kernel above.
  /** out[r,c] = e^x[r,c] / Σ_{j in c's span} e^x[r,j]. */
  softmaxSpans(x: H, spans: H, out: H, rows: number, cols: number, spanCount: number): void;
  /** out[r,c] = y[r,c] · (dy[r,c] − Σ_{j in c's span} dy[r,j]·y[r,j]), where y = softmaxSpans(x). */
  softmaxSpansGrad(y: H, dy: H, spans: H, out: H, rows: number, cols: number, spanCount: number): void;
  /** out[r] = Σ_spans −Σ_{c in span} z[r,c] · log softmax(x[r, span])_c. */
  softmaxCrossEntropySpans(logits: H, labels: H, spans: H, out: H, rows: number, cols: number, spanCount: number): void;
  /** out[r,c] = dy[r] · (softmax(x[r, span])_c · Σ_{j in span} z[r,j] − z[r,c]), span = c's span. */
  softmaxCrossEntropySpansGrad(logits: H, labels: H, spans: H, dy: H, out: H, rows: number, cols: number, spanCount: number): void;
  /** out[r,:] = x[r,:] / √(mean_c x[r,c]² + eps): each row of [rows, cols] scaled to unit root mean square. */
  rmsNormalize(x: H, out: H, rows: number, cols: number, eps: number): void;
  /** out[r,c] = (dy[r,c] − y[r,c] · mean_j dy[r,j]·y[r,j]) / √(mean_j x[r,j]² + eps), with y = rmsNormalize(x) recomputed from x. */
  rmsNormalizeGrad(x: H, dy: H, out: H, rows: number, cols: number, eps: number): void;
}

/**
 * The name of every kernel, for registry checks and for dispatch tables that key on names. Kept by hand:
 * `satisfies` checks that each entry is a kernel, and `kernelNamesComplete` below that each kernel is
 * here (one left out would escape the parity suite's coverage check and `missingKernels`).
 */
export const KERNEL_NAMES = [
  'matmul', 'oneHotMatmul', 'oneHotMatmulGrad', 'add', 'sub', 'mul', 'scale', 'addRowBroadcast', 'tileRows',
  'leakyRelu', 'leakyReluGrad', 'sigmoid', 'sigmoidGrad', 'tanh', 'tanhGrad', 'exp',
  'sigmoidCrossEntropyWithLogits', 'sigmoidCrossEntropyWithLogitsGrad',
  'sumAll', 'sumAxis0', 'concatColumns', 'sliceColumns', 'copy', 'fill', 'randomNormal',
  'adam', 'sgdMomentum',
  'biasLeakyRelu', 'biasLeakyReluGrad',
  'softmax', 'softmaxGrad', 'softmaxCrossEntropyWithLogits', 'softmaxCrossEntropyWithLogitsGrad',
  'rmsNormalize', 'rmsNormalizeGrad',
  'softmaxSpans', 'softmaxSpansGrad', 'softmaxCrossEntropySpans', 'softmaxCrossEntropySpansGrad',
] as const satisfies readonly (keyof Kernels)[];

/** The name of a kernel: one of {@link KERNEL_NAMES}, a key of {@link Kernels}. */
export type KernelName = (typeof KERNEL_NAMES)[number];

// The other direction, checked by the compiler: a kernel of Kernels missing from KERNEL_NAMES makes this
// line fail to compile, naming it ("Type 'true' is not assignable to type '"softplus"'").
type UnnamedKernel = Exclude<keyof Kernels, KernelName>;
const kernelNamesComplete: [UnnamedKernel] extends [never] ? true : UnnamedKernel = true;

/** Live storage a backend holds: what leak tests and benchmarks watch. */
export interface MemoryInfo {
  /** Storage blocks currently allocated (handles not yet freed): a count that grows per step is a leak. */
  buffers: number;
  /** Bytes those blocks occupy. */
  bytes: number;
}

/** A place where tensors live and kernels run. */
export interface Backend {
  /** Short name: `cpu`, `wasm`, `gpujs`, `webgpu`. */
  readonly name: string;
  /** A human-readable description of what is running (adapter, mode, threads). */
  readonly description: string;
  /** Bytes per element of this backend's storage (4, or 8 for the float64 reference). */
  readonly bytesPerElement: 4 | 8;
  /** The backend's implementation of every named kernel; tensor ops call these, never the storage directly. */
  readonly kernels: Kernels;
  /** Storage for `length` floats; its contents are unspecified until written. */
  alloc(length: number): DataHandle;
  /** Copy host data into storage (an upload on device backends). */
  write(handle: DataHandle, data: ArrayLike<number>): void;
  /** Copy storage to the host: the only place data crosses back. */
  read(handle: DataHandle): Promise<FloatArray>;
  /** Give storage back; the handle must not be used again. */
  free(handle: DataHandle): void;
  /** What storage is live right now; a leak test compares it before and after a run. */
  memory(): MemoryInfo;
  /** Submit queued work (device backends batch dispatches until a read or an explicit flush). */
  flush(): void;
  /**
   * Release everything the backend holds (device, workers). A destroyed backend is not to be used
   * again; `wasm` (its memory is its own) goes on, on one thread.
   */
  destroy(): void;
}
