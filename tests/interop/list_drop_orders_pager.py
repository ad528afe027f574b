#!/usr/bin/python3
"""Pages through ListDropOrders with grpcio (an independent gRPC implementation) and prints JSON.

Usage: /usr/bin/python3 list_drop_orders_pager.py PORT ADMIN_TOKEN DROP_ID MIN_PAGES THREADS DEADLINE_S PAGE_SIZES
  PAGE_SIZES: comma-separated page sizes; walk number w of a thread uses PAGE_SIZES[w % len].

THREADS threads, each on a channel (HTTP/2 connection) of its own, walk the drop from the first
page to the last, whole walks only, until MIN_PAGES pages were answered in all. Even threads turn
grpcio's BDP probe off, so their connection keeps the default 64 KB stream window (like grpc-js);
odd threads keep grpcio's defaults. Uses the generic unary API with hand-encoded protobuf (no
protoc). For each walk it records the SHA-256 of the order ids joined by '\n' and their count;
every page's size in bytes and latency feed the maxima; a failed page records its status code.
"""
import hashlib
import json
import sys
import threading
import time

import grpc

from protowire import fields, string_field, varint

METHOD = "/flashsale.v1.Admin/ListDropOrders"


def _optional_string(number, text):
    """A string field, left out when empty (proto3's default)."""
    return string_field(number, text) if text else b""


def encode_request(drop_id, page_size, page_token):
    """ListDropOrdersRequest{drop_id=1, page_size=2, page_token=3}."""
    size = (varint(2 << 3 | 0) + varint(page_size)) if page_size else b""
    return _optional_string(1, drop_id) + size + _optional_string(3, page_token)


def decode_reply(data):
    """ListDropOrdersReply{orders=1 (Order{order_id=1, ...}), next_page_token=2} -> (ids, token)."""
    view = memoryview(data)
    ids, token = [], ""
    for number, wire, value in fields(view):
        if number == 1 and wire == 2:
            order_id = ""
            for inner, inner_wire, inner_value in fields(value):
                if inner == 1 and inner_wire == 2:
                    order_id = bytes(inner_value).decode("utf-8")
                    break
            ids.append(order_id)
        elif number == 2 and wire == 2:
            token = bytes(value).decode("utf-8")
    return ids, token


def main():
    port, token, drop_id = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    min_pages, threads, deadline = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
    page_sizes = [int(s) for s in sys.argv[7].split(",")]
    metadata = (("authorization", "Bearer " + token),)
    lock = threading.Lock()
    state = {"pages": 0, "max_bytes": 0, "max_latency_ms": 0.0, "walks": [], "failures": []}

    def claim():
        with lock:
            return state["pages"] < min_pages

    def run(index):
        options = [("grpc.http2.bdp_probe", 0)] if index % 2 == 0 else []
        channel = grpc.insecure_channel("127.0.0.1:%d" % port, options=options)
        # Raw bytes back: sizes are measured before decoding.
        call = channel.unary_unary(METHOD, request_serializer=None, response_deserializer=None)
        walk = 0
        try:
            while claim():
                page_size = page_sizes[walk % len(page_sizes)]
                walk += 1
                digest, count, page_token, pages = hashlib.sha256(), 0, "", 0
                while True:
                    started = time.monotonic()
                    try:
                        raw = call(encode_request(drop_id, page_size, page_token), timeout=deadline, metadata=metadata)
                    except grpc.RpcError as error:
                        with lock:
                            state["failures"].append({
                                "thread": index, "page_size": page_size, "page": pages, "token": page_token,
                                "code": error.code().name, "details": error.details(),
                                "after_ms": round((time.monotonic() - started) * 1000, 1)})
                        return
                    latency = (time.monotonic() - started) * 1000
                    ids, page_token = decode_reply(raw)
                    for order_id in ids:
                        if count:
                            digest.update(b"\n")
                        digest.update(order_id.encode("utf-8"))
                        count += 1
                    pages += 1
                    with lock:
                        state["pages"] += 1
                        state["max_bytes"] = max(state["max_bytes"], len(raw))
                        state["max_latency_ms"] = max(state["max_latency_ms"], latency)
                    if not page_token:
                        break
                with lock:
                    state["walks"].append({"page_size": page_size, "pages": pages, "count": count, "sha256": digest.hexdigest()})
        finally:
            channel.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    state["max_latency_ms"] = round(state["max_latency_ms"], 1)
    print(json.dumps(state))


if __name__ == "__main__":
    main()
