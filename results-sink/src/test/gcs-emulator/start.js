// Starts the Firebase Storage emulator (it serves the GCS JSON API) offline, without the
// Java-based rules runtime: the GCS API of the emulator only uses its admin layer, so rules are
// replaced by no-ops. Usage: node start.js PORT PROJECT_ID (run where node_modules is).
// Prints "READY <port>" when it listens. Reads commands on stdin, so a test can take it away
// and bring it back with its data: "stop" closes the port ("STOPPED"), "start" reopens it
// ("STARTED"). It exits when stdin closes, so it never outlives the JVM that started it.
'use strict';
const path = require('path');
const readline = require('readline');

const port = Number(process.argv[2] || 9199);
const projectId = process.argv[3] || 'demo-codeexec';
const host = '127.0.0.1';
const lib = path.join(__dirname, 'node_modules', 'firebase-tools', 'lib');

const runtime = require(path.join(lib, 'emulator', 'storage', 'rules', 'runtime'));
runtime.StorageRulesRuntime.prototype.start = async function () {};
runtime.StorageRulesRuntime.prototype.stop = async function () {};
const { StorageEmulator } = require(path.join(lib, 'emulator', 'storage'));
StorageEmulator.prototype.createRulesManager = function () {
  return { start: async () => [], stop: async () => {}, getRuleset: () => undefined };
};
const { EmulatorRegistry } = require(path.join(lib, 'emulator', 'registry'));
const utils = require(path.join(lib, 'utils'));

async function listen(emulator) {
  await new Promise((resolve, reject) => {
    const server = emulator.getApp().listen(port, host, resolve);
    server.once('error', reject);
    emulator.destroyServer = utils.createDestroyer(server);
  });
}

async function main() {
  const emulator = new StorageEmulator({ projectId, port, host, auto_download: false });
  await EmulatorRegistry.start(emulator);
  console.log(`READY ${port}`);
  const commands = readline.createInterface({ input: process.stdin });
  for await (const line of commands) {
    const command = line.trim();
    if (command === 'stop') {
      await emulator.destroyServer();
      console.log('STOPPED');
    } else if (command === 'start') {
      await listen(emulator);
      console.log('STARTED');
    }
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
