/**
 * What gangrad reads of an abort signal: only `aborted`, polled between steps. Declared here rather than
 * naming the global `AbortSignal`, so that the package's types compile in a project with neither the DOM
 * lib nor @types/node; Node's and the DOM's `AbortSignal` (`new AbortController().signal`) both satisfy it.
 */
export interface AbortSignalLike {
  /** True once the run should stop: it ends after the current step. */
  readonly aborted: boolean;
}
