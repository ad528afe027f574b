using System.Collections.Concurrent;
using System.Net;
using FlashSale.Api.V1;
using FlashSale.Client.Protocol;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashSale.Client.Tests;

/// <summary>A tiny gRPC server on Kestrel (h2c, loopback, free port) with canned behaviours per method.</summary>
internal sealed class FakeGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGrpcServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Request headers seen, per method path.</summary>
    public ConcurrentDictionary<string, IHeaderDictionary> SeenHeaders { get; } = new();

    public static async Task<FakeGrpcServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new FakeGrpcServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().WithTimeout();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        SeenHeaders[path] = context.Request.Headers;
        switch (path)
        {
            case "/flashsale.v1.Shop/Grab":
                var grab = await ReadRequestAsync(context, GrabRequest.Parser);
                await WriteReplyAsync(context, grab.DropId == "gone" ? new GrabReply { Result = ResultCode.SoldOut } : new GrabReply
                {
                    Result = ResultCode.Ok,
                    Remaining = 7,
                    Order = new Order { DropId = grab.DropId, UserId = grab.UserId, Quantity = grab.Quantity, OrderId = "o-" + grab.IdempotencyKey },
                });
                WriteStatus(context, 0, null);
                break;
            case "/flashsale.v1.Shop/GetRoom":
                // Trailers-Only: status in the headers, no body.
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = "5";
                context.Response.Headers["grpc-message"] = GrpcMessageEncoding.Encode("room 售罄 not found (100%)");
                break;
            case "/flashsale.v1.Shop/ClaimCoupon":
                context.Response.ContentType = "application/grpc";
                await context.Response.StartAsync();
                WriteStatus(context, 8, "overloaded", ("retry-after-ms", "150"));
                break;
            case "/flashsale.v1.Shop/WatchRoom":
                var watch = await ReadRequestAsync(context, WatchRoomRequest.Parser);
                var count = watch.RoomId == "slow" ? 1 : 3;
                for (var i = 1; i <= count; i++)
                {
                    await WriteReplyAsync(context, new RoomEvent { RoomId = watch.RoomId, Sequence = i });
                }

                if (watch.RoomId == "slow")
                {
                    await SlowAsync(context);
                    break;
                }

                WriteStatus(context, 0, null);
                break;
            case "/flashsale.v1.Shop/ListRooms":
                await SlowAsync(context);
                break;
            case "/flashsale.v1.Shop/Pay":
                context.Response.StatusCode = 503;
                break;
            case "/grpc.health.v1.Health/Check":
                await ReadRequestAsync(context, Grpc.Health.V1.HealthCheckRequest.Parser);
                await WriteReplyAsync(context, new Grpc.Health.V1.HealthCheckResponse { Status = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving });
                WriteStatus(context, 0, null);
                break;
            case "/flashsale.v1.Admin/GetDropStatus":
                var drop = await ReadRequestAsync(context, GetDropStatusRequest.Parser);
                await WriteReplyAsync(context, new DropStatus { DropId = drop.DropId, Title = context.Request.Headers.Authorization.ToString() });
                WriteStatus(context, 0, null);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    private static async Task SlowAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(TestTimeouts.Default, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await WriteReplyAsync(context, new ListRoomsReply());
        WriteStatus(context, 0, null);
    }

    private static async Task<T> ReadRequestAsync<T>(HttpContext context, MessageParser<T> parser)
        where T : IMessage<T>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Assert.True(GrpcFraming.TryReadFrame(body.ToArray(), out var compressed, out var payload, out _));
        Assert.False(compressed);
        return parser.ParseFrom(payload);
    }

    private static async Task WriteReplyAsync(HttpContext context, IMessage message)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.ContentType = "application/grpc";
        }

        var size = message.CalculateSize();
        var frame = new byte[GrpcFraming.HeaderSize + size];
        GrpcFraming.WriteMessage(frame, message, size);
        await context.Response.Body.WriteAsync(frame);
        await context.Response.Body.FlushAsync();
    }

    private static void WriteStatus(HttpContext context, int status, string? message, params (string Name, string Value)[] extra)
    {
        context.Response.AppendTrailer("grpc-status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
        {
            context.Response.AppendTrailer("grpc-message", GrpcMessageEncoding.Encode(message));
        }

        foreach (var (name, value) in extra)
        {
            context.Response.AppendTrailer(name, value);
        }
    }
}
