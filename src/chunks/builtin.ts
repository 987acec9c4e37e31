/**
 * A Node built-in loaded when first needed rather than at start-up. Not `import()`: inside a
 * single executable, a dynamic import of a built-in fails (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
 * process.getBuiltinModule (Node >= 20.16) rather than a createRequire: loading node:module for
 * that cost ~0.8 ms of every start.
 */
export function builtin<T>(name: `node:${string}`): T {
  const mod = process.getBuiltinModule(name);
  if (mod === undefined) throw new Error(`internal error: no built-in module ${name}`);
  return mod as T;
}
