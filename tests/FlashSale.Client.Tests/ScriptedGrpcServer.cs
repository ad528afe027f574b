using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using FlashSale.Api.V1;
using FlashSale.Client.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashSale.Client.Tests;

/// <summary>One scripted failure: a gRPC status code and an optional <c>retry-after-ms</c> trailer.</summary>
internal readonly record struct ScriptedFailure(int Status, int? RetryAfterMs = null);

/// <summary>A Kestrel h2c server whose Grab method fails as scripted per attempt (then answers OK) and
/// records every attempt it saw, for the client retry tests.</summary>
internal sealed class ScriptedGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<int, ScriptedFailure?> _script;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _attempts;

    private ScriptedGrpcServer(WebApplication app, Func<int, ScriptedFailure?> script)
    {
        _app = app;
        _script = script;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>Each Grab attempt: when it arrived (since start) and the idempotency key it carried.</summary>
    public ConcurrentQueue<(TimeSpan At, string Key)> Attempts { get; } = new();

    /// <param name="script">Given the 1-based attempt number, the failure to answer with, or null for OK.</param>
    public static async Task<ScriptedGrpcServer> StartAsync(Func<int, ScriptedFailure?> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new ScriptedGrpcServer(app, script);
        app.Run(server.HandleAsync);
        await app.StartAsync().WithTimeout();
        server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Assert.True(GrpcFraming.TryReadFrame(body.ToArray(), out _, out var payload, out _));
        var grab = GrabRequest.Parser.ParseFrom(payload);
        Attempts.Enqueue((_clock.Elapsed, grab.IdempotencyKey));
        var attempt = Interlocked.Increment(ref _attempts);
        context.Response.ContentType = "application/grpc";
        if (_script(attempt) is { } failure)
        {
            // Trailers-Only, the way the silo answers errors raised before any reply.
            context.Response.Headers["grpc-status"] = failure.Status.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = "scripted failure";
            if (failure.RetryAfterMs is { } ms)
            {
                context.Response.Headers["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
            }

            return;
        }

        var reply = new GrabReply { Result = ResultCode.Ok, Order = new Order { OrderId = "o-" + grab.IdempotencyKey, DropId = grab.DropId, UserId = grab.UserId } };
        var size = reply.CalculateSize();
        var frame = new byte[GrpcFraming.HeaderSize + size];
        GrpcFraming.WriteMessage(frame, reply, size);
        await context.Response.Body.WriteAsync(frame);
        context.Response.AppendTrailer("grpc-status", "0");
    }
}
