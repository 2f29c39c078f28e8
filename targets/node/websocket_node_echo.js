// WebSocket-Node (npm `websocket`) echo server for wsharness: its own RFC 6455 implementation on
// Node's http server, not a wrapper of ws.
//   node websocket_node_echo.js --version    prints the version from the package itself
//   node websocket_node_echo.js --port N     echoes text as text and binary as binary on 127.0.0.1:N/
'use strict';

const [flag, value] = process.argv.slice(2);
if (!['--version', '--port'].includes(flag)) {
  console.error('usage: node websocket_node_echo.js --version | --port N');
  process.exit(2);
}
if (flag === '--version') {
  console.log(require('websocket/package.json').version);
  process.exit(0);
}

const http = require('http');
const WebSocketServer = require('websocket').server;

const httpServer = http.createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
// Library defaults otherwise (maxReceivedFrameSize 64 KiB, maxReceivedMessageSize 1 MiB, no
// permessage-deflate): what people deploy. Its README accepts in the 'request' event.
const server = new WebSocketServer({ httpServer });
server.on('request', (request) => {
  const connection = request.accept(null, request.origin);
  connection.on('message', (message) => {
    if (message.type === 'utf8') connection.sendUTF(message.utf8Data);
    else connection.sendBytes(message.binaryData);
  });
  connection.on('error', () => {});  // the library closes with its own code; nothing to log
});
httpServer.on('error', (e) => {
  console.error(`websocket echo: ${e.message}`);
  process.exit(1);
});
httpServer.listen(Number(value), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
