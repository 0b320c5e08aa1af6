// Evaluates a built background bundle as a service worker would meet it: no Node globals (Buffer, process),
// only the extension APIs (stubbed). A dependency that needs a Node built-in the bundle lacks throws here,
// at start-up, exactly where it would leave the real worker without listeners.
// Usage: node scripts/check-background-bundle.cjs <path to background.js>
const file = process.argv[2];
const registered = [];
const event = (name) => ({
  addListener: () => registered.push(name),
  removeListener() {},
  hasListener: () => false,
});
const api = new Proxy(() => {}, {
  get: (_target, key) => (key === 'then' ? undefined : api),
  apply: () => undefined,
});
const runtime = {
  id: 'accord',
  getURL: (path) => `chrome-extension://accord/${path}`,
  sendMessage() {},
  onMessage: event('runtime.onMessage'),
  onInstalled: event('runtime.onInstalled'),
  onStartup: event('runtime.onStartup'),
};
globalThis.chrome = globalThis.browser = {
  runtime,
  windows: { onRemoved: event('windows.onRemoved') },
  tabs: { onRemoved: event('tabs.onRemoved') },
  alarms: { onAlarm: event('alarms.onAlarm'), create() {}, get() {}, clear() {} },
  storage: { session: api, local: api, onChanged: event('storage.onChanged') },
};
globalThis.self = globalThis;
globalThis.indexedDB = api;
delete globalThis.Buffer;
delete globalThis.process;
try {
  require(require('node:path').resolve(file));
} catch (error) {
  console.error(
    `${file} throws at start-up: ${error?.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error}`,
  );
  throw error;
}
if (!registered.includes('runtime.onMessage')) {
  console.error(`${file} started but registered no runtime.onMessage listener`);
  require('node:process').exit(1);
}
console.log(`${file}: starts without Node globals; listeners: ${[...new Set(registered)].join(', ')}`);
