// Running and stripping a binary of either architecture on this build machine: its own natively,
// the other through Debian's qemu-user-static with the cross libraries (scripts/setup.sh installs
// them). The tests have the same rule in test/helpers/arch.ts.
import { existsSync } from 'node:fs';

/** This machine's architecture as Node names it. */
export const hostArch = process.arch;

const qemu = { arm64: { bin: '/usr/bin/qemu-aarch64-static', sysroot: '/usr/aarch64-linux-gnu' }, x64: { bin: '/usr/bin/qemu-x86_64-static', sysroot: '/usr/x86_64-linux-gnu' } };
const crossStrip = { x64: 'x86_64-linux-gnu-strip', arm64: 'aarch64-linux-gnu-strip' };

/** The argv prefix that runs a binary of `arch` here, or undefined (with why) when nothing can. */
export function runnerFor(arch) {
  if (arch === hostArch) return { argv: [] };
  const q = qemu[arch];
  if (q === undefined || !existsSync(q.bin)) return { why: `no ${q?.bin ?? `emulator for ${arch}`} (Debian's qemu-user-static)` };
  if (!existsSync(q.sysroot)) return { why: `no ${q.sysroot} (Debian's libc6-${arch === 'arm64' ? 'arm64' : 'amd64'}-cross)` };
  return { argv: [q.bin, '-L', q.sysroot] };
}

/** The binutils strip that handles `arch`'s ELF files: the host's own for its arch, the cross one else. */
export function stripFor(arch) {
  return arch === hostArch ? 'strip' : crossStrip[arch];
}
