// Node.js `ws` echo server for wsharness. One file serves every ws version installed side by side
// in package.json (`ws` = 8.x, `ws7` = 7.x through an npm alias), so versions compare like for like,
// and every version `wsharness sweep` installs into its cache (--from that node_modules).
//   node echo.js PACKAGE [--from DIR] --version      prints the version from the package itself
//   node echo.js PACKAGE [--from DIR] --port N       echoes text as text and binary as binary on 127.0.0.1:N
//   node echo.js PACKAGE --port N --tls CERT KEY     the same over TLS (wss://), on Node's https
// --from DIR: load PACKAGE from DIR (a node_modules folder) instead of this folder's node_modules.
'use strict';

const path = require('path');

const args = process.argv.slice(2);
const pkg = args.shift();
let from = null;
let mode = null;
let port = null;
let tls = null;
while (args.length) {
  const flag = args.shift();
  if (flag === '--from' && args.length) from = args.shift();
  else if (flag === '--version') mode = 'version';
  else if (flag === '--port' && args.length) { mode = 'port'; port = Number(args.shift()); }
  else if (flag === '--tls' && args.length >= 2) tls = { cert: args.shift(), key: args.shift() };
  else { mode = null; break; }
}
if (!pkg || !mode) {
  console.error('usage: node echo.js PACKAGE [--from NODE_MODULES] --version | --port N [--tls CERT KEY]');
  process.exit(2);
}
const load = (name) => require(from ? path.join(path.resolve(from), name) : name);
if (mode === 'version') {
  console.log(load(`${pkg}/package.json`).version);
  process.exit(0);
}

const WebSocket = load(pkg);
// Library defaults otherwise (maxPayload 100 MiB, no permessage-deflate in 8.x): what people deploy.
// With --tls the WebSocket server rides on an https server, as production wss:// endpoints do.
let server;
if (tls) {
  const fs = require('fs');
  const https = require('https').createServer({ cert: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key) });
  server = new WebSocket.Server({ server: https });
  https.on('error', (e) => {
    console.error(`ws echo: ${e.message}`);
    process.exit(1);
  });
  https.listen(port, '127.0.0.1');
} else {
  server = new WebSocket.Server({ host: '127.0.0.1', port });
}
server.on('connection', (ws) => {
  // ws 8 passes (Buffer, isBinary); ws 2-7 pass a string for text and a Buffer for binary;
  // ws 1 passes (data, {binary}).
  ws.on('message', (data, second) => {
    let binary;
    if (typeof second === 'boolean') binary = second;
    else if (second && typeof second === 'object') binary = Boolean(second.binary);
    else binary = typeof data !== 'string';
    ws.send(data, { binary });
  });
  ws.on('error', () => {});  // the library closes with its own code; nothing to log
});
server.on('error', (e) => {
  console.error(`ws echo: ${e.message}`);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
