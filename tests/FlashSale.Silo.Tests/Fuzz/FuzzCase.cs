using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using CsCheck;
using Google.Protobuf;

namespace FlashSale.Silo.Tests.Fuzz;

/// <summary>One fuzz input: an HTTP/2 request (path, headers, body) or, for <see cref="RawFrames"/>,
/// bytes written straight onto a fresh HTTP/2 connection after the client preface.</summary>
internal sealed record FuzzCase(string Path, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, byte[]? RawFrames = null)
{
    public bool IsStream => Path.EndsWith("/WatchRoom", StringComparison.Ordinal);

    public override string ToString() =>
        RawFrames is { } raw
            ? $"raw HTTP/2 frames {Convert.ToHexString(raw)}"
            : $"POST {Path} content-type '{ContentType}' headers [{string.Join(", ", Headers.Select(h => h.Key + ": " + h.Value))}] body {Convert.ToHexString(Body)}";
}

/// <summary>Generators of fuzz inputs (CsCheck): valid request messages of the shop and admin
/// services mutated at the protobuf level (bit flips, overwrites, inserts, cuts, forged lengths and
/// tags), wrapped in correct or broken gRPC length-prefixed frames, sent to the right, a wrong or an
/// unknown method with good or bad gRPC headers; plus random HTTP/2 frames on a raw connection.</summary>
internal static class FuzzCases
{
    private static readonly string[] ShopMethods = ["Grab", "Pay", "CancelOrder", "ClaimCoupon", "GetRoom", "ListMyOrders", "GetMyWallet", "ListRooms", "WatchRoom"];

    private static readonly string[] AdminMethods = ["BlockUser", "BlockAddress", "ListRejections", "ScheduleDrop", "CreditWallet", "ListDropOrders"];

    /// <summary>Every fuzz input, the gRPC kinds more often than raw connections.</summary>
    public static Gen<FuzzCase> Any(FuzzTarget target) => Gen.Frequency(
        (12, (IGen<FuzzCase>)MutatedMessage(target)),
        (4, BrokenFraming(target)),
        (1, RawHttp2()));

    /// <summary>The valid messages mutations start from, by method.</summary>
    public static IReadOnlyList<(string Path, byte[] Payload)> Seeds(FuzzTarget t) =>
    [
        ("/flashsale.v1.Shop/Grab", new GrabRequest { DropId = t.DropId, UserId = t.UserId, Quantity = 1, IdempotencyKey = "fuzz-grab" }.ToByteArray()),
        ("/flashsale.v1.Shop/Pay", new PayRequest { OrderId = t.DropId + "/1", UserId = t.UserId, CouponId = "pool/1", IdempotencyKey = "fuzz-pay" }.ToByteArray()),
        ("/flashsale.v1.Shop/CancelOrder", new CancelOrderRequest { OrderId = t.DropId + "/1", UserId = t.UserId, IdempotencyKey = "fuzz-cancel" }.ToByteArray()),
        ("/flashsale.v1.Shop/ClaimCoupon", new ClaimCouponRequest { PoolId = "pool", UserId = t.UserId, IdempotencyKey = "fuzz-claim" }.ToByteArray()),
        ("/flashsale.v1.Shop/GetRoom", new GetRoomRequest { RoomId = t.RoomId }.ToByteArray()),
        ("/flashsale.v1.Shop/ListMyOrders", new ListMyOrdersRequest { UserId = t.UserId }.ToByteArray()),
        ("/flashsale.v1.Shop/GetMyWallet", new GetMyWalletRequest { UserId = t.UserId }.ToByteArray()),
        ("/flashsale.v1.Shop/WatchRoom", new WatchRoomRequest { RoomId = t.RoomId, UserId = t.UserId }.ToByteArray()),
        ("/flashsale.v1.Admin/ListRejections", new ListRejectionsRequest { UserId = t.UserId, PageSize = 5, Reason = "USER_BLOCKED" }.ToByteArray()),
        ("/flashsale.v1.Admin/ListDropOrders", new ListDropOrdersRequest { DropId = t.DropId, PageSize = 3 }.ToByteArray()),
        ("/flashsale.v1.Admin/BlockAddress", new BlockAddressRequest { Address = "203.0.113.0/24", Reason = "fuzz" }.ToByteArray()),
    ];

