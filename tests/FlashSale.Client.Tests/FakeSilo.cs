using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using FlashSale.Api.V1;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashSale.Client.Tests;

/// <summary>One scripted failure of a Grab attempt: a status code and an optional
/// <c>grpc-retry-pushback-ms</c> trailer.</summary>
internal readonly record struct ScriptedFailure(StatusCode Status, int? PushbackMs = null);

/// <summary>One call as the fake silo saw it: when it arrived (since start), its request and headers.</summary>
internal sealed record SeenCall(TimeSpan At, object Request, IReadOnlyDictionary<string, string> Headers)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}

/// <summary>A fake silo for the client tests: a tiny Grpc.AspNetCore host (h2c, loopback, free port)
/// serving <see cref="FakeShop"/>, <see cref="FakeAdmin"/> and the standard health service with
/// scripted answers, recording every call it received.</summary>
internal sealed class FakeSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSilo(WebApplication app, FakeShop shop, FakeAdmin admin, Uri address)
    {
        _app = app;
        Shop = shop;
        Admin = admin;
        Address = address;
    }

    public Uri Address { get; }

    public FakeShop Shop { get; }

    public FakeAdmin Admin { get; }

    /// <summary>Every call received, per method path (e.g. <c>/flashsale.v1.Shop/Grab</c>), in arrival order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<SeenCall>> Calls => Shop.Log.Calls;

    /// <summary>Starts on a free loopback port, or on <paramref name="port"/> (a restart on the same address).</summary>
    public static async Task<FakeSilo> StartAsync(int port = 0)
    {
        var log = new CallLog();
        var shop = new FakeShop(log);
        var admin = new FakeAdmin(log);
        var health = new HealthServiceImpl();
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(shop);
        builder.Services.AddSingleton(admin);
        builder.Services.AddSingleton(health);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/flashsale.v1.Shop/Pay")
            {
                // A proxy in front of the silo that answers plain HTTP 503, without any gRPC status.
                log.Add(context.Request.Path, context.Request.Headers, new PayRequest());
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next(context);
        });
        app.MapGrpcService<FakeShop>();
        app.MapGrpcService<FakeAdmin>();
        app.MapGrpcService<HealthServiceImpl>();
        await app.StartAsync().WithTimeout();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new FakeSilo(app, shop, admin, address);
    }

    /// <summary>The calls received on one method (none yet: empty).</summary>
    public SeenCall[] CallsOf(string path) => Calls.TryGetValue(path, out var calls) ? [.. calls] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync();
    }
}

/// <summary>The calls a fake silo received.</summary>
internal sealed class CallLog
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ConcurrentDictionary<string, ConcurrentQueue<SeenCall>> Calls { get; } = new();

    public void Add(string path, IHeaderDictionary headers, object request)
    {
        // Copied: Kestrel reuses a request's header collection once the request is done.
        var copy = headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Calls.GetOrAdd(path, _ => new ConcurrentQueue<SeenCall>()).Enqueue(new SeenCall(_clock.Elapsed, request, copy));
    }

    public void Add(ServerCallContext context, object request) =>
        Add("/" + context.Method.TrimStart('/'), context.GetHttpContext().Request.Headers, request);
}

/// <summary>flashsale.v1.Shop with canned answers.</summary>
internal sealed class FakeShop(CallLog log) : Shop.ShopBase
{
    private int _grabs;

    public CallLog Log { get; } = log;

    /// <summary>Given the 1-based Grab attempt number, the failure to answer with (null: OK).</summary>
    public Func<int, ScriptedFailure?> GrabScript { get; set; } = _ => null;

    /// <summary>What ListRooms answers.</summary>
    public ListRoomsReply Rooms { get; set; } = new();

    /// <summary>When set, Grab books orders here by idempotency key (a store several fake silos share, as
    /// a cluster's silos share their drop grain): a repeated key answers the first order.</summary>
    public ConcurrentDictionary<string, Order>? Orders { get; set; }

    /// <summary>Given the 1-based Grab attempt number, whether to answer UNAVAILABLE <em>after</em> the order
    /// was booked in <see cref="Orders"/> (a silo that dies between the commit and the reply).</summary>
    public Func<int, bool> FailAfterBooking { get; set; } = _ => false;

    public override Task<GrabReply> Grab(GrabRequest request, ServerCallContext context)
    {
        Log.Add(context, request);
        if (Orders is { } orders)
        {
            var attempt = Interlocked.Increment(ref _grabs);
            var booked = orders.GetOrAdd(request.IdempotencyKey, _ => new Order
            {
                OrderId = "o-" + Guid.NewGuid().ToString("N"), DropId = request.DropId, UserId = request.UserId, Quantity = request.Quantity,
            });
            return FailAfterBooking(attempt)
                ? throw new RpcException(new Status(StatusCode.Unavailable, "silo stopped before replying"))
                : Task.FromResult(new GrabReply { Result = ResultCode.Ok, Order = booked });
        }

        if (GrabScript(Interlocked.Increment(ref _grabs)) is { } failure)
        {
            var trailers = new Metadata();
            if (failure.PushbackMs is { } ms)
            {
                trailers.Add("grpc-retry-pushback-ms", ms.ToString(CultureInfo.InvariantCulture));
            }

            throw new RpcException(new Status(failure.Status, "scripted failure"), trailers);
        }

        return Task.FromResult(request.DropId == "gone"
            ? new GrabReply { Result = ResultCode.SoldOut }
            : new GrabReply
            {
                Result = ResultCode.Ok,
                Remaining = 7,
                Order = new Order { DropId = request.DropId, UserId = request.UserId, Quantity = request.Quantity, OrderId = "o-" + request.IdempotencyKey },
            });
    }

