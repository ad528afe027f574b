#!/usr/bin/python3
"""Calls the FlashSale silo with grpcio (an independent gRPC implementation) and prints JSON.

Usage: /usr/bin/python3 grpc_interop.py PORT
Uses grpc's generic API with hand-encoded protobuf, so neither protoc nor grpcio-tools is needed.
Each case records the status code name grpcio saw, plus what it read.
"""
import json
import sys

import grpc

from protowire import decode, string_field


def encode_string_field_1(text):
    """HealthCheckRequest{service=text} (also the test probe's payload)."""
    return string_field(1, text) if text else b""


def decode_fields(data):
    """Returns {field_number: value} (the last of each), strings for length-delimited fields."""
    return {number: (values[-1].decode("utf-8") if isinstance(values[-1], bytes) else values[-1])
            for number, values in decode(data).items()}


def health_status(data):
    return decode_fields(data).get(1, 0)


def probe_text(data):
    return decode_fields(data).get(1, "")


def run_case(func):
    try:
        result = func()
        result.setdefault("code", "OK")
        return result
    except grpc.RpcError as error:
        return {"code": error.code().name, "details": error.details()}


def main():
    port = int(sys.argv[1])
    channel = grpc.insecure_channel("127.0.0.1:%d" % port)
    grpc.channel_ready_future(channel).result(timeout=20)

    def unary(path, decoder):
        return channel.unary_unary(path, request_serializer=encode_string_field_1, response_deserializer=decoder)

    check = unary("/grpc.health.v1.Health/Check", health_status)
    watch = channel.unary_stream(
        "/grpc.health.v1.Health/Watch", request_serializer=encode_string_field_1, response_deserializer=health_status)

    def watch_first_then_cancel():
        call = watch("", timeout=20)
        first = next(call)
        call.cancel()
        try:
            for _ in call:
                pass
            after = "OK"
        except grpc.RpcError as error:
            after = error.code().name
        return {"first": first, "after_cancel": after}

    def watch_until_deadline():
        received = []
        call = watch("", timeout=0.3)
        for status in call:
            received.append(status)
        return {"received": received}

    results = {
        "check": run_case(lambda: {"status": check("", timeout=20)}),
        "check_unknown": run_case(lambda: {"status": check("no.such.Service", timeout=20)}),
        "watch": run_case(watch_first_then_cancel),
        "watch_deadline": run_case(watch_until_deadline),
        # Slow never answers; 1 s leaves the server time to start the handler (the test then
        # waits for the handler's token to fire) even on a loaded machine.
        "slow_deadline": run_case(lambda: {"text": unary("/test.v1.Probe/Slow", probe_text)("x", timeout=1.0)}),
        "unknown_method": run_case(lambda: {"text": unary("/grpc.health.v1.Health/Nope", probe_text)("", timeout=20)}),
        "unknown_service": run_case(lambda: {"text": unary("/nope.v1.Missing/Call", probe_text)("", timeout=20)}),
        "echo": run_case(lambda: {"text": unary("/test.v1.Probe/Echo", probe_text)("你好 grpcio", timeout=20)}),
        "fail_detail": run_case(lambda: {"text": unary("/test.v1.Probe/Fail", probe_text)("库存 100% sold", timeout=20)}),
        "handler_throws": run_case(lambda: {"text": unary("/test.v1.Probe/Throw", probe_text)("x", timeout=20)}),
    }
    channel.close()
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
