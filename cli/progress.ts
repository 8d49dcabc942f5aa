/**
 * A one-line progress display on stderr for long runs, refreshed about once a
 * second by the engine's reporter calls. Shown only on a terminal and never in
 * --json mode (the caller decides); `done()` clears the line.
 */
import type { Progress, Reporter } from '../checker';

export function createProgressLine(write: (t: string) => void): Reporter & { done(): void } {
  let shown = false;
  return {
    progress(p: Progress) {
      shown = true;
      const line = `  ${p.seconds.toFixed(0)}s  ${p.statesGenerated.toLocaleString('en-US')} generated  ${p.distinctStates.toLocaleString('en-US')} distinct  queue ${p.queue.toLocaleString('en-US')}  depth ${p.depth}  ${Math.round(p.statesPerSecond).toLocaleString('en-US')} states/s  ${Math.round(p.memoryBytes / 2 ** 20).toLocaleString('en-US')} MB`;
      write(`\r${line}\x1b[K`);
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}
