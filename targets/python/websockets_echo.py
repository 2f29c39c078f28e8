"""Python `websockets` echo server on its new asyncio implementation (websockets.asyncio.server,
the default API since 14.0), for wsharness.

  python echo.py --version    prints websockets.version.version
  python echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N

Run with targets/python/.venv-latest/bin/python (targets/python/install.sh). Library defaults
otherwise (max_size 1 MiB, permessage-deflate offered): what people deploy. targets/python/echo.py
is the same server on `websockets.serve`, each version's default API: the legacy one before 14.0,
this one from 14.0 (`wsharness sweep` runs it on every version it installs).
"""
import asyncio

import websockets.version
from websockets.asyncio.server import serve

import echo_cli


async def echo(ws):
    # str arrives for text, bytes for binary; send() keeps the type.
    async for message in ws:
        await ws.send(message)


async def run(port):
    async with serve(echo, "127.0.0.1", port):
        await echo_cli.until_sigterm()


if __name__ == "__main__":
    echo_cli.run(lambda: websockets.version.version, lambda port: asyncio.run(run(port)), "websockets")
