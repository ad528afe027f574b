using System.Buffers;
using FlashSale.Api.V1;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace FlashSale.Grains.Tests.Serialization;

/// <summary>A reply larger than one span of the output (a page of drop orders sent from the drop's silo to
/// the silo serving the call; between silos the writer is a connection's segmented buffer).</summary>
public sealed class LargeMessageCodecTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddFlashSaleSerialization().BuildServiceProvider();

    [Fact]
    public void Serialize_MessageLargerThanTheWritersSpans_RoundTrips()
    {
        // Arrange: ~100 KB of orders, written to an output that never hands out more than 4 KB at once.
        var reply = new ListDropOrdersReply { NextPageToken = "@1000" };
        reply.Orders.AddRange(Enumerable.Range(0, 1_000).Select(i => new Order
        {
            OrderId = $"drop-with-a-long-id/{i}", DropId = "drop-with-a-long-id", UserId = $"user-{i}", Quantity = 1, UnitPrice = 9_900, TotalAmount = 9_900,
        }));
        var output = new SmallSpanBufferWriter(4_096);
        var serializer = _services.GetRequiredService<Serializer>();

        // Act
        serializer.Serialize(reply, output);
        var back = serializer.Deserialize<ListDropOrdersReply>(output.WrittenBytes.ToArray());

        // Assert
        Assert.True(output.WrittenBytes.Length > 50_000, $"{output.WrittenBytes.Length} bytes");
        Assert.Equal(reply, back);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>An output that, like a pipe of fixed-size blocks, gives at most <paramref name="maxSpan"/> bytes per span.</summary>
    private sealed class SmallSpanBufferWriter(int maxSpan) : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();

        public ReadOnlyMemory<byte> WrittenBytes => _inner.WrittenMemory;

        public void Advance(int count) => _inner.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(maxSpan)[..maxSpan];

        public Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(maxSpan)[..maxSpan];
    }
}
