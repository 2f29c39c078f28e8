"""Python `websockets` (asyncio) echo server for wsharness.

  python3 echo.py --version    prints websockets.version.version
  python3 echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N

Run with Debian's /usr/bin/python3, where python3-websockets is installed, or with the python of
a venv where `wsharness sweep` installed another version (8.0 and newer). Library defaults
otherwise (max_size 1 MiB, permessage-deflate offered): what people deploy. `websockets.serve`
is the library's default server of each version (the new asyncio implementation from 14.0).
"""
import argparse
import asyncio
import logging
import signal

import websockets
import websockets.version


async def echo(ws, path=None):  # websockets < 10.1 passes the request path too
    # str arrives for text, bytes for binary; send() keeps the type.
    async for message in ws:
        await ws.send(message)


async def serve(port):
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with websockets.serve(echo, "127.0.0.1", port):
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
    asyncio.run(serve(args.port))


if __name__ == "__main__":
    main()
