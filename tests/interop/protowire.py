"""Protobuf wire format by hand, for the interop scripts (Debian's python3-grpcio comes without
grpcio-tools, so the scripts build and read messages themselves)."""


def varint(value):
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def string_field(number, text):
    """One length-delimited field; an empty string is still written."""
    data = text.encode("utf-8")
    return varint((number << 3) | 2) + varint(len(data)) + data


def _read_varint(data, pos):
    shift = value = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def fields(data):
    """Yields (number, wire_type, value): an int for a varint, a slice of data (bytes or memoryview)
    for the other wire types."""
    pos, end = 0, len(data)
    while pos < end:
        key, pos = _read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _read_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError("unexpected wire type %d" % wire)
        yield number, wire, value


def decode(data):
    """Returns {field_number: [values]}: ints for varints, bytes for the other fields."""
    result = {}
    for number, _, value in fields(data):
        result.setdefault(number, []).append(value)
    return result
