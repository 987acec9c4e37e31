import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to a file descriptor synchronously. Touching process.stdout on a pipe
 * loads Node's whole net/stream stack; a one-line log or a printed env
 * does not need it. EAGAIN (a non-blocking pipe that is full) is retried.
 */
export function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return; // the reader went away (e.g. `| head`): nothing left to do
      throw e;
    }
  }
}
