export * from './atomic-put.js';
export * from './batch-script.js';
export * from './become.js';
export { LocalTransport } from './local-transport.js';
export { type ScriptedRule, ScriptedTransport } from './scripted-transport.js';
export * from './shell-quote.js';
export { connectSsh, type SshConnectOptions } from './ssh/index.js';
export * from './transport.js';
