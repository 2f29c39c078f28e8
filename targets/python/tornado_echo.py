"""Tornado (tornado.websocket.WebSocketHandler) echo server for wsharness.

  python tornado_echo.py --version    prints tornado.version
  python tornado_echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N/

Run with targets/python/.venv-latest/bin/python (targets/python/install.sh). Library defaults
otherwise (max_message_size 10 MiB, no permessage-deflate unless get_compression_options() says
so): what people deploy.
"""
import asyncio

import tornado
import tornado.web
import tornado.websocket

import echo_cli


class Echo(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        # str for text, bytes for binary.
        self.write_message(message, binary=isinstance(message, bytes))


async def run(port):
    app = tornado.web.Application([(r"/", Echo)])
    app.listen(port, address="127.0.0.1")
    await echo_cli.until_sigterm()


if __name__ == "__main__":
    echo_cli.run(lambda: tornado.version, lambda port: asyncio.run(run(port)), "tornado")
