using System.Collections.Concurrent;
using System.Globalization;
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

/// <summary>A Kestrel h2c server whose Admin/ListDropOrders pages through <c>orders</c> orders of
/// drop "d" (token "@{index}" = the index of the page's first order), and records every request
/// with its authorization header, for the client's paging tests.</summary>
internal sealed class PagingGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Order[] _orders;

    private PagingGrpcServer(WebApplication app, int orders)
    {
        _app = app;
        _orders = [.. Enumerable.Range(1, orders).Select(i => new Order { OrderId = $"d/{i}", DropId = "d", UserId = $"u{i}" })];
    }

    public Uri Address { get; private init; } = null!;

    public ConcurrentQueue<(ListDropOrdersRequest Request, string Authorization)> Requests { get; } = new();

    /// <summary>When set, the server answers every request with this token (a broken server).</summary>
    public string? StuckToken { get; set; }

    /// <summary>When set, the request with this page token fails with INVALID_ARGUMENT.</summary>
    public string? FailingToken { get; set; }

    public static async Task<PagingGrpcServer> StartAsync(int orders)
    {
        PagingGrpcServer? server = null;
        var (app, address) = await H2cTestHost.StartAsync(context => server!.HandleAsync(context));
        server = new PagingGrpcServer(app, orders) { Address = address };
        return server;
    }

    public ValueTask DisposeAsync() => new(H2cTestHost.StopAsync(_app));

    private async Task HandleAsync(HttpContext context)
    {
        Assert.Equal("/flashsale.v1.Admin/ListDropOrders", context.Request.Path.Value);
        var request = await H2cTestHost.ReadRequestAsync(context, ListDropOrdersRequest.Parser);
        Requests.Enqueue((request, context.Request.Headers.Authorization.ToString()));
        if (request.PageToken.Length > 0 && request.PageToken == FailingToken)
        {
            context.Response.Headers["grpc-status"] = "3";
            context.Response.Headers["grpc-message"] = "page_token is scripted to fail";
            return;
        }

        var start = request.PageToken.Length == 0 ? 0 : int.Parse(request.PageToken.AsSpan(1), CultureInfo.InvariantCulture);
        var end = Math.Min(_orders.Length, start + request.PageSize);
        var reply = new ListDropOrdersReply
        {
            NextPageToken = StuckToken ?? (end < _orders.Length ? $"@{end}" : string.Empty),
        };
        reply.Orders.AddRange(_orders[start..end]);
        await H2cTestHost.WriteReplyAsync(context, reply);
    }
}
