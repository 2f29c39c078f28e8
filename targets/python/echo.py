"""Python `websockets` (asyncio) echo server for wsharness.

  python3 echo.py --version    prints websockets.version.version
  python3 echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N

Run with Debian's /usr/bin/python3, where python3-websockets (10.4) is installed, or with
targets/python/.venv-websockets10/bin/python (websockets 10.0, targets/python/install.sh). Library defaults
otherwise (max_size 1 MiB, permessage-deflate offered): what people deploy.
"""
import argparse
import asyncio
import logging
import signal

import websockets
import websockets.server
import websockets.version


async def echo(ws, path=None):
    # str arrives for text, bytes for binary; send() keeps the type. websockets 10.0 calls the
    # handler with (ws, path); 10.1 and later call it with ws alone when it accepts that.
    async for message in ws:
        await ws.send(message)


async def serve(port):
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with websockets.server.serve(echo, "127.0.0.1", port):
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
