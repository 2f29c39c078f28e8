"""Python `websockets` (asyncio) echo server for wsharness.

  python3 echo.py --version    prints websockets.version.version
  python3 echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N

Run with Debian's /usr/bin/python3, where python3-websockets (10.4) is installed, or with
targets/python/.venv-websockets10/bin/python (websockets 10.0, targets/python/install.sh). Library defaults
otherwise (max_size 1 MiB, permessage-deflate offered): what people deploy.
"""
import asyncio

import websockets
import websockets.server
import websockets.version

import echo_cli


async def echo(ws, path=None):
    # str arrives for text, bytes for binary; send() keeps the type. websockets 10.0 calls the
    # handler with (ws, path); 10.1 and later call it with ws alone when it accepts that.
    async for message in ws:
        await ws.send(message)


async def serve(port):
    async with websockets.server.serve(echo, "127.0.0.1", port):
        await echo_cli.until_sigterm()


if __name__ == "__main__":
    echo_cli.run(lambda: websockets.version.version, lambda port: asyncio.run(serve(port)), "websockets")
