export * from './transport.js';
export * from './shell-quote.js';
export * from './become.js';
export * from './atomic-put.js';
export * from './batch-script.js';
export { LocalTransport } from './local-transport.js';
export { ScriptedTransport, type ScriptedRule } from './scripted-transport.js';
