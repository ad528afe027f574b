#!/usr/bin/python3
"""Asks a silo's gRPC server reflection what it serves, with grpcio and hand-encoded reflection
messages (Debian's python3-grpcio has no grpc_reflection module), and prints JSON.

Usage: /usr/bin/python3 grpc_reflection_check.py PORT
Sends list_services and file_containing_symbol=flashsale.v1.Shop on one ServerReflectionInfo
stream (grpc.reflection.v1, falling back to v1alpha), decodes the FileDescriptorProtos with
google.protobuf's descriptor_pb2 and reports the services, files and Shop's methods.
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2

from protowire import decode, string_field


# ServerReflectionRequest: host = 1, file_containing_symbol = 4, list_services = 7.
LIST_SERVICES = string_field(7, "")
SHOP_FILE = string_field(4, "flashsale.v1.Shop")


def ask(channel, version):
    call = channel.stream_stream(
        "/grpc.reflection.%s.ServerReflection/ServerReflectionInfo" % version,
        request_serializer=lambda b: b, response_deserializer=lambda b: b)
    responses = list(call(iter([LIST_SERVICES, SHOP_FILE]), timeout=20))
    result = {"version": version, "services": [], "files": [], "shop_methods": [], "errors": []}
    for raw in responses:
        # ServerReflectionResponse: file_descriptor_response = 4, list_services_response = 6, error_response = 7.
        response = decode(raw)
        for listed in response.get(6, []):
            for service in decode(listed).get(1, []):
                result["services"].append(decode(service)[1][0].decode("utf-8"))
        for files in response.get(4, []):
            for blob in decode(files).get(1, []):
                descriptor = descriptor_pb2.FileDescriptorProto.FromString(blob)
                result["files"].append(descriptor.name)
                for service in descriptor.service:
                    if descriptor.package + "." + service.name == "flashsale.v1.Shop":
                        result["shop_methods"] = [m.name for m in service.method]
        for error in response.get(7, []):
            fields = decode(error)
            result["errors"].append({"code": fields.get(1, [0])[0], "message": fields.get(2, [b""])[0].decode("utf-8")})
    return result


def main():
    port = int(sys.argv[1])
    channel = grpc.insecure_channel("127.0.0.1:%d" % port)
    grpc.channel_ready_future(channel).result(timeout=20)
    try:
        result = ask(channel, "v1")
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.UNIMPLEMENTED:
            raise
        result = ask(channel, "v1alpha")
    channel.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
