#!/usr/bin/env python3
"""A TCP relay that counts the bytes crossing it, for benchmarks/engines.sh.

    byte-counter.py LISTEN_PORT TARGET_PORT COUNTS_FILE

Listens on 127.0.0.1:LISTEN_PORT and relays every connection to 127.0.0.1:TARGET_PORT (a ClickHouse HTTP port).
After each connection closes it rewrites COUNTS_FILE with the running totals since start, as one line:
"connections <n> to_server <bytes> to_client <bytes> lines_to_client <n>". The bytes are what crosses the socket:
HTTP headers and bodies as sent (the engine asks for no compression, so the body is the TabSeparated text itself).
lines_to_client counts the line ends sent back: the TabSeparated rows of the answers, plus a few lines of HTTP
headers and chunk sizes per response.
"""
import os
import socket
import sys
import threading

listen_port, target_port, counts_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
totals = {"connections": 0, "to_server": 0, "to_client": 0, "lines_to_client": 0}


def write_totals():
    with open(counts_file + ".tmp", "w") as f:
        f.write("connections %(connections)d to_server %(to_server)d to_client %(to_client)d lines_to_client %(lines_to_client)d\n" % totals)
    # Rename so a reader never sees half a line.
    os.replace(counts_file + ".tmp", counts_file)


def pump(source, sink, direction):
    moved = lines = 0
    try:
        while True:
            chunk = source.recv(1 << 16)
            if not chunk:
                break
            sink.sendall(chunk)
            moved += len(chunk)
            if direction == "to_client":
                lines += chunk.count(b"\n")
    except OSError:
        pass
    finally:
        try:
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    with lock:
        totals[direction] += moved
        if direction == "to_client":
            totals["lines_to_client"] += lines


def relay(client):
    server = socket.create_connection(("127.0.0.1", target_port))
    up = threading.Thread(target=pump, args=(client, server, "to_server"))
    down = threading.Thread(target=pump, args=(server, client, "to_client"))
    up.start()
    down.start()
    up.join()
    down.join()
    client.close()
    server.close()
    with lock:
        totals["connections"] += 1
        write_totals()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", listen_port))
listener.listen(64)
with lock:
    write_totals()
while True:
    connection, _ = listener.accept()
    threading.Thread(target=relay, args=(connection,), daemon=True).start()
