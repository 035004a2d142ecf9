/**
 * Turns kernel calls into GPU work with as little per-call cost as possible:
 * - pipelines: compiled once per (shader family, entry point), with an explicit layout;
 * - uniforms: each dispatch's parameters take a 256-byte slot of one CPU-side arena, uploaded with a
 *   single writeBuffer when the batch is submitted and addressed by dynamic offset (no GPU allocation
 *   per dispatch);
 * - bind groups: cached by pipeline and buffers, which repeat every training step thanks to the pool;
 * - batching: every dispatch goes into one open compute pass of one command encoder; the batch is
 *   submitted only when data must cross to the host (a read), when the arena is full, or on flush().
 */
import { SHADER_SOURCES } from './shaders.generated.js';

/** How a kernel's bindings 1..N are used: read-only storage, or read-write storage. */
export type Access = 'read' | 'write';

/**
 * A kernel as the dispatcher runs it: its shader family (a .wgsl file), entry point and bindings'
 * access.
 */
export interface KernelSpec {
  /** The shader file the kernel's entry point is in (a .wgsl name without extension). */
  family: string;
  /** The entry point (`@compute fn`) in that file. */
  entry: string;
  /** Per binding, in order: whether the kernel only reads it or writes it (its bind-group layout). */
  access: Access[];
}

const SLOT = 256;
const SLOTS = 4096;
const MAX_BIND_GROUPS = 8192;

interface CompiledKernel {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  id: number;
}

/** What the dispatcher has done since it was made: the tests count submits and reads per training step. */
export interface DispatchCounters {
  /** Compute dispatches encoded (one per kernel call). */
  dispatches: number;
  /** Command buffers submitted to the queue: the batching keeps this to a few per training step. */
  submits: number;
  /** Readbacks to the host (each waits for the GPU): what `metricsEvery` keeps rare. */
  reads: number;
  /** Host-to-GPU writes (queue.writeBuffer). */
  uploads: number;
}

/** The WebGPU command batcher (see the top of this file). */
export class Dispatcher {
  /** What this dispatcher has done so far; tests read it to check the batching. */
  readonly counters: DispatchCounters = { dispatches: 0, submits: 0, reads: 0, uploads: 0 };
  private readonly compiled = new Map<string, CompiledKernel>();
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly arena = new ArrayBuffer(SLOT * SLOTS);
  private readonly arenaView = new DataView(this.arena);
  private readonly uniforms: GPUBuffer;
  private slot = 0;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private error: string | null = null;

  constructor(private readonly device: GPUDevice, private readonly bufferId: (b: GPUBuffer) => number, private readonly onSubmit: () => void) {
    this.uniforms = device.createBuffer({ size: SLOT * SLOTS, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.addEventListener('uncapturederror', (event) => {
      this.error ??= (event as GPUUncapturedErrorEvent).error.message;
    });
    void device.lost.then((info) => {
      this.error ??= `device lost (${info.reason}): ${info.message}`;
    });
  }

  /** Throw if the device reported an error or was lost: never continue with silent wrong numbers. */
  check(): void {
    if (this.error) throw new Error(`gangrad webgpu: ${this.error}`);
  }

  private kernel(spec: KernelSpec): CompiledKernel {
    const key = `${spec.family}:${spec.entry}`;
    let k = this.compiled.get(key);
    if (k) return k;
    let module = this.modules.get(spec.family);
    if (!module) {
      const code = SHADER_SOURCES[spec.family];
      if (!code) throw new Error(`gangrad webgpu: no shader family '${spec.family}' (shaders/${spec.family}.wgsl)`);
      module = this.device.createShaderModule({ label: `shaders/${spec.family}.wgsl`, code });
      this.modules.set(spec.family, module);
    }
    const layout = this.device.createBindGroupLayout({
      label: key,
      entries: [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: 32 } },
        ...spec.access.map((access, i) => ({
          binding: i + 1, visibility: GPUShaderStage.COMPUTE,
          buffer: { type: access === 'read' ? 'read-only-storage' as const : 'storage' as const },
        })),
      ],
    });
    const pipeline = this.device.createComputePipeline({
      label: key,
      layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: spec.entry },
    });
    k = { pipeline, layout, id: this.compiled.size + 1 };
    this.compiled.set(key, k);
    return k;
  }

  /** Compile every kernel up front (pipeline creation is slow on software adapters), reporting shader errors clearly. */
  async compileAll(specs: KernelSpec[]): Promise<void> {
    for (const family of new Set(specs.map((s) => s.family))) {
      this.device.pushErrorScope('validation');
      for (const spec of specs.filter((s) => s.family === family)) this.kernel(spec);
      const error = await this.device.popErrorScope();
      if (error) throw new Error(`gangrad webgpu: shaders/${family}.wgsl failed to compile: ${error.message}`);
    }
  }

  /**
   * Encode one dispatch. `params` fill the uniform slot in order; `types` says for each whether it is
   * a u32 ('u') or an f32 ('f'). `groups` is a workgroup count (folded into two dimensions past 65535)
   * or an explicit [x, y] grid.
   */
  dispatch(spec: KernelSpec, types: string, params: readonly number[], buffers: GPUBuffer[], groups: number | [number, number]): void {
    this.check();
    if (this.slot === SLOTS) this.submit();
    const k = this.kernel(spec);
    const base = this.slot * SLOT;
    for (let i = 0; i < params.length; i++) {
      if (types[i] === 'u') this.arenaView.setUint32(base + 4 * i, params[i] >>> 0, true);
      else this.arenaView.setFloat32(base + 4 * i, params[i], true);
    }
    this.slot++;
    let key = `${k.id}`;
    for (const b of buffers) key += `,${this.bufferId(b)}`;
    let bindGroup = this.bindGroups.get(key);
    if (!bindGroup) {
      if (this.bindGroups.size >= MAX_BIND_GROUPS) this.bindGroups.clear();
      bindGroup = this.device.createBindGroup({
        layout: k.layout,
        entries: [
          { binding: 0, resource: { buffer: this.uniforms, size: SLOT } },
          ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
        ],
      });
      this.bindGroups.set(key, bindGroup);
    }
    this.encoder ??= this.device.createCommandEncoder();
    this.pass ??= this.encoder.beginComputePass();
    this.pass.setPipeline(k.pipeline);
    this.pass.setBindGroup(0, bindGroup, [base]);
    if (typeof groups === 'number') {
      // More than 65535 workgroups fold into a second dimension; shaders rebuild the index from num_workgroups.
      const x = Math.max(1, Math.min(groups, 65535));
      this.pass.dispatchWorkgroups(x, Math.max(1, Math.ceil(groups / x)));
    } else {
      this.pass.dispatchWorkgroups(groups[0], groups[1]);
    }
    this.counters.dispatches++;
  }

  /** The open encoder, with the compute pass closed (for copies). */
  encoderForCopy(): GPUCommandEncoder {
    this.pass?.end();
    this.pass = null;
    this.encoder ??= this.device.createCommandEncoder();
    return this.encoder;
  }

  /** Submit everything encoded so far, with the uniforms it uses. */
  submit(): void {
    this.check();
    if (!this.encoder) return;
    this.pass?.end();
    this.pass = null;
    if (this.slot > 0) this.device.queue.writeBuffer(this.uniforms, 0, this.arena, 0, this.slot * SLOT);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.slot = 0;
    this.counters.submits++;
    this.onSubmit();
  }

  /** Free the uniform buffer and forget cached bind groups; the dispatcher cannot be used afterwards. */
  destroy(): void {
    this.uniforms.destroy();
    this.bindGroups.clear();
  }
}
