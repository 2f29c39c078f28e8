"""aiohttp (aiohttp.web WebSocketResponse) echo server for wsharness.

  python aiohttp_echo.py --version    prints aiohttp.__version__
  python aiohttp_echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N/

Run with targets/python/.venv-latest/bin/python (targets/python/install.sh). Library defaults
otherwise (WebSocketResponse(): max_msg_size 4 MiB, permessage-deflate accepted): what people deploy.
"""
import argparse
import logging

import aiohttp
from aiohttp import web


async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == aiohttp.WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == aiohttp.WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    if args.version:
        print(aiohttp.__version__)
        return
    if args.port is None:
        parser.error("--port is required")
    logging.getLogger("aiohttp").setLevel(logging.CRITICAL)
    app = web.Application()
    app.router.add_get("/", echo)
    # run_app turns SIGTERM into a clean shutdown.
    web.run_app(app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
