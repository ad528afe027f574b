using FlashSale.Api.V1;
using FlashSale.Client.Protocol;
using Google.Protobuf;

namespace FlashSale.Client.Tests;

public sealed class GrpcFramingTests
{
    [Fact]
    public void WriteMessage_ThenTryReadFrame_RoundTripsMessage()
    {
        var message = new GrabRequest { DropId = "d1", UserId = "u1", Quantity = 2, IdempotencyKey = "k" };
        var size = message.CalculateSize();
        var buffer = new byte[GrpcFraming.HeaderSize + size];

        GrpcFraming.WriteMessage(buffer, message, size);
        var complete = GrpcFraming.TryReadFrame(buffer, out var compressed, out var payload, out var consumed);

        Assert.True(complete);
        Assert.False(compressed);
        Assert.Equal(buffer.Length, consumed);
        Assert.Equal(message, GrabRequest.Parser.ParseFrom(payload));
    }

    [Fact]
    public void WriteHeader_WritesZeroFlagAndBigEndianLength()
    {
        var header = new byte[GrpcFraming.HeaderSize];

        GrpcFraming.WriteHeader(header, 0x01020304);

        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, header);
    }

    [Fact]
    public void TryReadFrame_WhenPayloadIncomplete_ReturnsFalse()
    {
        byte[] buffer = [0, 0, 0, 0, 10, 1, 2, 3];

        var complete = GrpcFraming.TryReadFrame(buffer, out _, out _, out var consumed);

        Assert.False(complete);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void TryReadFrame_WithTwoFrames_ConsumesOnlyTheFirst()
    {
        var first = new GetRoomRequest { RoomId = "a" }.ToByteArray();
        byte[] buffer = [0, 0, 0, 0, (byte)first.Length, .. first, 1, 0, 0, 0, 0];

        GrpcFraming.TryReadFrame(buffer, out _, out var payload, out var consumed);
        var second = GrpcFraming.TryReadFrame(buffer.AsSpan(consumed), out var compressed, out var empty, out _);

        Assert.Equal("a", GetRoomRequest.Parser.ParseFrom(payload).RoomId);
        Assert.True(second);
        Assert.True(compressed);
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void ReadHeader_WithLengthAboveIntMax_ReportsFullUnsignedLength()
    {
        byte[] header = [0, 0xFF, 0xFF, 0xFF, 0xFF];

        var (_, length) = GrpcFraming.ReadHeader(header);

        Assert.Equal(uint.MaxValue, length);
    }
}
