import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT, interruptOnSignals, REPEATED_SIGNAL_MS, STOP_CALIBRATION } from '../src/cli/signals.js';

describe('interruptOnSignals', () => {
  afterEach(() => vi.restoreAllMocks());

  it('stops gracefully on the first signal, takes its repeat within a second as the same keypress, exits on a later one', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let clock = 5_000;
    const { state, off, handle } = interruptOnSignals({ now: () => clock });
    try {
      expect(handle('SIGINT')).toBe(true);
      expect(state.stop.signal.aborted).toBe(true);
      expect(state.code).toBe(EXIT.SIGINT);
      // The terminal's SIGINT and the one a relaying parent sends arrive milliseconds apart.
      clock += 3;
      expect(handle('SIGINT')).toBe(true);
      clock += REPEATED_SIGNAL_MS - 10;
      expect(handle('SIGINT')).toBe(true);
      // A deliberate second Ctrl-C, later: exit at once.
      clock += 20;
      expect(handle('SIGINT')).toBe(false);
      expect(state.code).toBe(EXIT.SIGINT);
    } finally {
      off();
    }
  });

  it('says what the first signal does: finish the step by default, or what the command set (stop the calibration)', () => {
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const first = interruptOnSignals({ now: () => 0 });
    first.handle('SIGINT');
    first.off();
    const second = interruptOnSignals({ now: () => 0 });
    second.state.stopping = STOP_CALIBRATION;
    second.handle('SIGTERM');
    second.off();
    expect(said.mock.calls.map((c) => c[0])).toEqual([
      '\nSIGINT: finishing this step and writing a checkpoint (Ctrl-C again, a second later, to abort)\n',
      '\nSIGTERM: stopping the calibration; the trained run stays in its checkpoint, which --resume calibrates (the signal again, a second later, to abort)\n',
    ]);
  });

  it('records SIGTERM as 143', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { state, off, handle } = interruptOnSignals({ now: () => 0 });
    expect(handle('SIGTERM')).toBe(true);
    expect(state.code).toBe(EXIT.SIGTERM);
    off();
  });
});
