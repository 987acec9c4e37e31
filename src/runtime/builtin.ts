/**
 * A Node built-in loaded when first needed rather than at start-up. Not `import()`: inside a
 * single executable, a dynamic import of a built-in fails (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
 * process.getBuiltinModule (Node >= 20.16) rather than a createRequire: loading node:module for
 * that slowed every start (bench/env-startup.mjs).
 */
export function builtin<T>(name: `node:${string}`): T {
  return requireBuiltin(name) as T;
}

/**
 * `require` limited to Node's built-ins (with or without `node:`), failing as require does for
 * anything else: all a chunk reaches (load-chunk.ts), since everything else is bundled into it.
 */
export function requireBuiltin(id: string): unknown {
  const mod = process.getBuiltinModule(id);
  if (mod !== undefined) return mod;
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
}
