import { createServer } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now, found by binding to port 0 (the kernel picks one) and
 * closing: no fixed ranges that another worktree's tests may be using.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP address for the probe server');
  return address.port;
}
