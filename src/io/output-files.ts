/**
 * Several output files of one command, written all or none: each goes to a temporary file beside its
 * target, written in pieces (a large CSV is never one string in memory) and flushed to disk; only when
 * every one is complete are they renamed over their targets. A failure (a full disk, a permission)
 * removes the temporaries and names the file, leaving no output of the run behind. A writer may be
 * async and yield to the event loop between pieces, so that a signal can end the process mid-write:
 * the clean-up registered through `onCleanup` then removes the temporaries, and nothing is published.
 */
import { fileError } from './safetensors.js';
import { nodeModules } from './node.js';
import { removeStaleTemporariesOf } from './stale-temporaries.js';

/** One output: its path and what writes its content, piece by piece, through `append` (sync, or async for a long writer that yields). */
export interface OutputFile {
  path: string;
  write(append: (text: string) => void): void | Promise<void>;
}

/** Options of {@link writeFilesTogether}. */
export interface WriteFilesOptions {
  /** Registers a clean-up to run if the process ends (a signal) before the files are published; returns its remover. The CLI passes its `onCleanup`. */
  onCleanup?: (cleanup: () => void) => () => void;
}

/** Write every file in `files` (see the file comment); returns their paths. */
export async function writeFilesTogether(files: readonly OutputFile[], options: WriteFilesOptions = {}): Promise<string[]> {
  const { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } = nodeModules('writeFilesTogether').fs;
  const encoder = new TextEncoder();
  const temporaries: string[] = [];
  const removeTemporaries = () => {
    for (const temporary of temporaries) {
      try { unlinkSync(temporary); } catch { /* renamed, or never created */ }
    }
  };
  const unregister = options.onCleanup?.(removeTemporaries);
  try {
    for (const file of files) {
      removeStaleTemporariesOf(file.path);
      const temporary = `${file.path}.tmp-${process.pid}`;
      let fd: number;
      try {
        fd = openSync(temporary, 'w');
      } catch (e) {
        throw fileError(file.path, 'write', e);
      }
      temporaries.push(temporary);
      try {
        await file.write((text) => {
          const bytes = encoder.encode(text);
          for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
        });
        fsyncSync(fd);
      } catch (e) {
        throw fileError(file.path, 'write', e);
      } finally {
        closeSync(fd);
      }
    }
    files.forEach((file, i) => {
      try {
        renameSync(temporaries[i], file.path);
      } catch (e) {
        throw fileError(file.path, 'write', e);
      }
    });
    return files.map((f) => f.path);
  } finally {
    removeTemporaries();
    unregister?.();
  }
}
