"""The server turns Nagle's algorithm off on every connection, including on sockets uvicorn binds for --workers."""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket

from fastapi import FastAPI
from uvicorn import Config
from uvicorn.server import ServerState

from tragac.web.server import NoDelayH11Protocol


def test_connections_get_tcp_nodelay_on_a_listener_bound_like_uvicorn_workers() -> None:
    async def scenario() -> tuple[int, int]:
        # uvicorn's multi-process mode binds socket.socket(family) (protocol 0): asyncio leaves Nagle on for those.
        listener = socket.socket(socket.AF_INET)
        listener.bind(("127.0.0.1", 0))
        config = Config(FastAPI(), http=NoDelayH11Protocol, log_level="warning")
        config.load()
        made: list[NoDelayH11Protocol] = []

        def factory() -> NoDelayH11Protocol:
            made.append(NoDelayH11Protocol(config=config, server_state=ServerState(), app_state={}))
            return made[-1]

        server = await asyncio.get_running_loop().create_server(factory, sock=listener)
        try:
            port = listener.getsockname()[1]
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if made and made[0].transport is not None:
                    break
                await asyncio.sleep(0.01)
            accepted = made[0].transport.get_extra_info("socket")
            flag = accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            writer.close()
            return listener.proto, flag
        finally:
            server.close()

    # In its own thread: the browser tests leave an event loop running in the main one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        proto, nodelay = pool.submit(asyncio.run, scenario()).result(timeout=30)
    assert proto == 0  # the case asyncio does not handle by itself
    assert nodelay != 0
