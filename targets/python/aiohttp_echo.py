"""aiohttp (aiohttp.web WebSocketResponse) echo server for wsharness.

  python aiohttp_echo.py --version    prints aiohttp.__version__
  python aiohttp_echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N/

Run with targets/python/.venv-latest/bin/python (targets/python/install.sh). Library defaults
otherwise (WebSocketResponse(): max_msg_size 4 MiB, permessage-deflate accepted): what people deploy.
"""
import aiohttp
from aiohttp import web

import echo_cli


async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == aiohttp.WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == aiohttp.WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws


def serve(port):
    app = web.Application()
    app.router.add_get("/", echo)
    # run_app turns SIGTERM into a clean shutdown.
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    echo_cli.run(lambda: aiohttp.__version__, serve, "aiohttp")
