// Running the other architecture's binary on this machine: through Debian's qemu-user-static
// and the cross libraries (scripts/setup.sh installs them), called explicitly, so that no binfmt
// registration is needed. The build has the same rule (build/arch.mjs).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The arm64 binary `npm run build` makes. */
export const arm64Binary = resolve('dist/paas-init-linux-arm64');

/** The argv prefix that runs an arm64 binary here (none on an arm64 machine). */
export const arm64Runner: readonly string[] = process.arch === 'arm64' ? [] : ['/usr/bin/qemu-aarch64-static', '-L', '/usr/aarch64-linux-gnu'];

/** Why the arm64 tests cannot run here, or false when they can. */
export const arm64Skip: string | false = process.arch === 'arm64' || (existsSync('/usr/bin/qemu-aarch64-static') && existsSync('/usr/aarch64-linux-gnu/lib/libc.so.6'))
  ? false
  : 'no qemu-aarch64-static or /usr/aarch64-linux-gnu (Debian qemu-user-static, libc6-arm64-cross; scripts/setup.sh installs them)';
