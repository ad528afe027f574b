using FlashSale.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace FlashSale.Grains.Tests.Serialization;

/// <summary>Protobuf messages as grain arguments and results: through Orleans' serializer (calls
/// between silos) and deep copier (calls inside one silo).</summary>
public sealed class ProtobufMessageCodecTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddFlashSaleSerialization().BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    private DeepCopier Copier => _services.GetRequiredService<DeepCopier>();

    [Fact]
    public void Serialize_ReplyWithNestedMessages_RoundTripsToAnEqualNewInstance()
    {
        var reply = SampleReply();

        var back = Serializer.Deserialize<GrabReply>(Serializer.SerializeToArray(reply))!;

        Assert.Equal(reply, back);
        Assert.NotSame(reply, back);
        Assert.NotSame(reply.Order, back.Order);
    }

    [Fact]
    public void Serialize_ReplyLargerThanTheOutputSegments_RoundTrips()
    {
        // A page of 1 000 orders (~100 KB) between silos: it failed with ArgumentOutOfRangeException
        // while the codec wrote every message into one contiguous span.
        var reply = new ListDropOrdersReply { NextPageToken = "next" };
        for (var i = 0; i < 1_000; i++)
        {
            var order = SampleReply().Order;
            order.OrderId = $"d1/{i}";
            reply.Orders.Add(order);
        }

        var buffer = new SegmentedBufferWriter(4096);
        Serializer.Serialize(reply, buffer);
        var back = Serializer.Deserialize<ListDropOrdersReply>(buffer.ToArray())!;

        Assert.True(reply.CalculateSize() > 4 * 4096);
        Assert.Equal(reply, back);
    }

    [Fact]
    public void Serialize_AsObjectAndEmpty_KeepsTheConcreteTypeAndEmptyMessages()
    {
        object[] values = [SampleReply(), new Empty(), new DropStatus()];

        var back = Serializer.Deserialize<object[]>(Serializer.SerializeToArray(values))!;

        Assert.Equal(values.Select(v => v.GetType()), back.Select(v => v.GetType()));
        Assert.Equal(values, back);
    }

    [Fact]
    public void Serialize_SameMessageTwiceInAGraph_ComesBackAsOneInstance()
    {
        var order = SampleReply().Order;

        var back = Serializer.Deserialize<List<Order>>(Serializer.SerializeToArray(new List<Order> { order, order }))!;

        Assert.Equal(order, back[0]);
        Assert.Same(back[0], back[1]);
    }

    [Fact]
    public void Copy_Reply_IsEqualButSharesNothingWithTheOriginal()
    {
        var reply = SampleReply();

        var copy = Copier.Copy(reply);
        copy.Order.Quantity = 99;

        Assert.NotSame(reply, copy);
        Assert.NotSame(reply.Order, copy.Order);
        Assert.Equal(2, reply.Order.Quantity);
        copy.Order.Quantity = 2;
        Assert.Equal(reply, copy);
    }

    [Fact]
    public void Copy_AsObject_CopiesTheProtobufMessage()
    {
        object status = new DropStatus { DropId = "d1", Remaining = 3 };

        var copy = Copier.Copy(status);

        Assert.Equal(status, copy);
        Assert.NotSame(status, copy);
    }

    public void Dispose() => _services.Dispose();

    private static GrabReply SampleReply() => new()
    {
        Result = ResultCode.Ok,
        Remaining = 7,
        Order = new Order
        {
            OrderId = "d1/3",
            DropId = "d1",
            UserId = "alice",
            Quantity = 2,
            UnitPrice = 1_000,
            TotalAmount = 2_000,
            State = OrderState.PendingPayment,
            CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 11, 20, 0, 0, TimeSpan.Zero)),
            Title = "茶具 tea set",
        },
    };
}
