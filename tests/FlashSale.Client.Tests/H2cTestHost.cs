using System.Net;
using FlashSale.Client.Protocol;
using FlashSale.Testing;
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

/// <summary>What the scripted test servers share: a Kestrel h2c app on a free loopback port and the
/// gRPC framing of one request and one reply.</summary>
internal static class H2cTestHost
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync().WithTimeout();
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    public static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync().WithTimeout();
        await app.DisposeAsync();
    }

    /// <summary>Reads the request's single message and sets the reply's content type.</summary>
    public static async Task<T> ReadRequestAsync<T>(HttpContext context, MessageParser<T> parser)
        where T : IMessage<T>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Assert.True(GrpcFraming.TryReadFrame(body.ToArray(), out _, out var payload, out _));
        context.Response.ContentType = "application/grpc";
        return parser.ParseFrom(payload);
    }

    /// <summary>Answers with one message and status OK.</summary>
    public static async Task WriteReplyAsync(HttpContext context, IMessage reply)
    {
        var size = reply.CalculateSize();
        var frame = new byte[GrpcFraming.HeaderSize + size];
        GrpcFraming.WriteMessage(frame, reply, size);
        await context.Response.Body.WriteAsync(frame);
        context.Response.AppendTrailer("grpc-status", "0");
    }
}
