/**
 * GPU buffers reused by size class. Creating a GPUBuffer is a driver call (and zeroing); a training
 * step frees and allocates the same sizes every time, so after the first step every allocation is a
 * pool hit. Classes are powers of two from 256 bytes, so a pooled buffer fits any request of its class.
 *
 * Freed buffers are quarantined until the commands already encoded have been submitted: an upload
 * (queue.writeBuffer) runs before any unsubmitted command, so reusing a buffer that such a command
 * still reads would let the upload overwrite its input.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private quarantine: GPUBuffer[] = [];
  private created = 0;
  private ids = new WeakMap<GPUBuffer, number>();

  constructor(private readonly device: GPUDevice, private readonly usage: GPUBufferUsageFlags) {}

  /** The class a request of `bytes` falls in: the next power of two, at least 256 bytes. */
  static sizeClass(bytes: number): number {
    return Math.max(256, 2 ** Math.ceil(Math.log2(Math.max(1, bytes))));
  }

  /** A buffer of at least `bytes` (its size class): a pooled one if free, else a new one. */
  acquire(bytes: number): GPUBuffer {
    const size = BufferPool.sizeClass(bytes);
    const reuse = this.free.get(size)?.pop();
    if (reuse) return reuse;
    const buffer = this.device.createBuffer({ size, usage: this.usage });
    this.ids.set(buffer, ++this.created);
    return buffer;
  }

  /** Give a buffer back; it becomes reusable after the next `commandsSubmitted()`. */
  release(buffer: GPUBuffer): void {
    this.quarantine.push(buffer);
  }

  /** Called after every submit: quarantined buffers are safe to reuse. */
  commandsSubmitted(): void {
    for (const b of this.quarantine) {
      const list = this.free.get(b.size);
      if (list) list.push(b);
      else this.free.set(b.size, [b]);
    }
    this.quarantine = [];
  }

  /** A stable small id per buffer, for bind-group cache keys. */
  id(buffer: GPUBuffer): number {
    return this.ids.get(buffer) ?? 0;
  }

  /** GPU buffers ever created by this pool (live + pooled). */
  get createdCount(): number {
    return this.created;
  }

  /** Destroy every pooled and quarantined buffer (those handed out are the backend's to destroy). */
  destroy(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    for (const b of this.quarantine) b.destroy();
    this.free.clear();
    this.quarantine = [];
  }
}
