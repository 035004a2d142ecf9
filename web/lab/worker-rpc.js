// Commands to a Web Worker as async calls, and the worker's side of it. The lab's models live in
// workers (toy-worker.js, market-worker.js) so that training never holds the page's main thread.

/**
 * Start the module worker at `url` (served with the cross-origin isolation headers, see
 * scripts/lab-server.ts). Returns call(command, args, transfer) → Promise of the command's result;
 * messages the worker sends on its own (progress, frames) go to `onEvent`.
 */
export function connect(url, onEvent) {
  const worker = new Worker(url, { type: 'module' });
  const pending = new Map();
  let nextId = 1;
  worker.onmessage = ({ data }) => {
    if (data.type !== 'result') return onEvent(data);
    const p = pending.get(data.id);
    pending.delete(data.id);
    if (data.error) p.reject(new Error(data.error)); else p.resolve(data.result);
  };
  worker.onerror = (event) => {
    for (const p of pending.values()) p.reject(new Error(`${url}: ${event.message ?? 'the worker failed to start'}`));
    pending.clear();
  };
  return (command, args = {}, transfer = []) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, command, args }, transfer);
  });
}

/**
 * The worker's side: run `commands[name](args)` one at a time in arrival order and post each result
 * (transferring `result.bytes`). Commands named in `immediate` (pause, stop) run at once, so they
 * reach a long command in progress.
 */
export function serve(commands, immediate = []) {
  let queue = Promise.resolve();
  onmessage = ({ data: { id, command, args } }) => {
    const run = async () => {
      try {
        if (!commands[command]) throw new Error(`unknown command '${command}'`);
        const result = await commands[command](args ?? {});
        postMessage({ type: 'result', id, result }, result?.bytes ? [result.bytes.buffer] : []);
      } catch (e) {
        postMessage({ type: 'result', id, error: e.message });
      }
    };
    if (immediate.includes(command)) void run();
    else queue = queue.then(run);
  };
}
