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

    public Uri Address { get; private init; } = null!;

    /// <summary>Each Grab attempt: when it arrived (since start) and the idempotency key it carried.</summary>
    public ConcurrentQueue<(TimeSpan At, string Key)> Attempts { get; } = new();

    /// <param name="script">Given the 1-based attempt number, the failure to answer with, or null for OK.</param>
    public static async Task<ScriptedGrpcServer> StartAsync(Func<int, ScriptedFailure?> script)
    {
        ScriptedGrpcServer? server = null;
        var (app, address) = await H2cTestHost.StartAsync(context => server!.HandleAsync(context));
        server = new ScriptedGrpcServer(app, script) { Address = address };
        return server;
    }

    public ValueTask DisposeAsync() => new(H2cTestHost.StopAsync(_app));

    private async Task HandleAsync(HttpContext context)
    {
        var grab = await H2cTestHost.ReadRequestAsync(context, GrabRequest.Parser);
        Attempts.Enqueue((_clock.Elapsed, grab.IdempotencyKey));
        var attempt = Interlocked.Increment(ref _attempts);
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
        await H2cTestHost.WriteReplyAsync(context, reply);
    }
}