    public override Task<RoomStatus> GetRoom(GetRoomRequest request, ServerCallContext context)
    {
        Log.Add(context, request);
        throw new RpcException(new Status(StatusCode.NotFound, "room 售罄 not found (100%)"));
    }

    public override Task<ListRoomsReply> ListRooms(ListRoomsRequest request, ServerCallContext context)
    {
        Log.Add(context, request);
        return Task.FromResult(Rooms);
    }

    public override Task<ClaimCouponReply> ClaimCoupon(ClaimCouponRequest request, ServerCallContext context)
    {
        Log.Add(context, request);
        throw new RpcException(new Status(StatusCode.ResourceExhausted, "overloaded"), new Metadata { { "grpc-retry-pushback-ms", "150" } });
    }

    /// <summary>Answers only when the caller gives up (or after the test bound).</summary>
    public override async Task<ListMyOrdersReply> ListMyOrders(ListMyOrdersRequest request, ServerCallContext context)
    {
        Log.Add(context, request);
        await Task.Delay(TestTimeouts.Default, context.CancellationToken);
        return new ListMyOrdersReply();
    }

    /// <summary>Room "slow": one event, then nothing until the caller leaves; else three events and OK.</summary>
    public override async Task WatchRoom(WatchRoomRequest request, IServerStreamWriter<RoomEvent> responseStream, ServerCallContext context)
    {
        Log.Add(context, request);
        var count = request.RoomId == "slow" ? 1 : 3;
        for (var i = 1; i <= count; i++)
        {
            await responseStream.WriteAsync(new RoomEvent { RoomId = request.RoomId, Sequence = i });
        }

        if (request.RoomId == "slow")
        {
            await Task.Delay(TestTimeouts.Default, context.CancellationToken);
        }
    }

    // GetMyWallet is left unimplemented: the base answers UNIMPLEMENTED.
}

/// <summary>flashsale.v1.Admin with canned answers. ListDropOrders pages through <see cref="OrderCount"/>
/// orders of drop "d" (token "@{index}" = the index of the page's first order).</summary>
internal sealed class FakeAdmin(CallLog log) : Admin.AdminBase
{
    public int OrderCount { get; set; } = 25;

    /// <summary>When set, the server answers every page with this token (a broken server).</summary>
    public string? StuckToken { get; set; }

    /// <summary>When set, the request with this page token fails with INVALID_ARGUMENT.</summary>
    public string? FailingToken { get; set; }

    /// <summary>Echoes the authorization header it received as the drop's title.</summary>
    public override Task<DropStatus> GetDropStatus(GetDropStatusRequest request, ServerCallContext context)
    {
        log.Add(context, request);
        return Task.FromResult(new DropStatus { DropId = request.DropId, Title = context.RequestHeaders.GetValue("authorization") ?? string.Empty });
    }

    public override Task<ListDropOrdersReply> ListDropOrders(ListDropOrdersRequest request, ServerCallContext context)
    {
        log.Add(context, request);
        if (request.PageToken.Length > 0 && request.PageToken == FailingToken)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "page_token is scripted to fail"));
        }

        var start = request.PageToken.Length == 0 ? 0 : int.Parse(request.PageToken.AsSpan(1), CultureInfo.InvariantCulture);
        var end = Math.Min(OrderCount, start + request.PageSize);
        var reply = new ListDropOrdersReply { NextPageToken = StuckToken ?? (end < OrderCount ? $"@{end}" : string.Empty) };
        reply.Orders.AddRange(Enumerable.Range(start + 1, Math.Max(0, end - start)).Select(i => new Order { OrderId = $"d/{i}", DropId = "d", UserId = $"u{i}" }));
        return Task.FromResult(reply);
    }

    /// <summary>Schedules nothing: answers OK with the drop as asked.</summary>
    public override Task<ScheduleDropReply> ScheduleDrop(ScheduleDropRequest request, ServerCallContext context)
    {
        log.Add(context, request);
        return Task.FromResult(new ScheduleDropReply
        {
            Result = ResultCode.Ok,
            Drop = new DropStatus { DropId = request.DropId, RoomId = request.RoomId, Title = request.Title, Quantity = request.Quantity, Remaining = request.Quantity, UnitPrice = request.UnitPrice, PerUserLimit = request.PerUserLimit, State = DropState.Scheduled },
        });
    }
}
