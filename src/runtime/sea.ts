import { builtin } from './builtin.js';

/** The part of node:sea paas-init uses. */
export interface SeaApi {
  isSea(): boolean;
  getRawAsset(key: string): ArrayBuffer;
  getAsset(key: string, encoding: string): string;
}

/** node:sea when running as the single binary (Node >= 20.12), else undefined. */
export function seaApi(): SeaApi | undefined {
  try {
    const sea = builtin<SeaApi>('node:sea');
    return sea.isSea() ? sea : undefined;
  } catch {
    return undefined;
  }
}
