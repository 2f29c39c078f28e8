"""What every Python echo server here shares: the command line the harness runs them with.

  SERVER --version    prints the library version (read from the library at run time)
  SERVER --port N     serves the echo endpoint on 127.0.0.1:N/ until SIGTERM
"""
import argparse
import asyncio
import logging
import signal


def run(version, serve, logger):
    """`version()` returns the version string; `serve(port)` runs the server until it is stopped.
    `logger` is the library's logger: the harness's readiness probe connects and leaves without a
    handshake, which is not worth a log line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    if args.version:
        print(version())
        return
    if args.port is None:
        parser.error("--port is required")
    logging.getLogger(logger).setLevel(logging.CRITICAL)
    serve(args.port)


async def until_sigterm():
    """Returns once SIGTERM arrives (the harness's stop)."""
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
