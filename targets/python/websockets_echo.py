"""Python `websockets` echo server on its new asyncio implementation (websockets.asyncio.server,
the default API since 14.0), for wsharness.

  python echo.py --version    prints websockets.version.version
  python echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N

Run with targets/python/.venv-latest/bin/python (targets/python/install.sh). Library defaults
otherwise (max_size 1 MiB, permessage-deflate offered): what people deploy. targets/python/echo.py
is the same server on the legacy API (websockets.server), for versions before 14.0.
"""
import argparse
import asyncio
import logging
import signal

import websockets.version
from websockets.asyncio.server import serve


async def echo(ws):
    # str arrives for text, bytes for binary; send() keeps the type.
    async for message in ws:
        await ws.send(message)


async def run(port):
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with serve(echo, "127.0.0.1", port):
        await stop


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    if args.version:
        print(websockets.version.version)
        return
    if args.port is None:
        parser.error("--port is required")
    # The harness's readiness probe connects and leaves without a handshake: not worth a log line.
    logging.getLogger("websockets").setLevel(logging.CRITICAL)
    asyncio.run(run(args.port))


if __name__ == "__main__":
    main()
