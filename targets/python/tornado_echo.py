"""Tornado (tornado.websocket.WebSocketHandler) echo server for wsharness.

  python tornado_echo.py --version    prints tornado.version
  python tornado_echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N/

Run with targets/python/.venv-latest/bin/python (targets/python/install.sh). Library defaults
otherwise (max_message_size 10 MiB, no permessage-deflate unless get_compression_options() says
so): what people deploy.
"""
import argparse
import asyncio
import logging
import signal

import tornado
import tornado.web
import tornado.websocket


class Echo(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        # str for text, bytes for binary.
        self.write_message(message, binary=isinstance(message, bytes))


async def run(port):
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    app = tornado.web.Application([(r"/", Echo)])
    app.listen(port, address="127.0.0.1")
    await stop.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    if args.version:
        print(tornado.version)
        return
    if args.port is None:
        parser.error("--port is required")
    logging.getLogger("tornado").setLevel(logging.CRITICAL)
    asyncio.run(run(args.port))


if __name__ == "__main__":
    main()
