// The execa chunk: loaded only by `exec` and `action`.
export * from 'execa';