    private static Gen<FuzzCase> MutatedMessage(FuzzTarget target)
    {
        var seeds = Seeds(target);
        var payload = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 9], Gen.Int[0, 4096], Gen.Byte.Array[1, 24], (seed, op, at, junk) => (seed, Mutate(seeds[seed].Payload, op, at, junk)));
        return Gen.Select(payload, PathFor(seeds), Headers(target), (p, path, headers) =>
            new FuzzCase(path(seeds[p.seed].Path), "application/grpc", headers, RawGrpcCaller.Frame(p.Item2)));
    }

    private static Gen<FuzzCase> BrokenFraming(FuzzTarget target)
    {
        var seeds = Seeds(target);
        var body = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 7], Gen.Byte.Array[0, 64], Gen.UInt, (seed, op, junk, length) => (seed, Frame(seeds[seed].Payload, op, junk, length)));
        var contentType = Gen.OneOf("application/grpc", "application/grpc+proto", "application/grpc+json", "application/json", "text/plain", string.Empty);
        return Gen.Select(body, contentType, Headers(target), (b, type, headers) => new FuzzCase(seeds[b.seed].Path, type, headers, b.Item2));
    }

    private static Gen<FuzzCase> RawHttp2() =>
        Gen.Select(Gen.Int[0, 15], Gen.Byte, Gen.Int[0, 9], Gen.Byte.Array[0, 48], Gen.Int[0, 2], (type, flags, stream, payload, lengthLie) =>
        {
            // A 9-byte frame header (length, type, flags, stream id) — types 0-9 are HTTP/2's, the rest unknown —
            // with a length that is true, too short or too long.
            var length = lengthLie switch { 0 => payload.Length, 1 => Math.Max(0, payload.Length - 3), _ => payload.Length + 100 };
            var frame = new byte[9 + payload.Length];
            frame[0] = (byte)(length >> 16);
            frame[1] = (byte)(length >> 8);
            frame[2] = (byte)length;
            frame[3] = (byte)type;
            frame[4] = flags;
            frame[8] = (byte)stream;
            payload.CopyTo(frame, 9);
            return new FuzzCase(string.Empty, string.Empty, [], [], frame);
        });

    // Mostly the seed's own method; sometimes another (type confusion) or one that does not exist.
    private static Gen<Func<string, string>> PathFor(IReadOnlyList<(string Path, byte[] Payload)> seeds) => Gen.Frequency(
        (8, (IGen<Func<string, string>>)Gen.Const<Func<string, string>>(p => p)),
        (2, Gen.Int[0, ShopMethods.Length + AdminMethods.Length - 1].Select<int, Func<string, string>>(i =>
            _ => i < ShopMethods.Length ? "/flashsale.v1.Shop/" + ShopMethods[i] : "/flashsale.v1.Admin/" + AdminMethods[i - ShopMethods.Length])),
        (1, Gen.OneOf<Func<string, string>>(_ => "/flashsale.v1.Shop/Nope", _ => "/nope.Service/Grab", _ => "/", _ => "/flashsale.v1.Shop/")));

    private static Gen<IReadOnlyList<KeyValuePair<string, string>>> Headers(FuzzTarget target) =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 5], Gen.Int[0, 3], (auth, timeout, encoding) =>
        {
            var headers = new List<KeyValuePair<string, string>>();
            switch (auth)
            {
                case 1: headers.Add(new("authorization", "Bearer " + target.AdminToken)); break;
                case 2: headers.Add(new("authorization", "Bearer wrong")); break;
                case 3: headers.Add(new("authorization", "Basic !!==")); break;
            }

            headers.Add(new("grpc-timeout", timeout switch { 0 => "2S", 1 => "1n", 2 => "abc", 3 => "99999999H", 4 => "-1S", _ => "500m" }));
            switch (encoding)
            {
                case 1: headers.Add(new("grpc-encoding", "gzip")); break;
                case 2: headers.Add(new("grpc-encoding", "bogus")); break;
                case 3: headers.Add(new("grpc-accept-encoding", "identity,,x;q=?")); break;
            }

            return (IReadOnlyList<KeyValuePair<string, string>>)headers;
        });

    /// <summary>Protobuf-level mutations of a valid message.</summary>
    private static byte[] Mutate(byte[] seed, int op, int at, byte[] junk)
    {
        var bytes = seed.ToList();
        var i = bytes.Count == 0 ? 0 : at % bytes.Count;
        switch (op)
        {
            case 0 when bytes.Count > 0: bytes[i] ^= (byte)(1 << (at % 8)); break; // bit flip
            case 1 when bytes.Count > 0: bytes[i] = junk[0]; break; // overwrite
            case 2: bytes.InsertRange(i, junk); break; // insert
            case 3 when bytes.Count > 0: bytes.RemoveRange(i, Math.Min(junk.Length, bytes.Count - i)); break; // cut
            case 4: bytes = bytes.Take(i).ToList(); break; // truncate
            case 5 when bytes.Count > 1: bytes[1] = 0xFF; bytes.Insert(2, 0xFF); break; // forge the first field's length (varint 0x7FFF)
            case 6: bytes.AddRange([(byte)((at % 200 + 1) << 3 | (junk[0] % 6)), .. junk]); break; // unknown field, any wire type
            case 7: bytes.AddRange(bytes.ToArray()); break; // fields repeated (last one wins in protobuf)
            case 8: bytes.AddRange([0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]); break; // 10-byte varint in field 1
            default: bytes = [.. junk]; break; // random bytes
        }

        return [.. bytes];
    }

    /// <summary>gRPC message framing gone wrong.</summary>
    private static byte[] Frame(byte[] payload, int op, byte[] junk, uint length) => op switch
    {
        0 => RawGrpcCaller.Frame(payload, declaredLength: (uint)payload.Length + 1 + (length % 1000)), // claims more than sent
        1 => RawGrpcCaller.Frame(payload, declaredLength: length), // any length, up to 4 GB
        2 => RawGrpcCaller.Frame(payload, flag: 1), // "compressed" without grpc-encoding
        3 => RawGrpcCaller.Frame(payload, flag: (byte)(2 + length % 250)), // flag bits that do not exist
        4 => [.. RawGrpcCaller.Frame(payload), .. RawGrpcCaller.Frame(payload)], // two messages to a unary method
        5 => [.. RawGrpcCaller.Frame(payload).Take(1 + (int)(length % 4))], // a cut prefix
        6 => [], // no message at all
        _ => junk,
    };
}

/// <summary>What the fuzz inputs aim at: ids that exist on the silo under test, so mutations of
/// valid requests reach the grains as well as the argument checks.</summary>
internal sealed record FuzzTarget(string RoomId, string DropId, string UserId, string AdminToken);
