// Node.js `ws` echo server for wsharness. One file serves every ws version installed side by side
// in package.json (`ws` = 8.x, `ws7` = 7.x through an npm alias), so versions compare like for like.
//   node echo.js PACKAGE --version      prints the version from the package itself
//   node echo.js PACKAGE --port N       echoes text as text and binary as binary on 127.0.0.1:N
//   node echo.js PACKAGE --port N --tls CERT KEY   the same over TLS (wss://), on Node's https
'use strict';

const [pkg, flag, value, tlsFlag, certFile, keyFile] = process.argv.slice(2);
if (!pkg || !['--version', '--port'].includes(flag) || (tlsFlag !== undefined && (tlsFlag !== '--tls' || !keyFile))) {
  console.error('usage: node echo.js PACKAGE --version | --port N [--tls CERT KEY]');
  process.exit(2);
}
if (flag === '--version') {
  console.log(require(`${pkg}/package.json`).version);
  process.exit(0);
}

const WebSocket = require(pkg);
// Library defaults otherwise (maxPayload 100 MiB, no permessage-deflate in 8.x): what people deploy.
// With --tls the WebSocket server rides on an https server, as production wss:// endpoints do.
let server;
if (tlsFlag) {
  const fs = require('fs');
  const https = require('https').createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) });
  server = new WebSocket.Server({ server: https });
  https.on('error', (e) => {
    console.error(`ws echo: ${e.message}`);
    process.exit(1);
  });
  https.listen(Number(value), '127.0.0.1');
} else {
  server = new WebSocket.Server({ host: '127.0.0.1', port: Number(value) });
}
server.on('connection', (ws) => {
  // ws 8 passes (Buffer, isBinary); ws 7 passes a string for text and a Buffer for binary.
  ws.on('message', (data, isBinary) => {
    const binary = isBinary === undefined ? typeof data !== 'string' : isBinary;
    ws.send(data, { binary });
  });
  ws.on('error', () => {});  // the library closes with its own code; nothing to log
});
server.on('error', (e) => {
  console.error(`ws echo: ${e.message}`);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
