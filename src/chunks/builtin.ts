import { createRequire } from 'node:module';
import { join } from 'node:path';

const req = createRequire(join(process.cwd(), 'package.json'));

/**
 * A Node built-in loaded when first needed rather than at start-up. Not `import()`: inside a
 * single executable, a dynamic import of a built-in fails (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
 */
export function builtin<T>(name: `node:${string}`): T {
  return req(name) as T;
}
