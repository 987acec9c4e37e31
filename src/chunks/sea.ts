import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The part of node:sea paas-init uses. */
export interface SeaApi {
  isSea(): boolean;
  getRawAsset(key: string): ArrayBuffer;
  getAsset(key: string, encoding: string): string;
}

/** node:sea when running as the single binary (Node >= 20.12), else undefined. */
export function seaApi(): SeaApi | undefined {
  try {
    const req = createRequire(join(process.cwd(), 'package.json'));
    const sea = req('node:sea') as SeaApi;
    return sea.isSea() ? sea : undefined;
  } catch {
    return undefined;
  }
}
