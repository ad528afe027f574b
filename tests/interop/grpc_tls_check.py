#!/usr/bin/python3
"""Calls a FlashSale silo over TLS with grpcio (an independent gRPC implementation) and prints JSON.

Usage: /usr/bin/python3 grpc_tls_check.py PORT CA_PEM_FILE TOKEN DROP_ID USER_ID
CA_PEM_FILE is the silo's self-signed certificate; TOKEN a shopper JWT whose sub is USER_ID.
"""
import json
import sys

import grpc

from protowire import decode, string_field, varint


def run_case(func):
    try:
        result = func()
        result.setdefault("code", "OK")
        return result
    except grpc.RpcError as error:
        return {"code": error.code().name, "details": error.details()}


def grab_request(drop_id, user_id, key):
    return string_field(1, drop_id) + string_field(2, user_id) + varint((3 << 3) | 0) + varint(1) + string_field(4, key)


def first_varint(data, number):
    values = decode(data).get(number, [0])
    return values[-1]


def main():
    port, ca_file, token, drop_id, user_id = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    with open(ca_file, "rb") as handle:
        root = handle.read()
    target = "127.0.0.1:%s" % port
    secure = grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates=root))
    untrusting = grpc.secure_channel(target, grpc.ssl_channel_credentials())
    identity = lambda data: data

    def list_rooms(channel):
        call = channel.unary_unary("/flashsale.v1.Shop/ListRooms", request_serializer=identity, response_deserializer=identity)
        reply = call(b"", timeout=20)
        return {"bytes": len(reply)}

    def grab(metadata, key):
        call = secure.unary_unary("/flashsale.v1.Shop/Grab", request_serializer=identity, response_deserializer=identity)
        reply = call(grab_request(drop_id, user_id, key), timeout=20, metadata=metadata)
        return {"result": first_varint(reply, 1)}

    results = {
        "list_rooms": run_case(lambda: list_rooms(secure)),
        "grab": run_case(lambda: grab((("authorization", "Bearer " + token),), "py-tls-1")),
        "grab_no_token": run_case(lambda: grab((), "py-tls-2")),
        "untrusted": run_case(lambda: list_rooms(untrusting)),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
