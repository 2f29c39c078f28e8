"""uvicorn with its wsproto WebSocket backend (`--ws wsproto`), serving a minimal ASGI echo app,
for wsharness.

  python uvicorn_echo.py --version    prints "UVICORN+wsprotoWSPROTO" (both read from the packages)
  python uvicorn_echo.py --port N     echoes text as text and binary as binary on 127.0.0.1:N/

Run with targets/python/.venv-latest/bin/python (targets/python/install.sh). uvicorn's defaults
otherwise (ws_max_size 16 MiB, permessage-deflate on): what people deploy with --ws wsproto.
"""
import importlib.metadata

import echo_cli


async def app(scope, receive, send):
    if scope["type"] != "websocket":  # lifespan is off; plain HTTP gets a 404
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    while True:
        event = await receive()
        if event["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
        elif event["type"] == "websocket.receive":
            # "text" for a text message, "bytes" for a binary one.
            if event.get("text") is not None:
                await send({"type": "websocket.send", "text": event["text"]})
            else:
                await send({"type": "websocket.send", "bytes": event["bytes"]})
        elif event["type"] == "websocket.disconnect":
            return


def version():
    v = importlib.metadata.version
    return f"{v('uvicorn')}+wsproto{v('wsproto')}"


def serve(port):
    import uvicorn  # uvicorn.run handles SIGTERM (graceful shutdown)

    uvicorn.run(app, host="127.0.0.1", port=port, ws="wsproto", lifespan="off", log_level="critical",
                access_log=False)


if __name__ == "__main__":
    echo_cli.run(version, serve, "uvicorn")
