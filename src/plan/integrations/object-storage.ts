import { Secret } from '../../log/secret.js';
import type { IntegrationSpec } from '../../mapping/integrations.js';
import { entryList, firstEntry, jsonList, type BindingData, type BindingResult } from './binding-data.js';

const key = (name: string): string[] => [name, name.replace(/-/g, '_')];

/**
 * S3 (src/paas_charm/s3.py): S3_* from the provider's fields. Nothing yet is "not ready"; some but
 * not all of access key, secret key and bucket is paas-charm's "Invalid s3 relation data.".
 */
export function objectStorageVars(spec: IntegrationSpec, b: BindingData): BindingResult {
  const access = firstEntry(b, [...key('access-key'), 'access-key-id']);
  const secret = firstEntry(b, [...key('secret-key'), 'secret-access-key']);
  const bucket = firstEntry(b, key('bucket'));
  if (access === undefined && secret === undefined) return { kind: 'not-ready', note: 'no access-key and secret-key entries yet' };
  if (access === undefined || secret === undefined || bucket === undefined) return { kind: 'blocked', message: spec.invalidMessage ?? 'Invalid s3 relation data.' };
  const accessKey = new Secret(access);
  const secretKey = new Secret(secret);
  const fields = new Map<string, string | Secret>([['access-key', accessKey], ['secret-key', secretKey], ['bucket', bucket]]);
  const vars: [string, string | Secret][] = [['S3_ACCESS_KEY', accessKey], ['S3_SECRET_KEY', secretKey]];
  const opt = (env: string, k: string): void => {
    const v = firstEntry(b, key(k));
    if (v === undefined) return;
    fields.set(k, v);
    vars.push([env, v]);
  };
  opt('S3_REGION', 'region');
  opt('S3_STORAGE_CLASS', 'storage-class');
  vars.push(['S3_BUCKET', bucket]);
  opt('S3_ENDPOINT', 'endpoint');
  opt('S3_PATH', 'path');
  opt('S3_API_VERSION', 's3-api-version');
  const style = firstEntry(b, key('s3-uri-style'));
  if (style !== undefined) vars.push(['S3_URI_STYLE', style], ['S3_ADDRESSING_STYLE', style === 'host' ? 'virtual' : style]);
  const attributes = entryList(b, 'attributes');
  if (attributes !== undefined && attributes.length > 0) vars.push(['S3_ATTRIBUTES', jsonList(attributes)]);
  // paas-charm tests `attributes` here (a slip); paas-init emits the chain whenever there is one.
  const chain = entryList(b, 'tls-ca-chain') ?? entryList(b, 'tls_ca_chain');
  if (chain !== undefined && chain.length > 0) vars.push(['S3_TLS_CA_CHAIN', jsonList(chain)]);
  return { kind: 'vars', vars, reading: { fields } };
}
