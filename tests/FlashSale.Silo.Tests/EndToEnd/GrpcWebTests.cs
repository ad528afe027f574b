using System.Net;
using FlashSale.Api.V1;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Kind = FlashSale.Api.V1.RoomEvent.KindOneofCase;

namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>The Shop service over gRPC-Web, as a browser calls it: HTTP/1.1 to the silo's HTTP
/// endpoint, through grpc-dotnet's own gRPC-Web client handler.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class GrpcWebTests
{
    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task ShopOverGrpcWeb_Http11_ListRoomsGrabAndWatchRoomWork(GrpcWebMode mode)
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (roomId, dropId) = await silo.OpenDropAsync(quantity: 5);
        var versions = new VersionRecorder(new SocketsHttpHandler { UseProxy = false });
        using var channel = GrpcChannel.ForAddress(silo.HttpAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, versions),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var shop = new Shop.ShopClient(channel);

        // Act: two unary calls, then a server stream that the room's end closes.
        var rooms = await shop.ListRoomsAsync(new ListRoomsRequest()).ResponseAsync.WithTimeout();
        var grab = await shop.GrabAsync(new GrabRequest { DropId = dropId, UserId = "web-user", Quantity = 1, IdempotencyKey = "web-" + mode }, TestAuth.Bearer("web-user"))
            .ResponseAsync.WithTimeout();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = shop.WatchRoom(new WatchRoomRequest { RoomId = roomId, UserId = "web-viewer" }, TestAuth.Bearer("web-viewer"), cancellationToken: timeout.Token);
        var events = new List<RoomEvent>();
        while (await watch.ResponseStream.MoveNext(timeout.Token))
        {
            events.Add(watch.ResponseStream.Current);
            if (events.Count == 1)
            {
                var ended = await silo.Admin.EndRoomAsync(new RoomCommand { RoomId = roomId }).WithTimeout();
                Assert.Equal(ResultCode.Ok, ended.Result);
            }
        }

        // Assert
        Assert.Contains(rooms.Rooms, r => r.RoomId == roomId);
        Assert.Equal(ResultCode.Ok, grab.Result);
        Assert.StartsWith(dropId + "/", grab.Order.OrderId, StringComparison.Ordinal);
        Assert.Equal(Kind.Snapshot, events[0].KindCase);
        Assert.Equal(roomId, events[0].Snapshot.RoomId);
        Assert.Equal(Kind.Ended, events[^1].KindCase);
        Assert.Equal(Grpc.Core.StatusCode.OK, watch.GetStatus().StatusCode);
        Assert.NotEmpty(versions.Seen);
        Assert.All(versions.Seen, v => Assert.Equal(HttpVersion.Version11, v));
    }

    /// <summary>Records the HTTP version of every response, to prove the calls went over HTTP/1.1.</summary>
    private sealed class VersionRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public System.Collections.Concurrent.ConcurrentQueue<Version> Seen { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Seen.Enqueue(response.Version);
            return response;
        }
    }
}
