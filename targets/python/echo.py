"""Python `websockets` (asyncio) echo server for wsharness.

  python3 echo.py --version    prints websockets.version.version
  python3 echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N

Run with Debian's /usr/bin/python3, where python3-websockets (10.4) is installed, with
targets/python/.venv-websockets10/bin/python (websockets 10.0, targets/python/install.sh), or with
the python of a venv where `wsharness sweep` installed another version (8.0 and newer). Library
defaults otherwise (max_size 1 MiB, permessage-deflate offered): what people deploy.
`websockets.serve` is each version's default server: the legacy implementation up to 13.x (the
same object as `websockets.server.serve` there), the new asyncio implementation from 14.0.
"""
import asyncio

import websockets
import websockets.version

import echo_cli


async def echo(ws, path=None):
    # str arrives for text, bytes for binary; send() keeps the type. websockets before 10.1 calls
    # the handler with (ws, path); 10.1 and later call it with ws alone when it accepts that.
    async for message in ws:
        await ws.send(message)


async def serve(port):
    async with websockets.serve(echo, "127.0.0.1", port):
        await echo_cli.until_sigterm()


if __name__ == "__main__":
    echo_cli.run(lambda: websockets.version.version, lambda port: asyncio.run(serve(port)), "websockets")
