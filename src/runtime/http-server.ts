import type * as Http from 'node:http';
import { builtin } from './builtin.js';

/**
 * An HTTP server for a request listener. node:http is loaded by the first server rather than with
 * the binary, so that a start that serves no HTTP does not carry it (bench/deferred-loads.mjs).
 */
export function createHttpServer(listener: Http.RequestListener): Http.Server {
  return builtin<typeof Http>('node:http').createServer(listener);
}
