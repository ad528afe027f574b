using System.Net;
using FlashSale.Silo.Interceptors;
using FlashSale.Silo.Services.Health;
using FlashSale.Testing;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashSale.Silo.Tests.Protocol;

/// <summary>A real Kestrel on 127.0.0.1 (free port, HTTP/2 cleartext) serving grpc-dotnet with the
/// silo's exception-mapping interceptor, the probe service and the health service.</summary>
internal sealed class GrpcTestServer : IAsyncDisposable
{
    /// <summary>Body the fallback writes, so tests can tell "passed through" from "handled as gRPC".</summary>
    public const string FallbackBody = "not-grpc";

    private readonly WebApplication _app;

    private GrpcTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GrpcTestServer> StartAsync(Action<GrpcServiceOptions>? configureGrpc = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (Environment.GetEnvironmentVariable("FLASHSALE_TEST_LOG") is null)
        {
            builder.Logging.ClearProviders();
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ExceptionMappingInterceptor>();
            configureGrpc?.Invoke(o);
        });
        builder.Services.AddSingleton<ProbeService>();
        builder.Services.AddSingleton<HealthService>();
        builder.Services.AddSingleton<HealthGrpcService>();
        var app = builder.Build();

        // Whatever no endpoint matched falls through to here.
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint() is not null)
            {
                await next(http);
                return;
            }

            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsync(FallbackBody);
        });
        app.MapGrpcService<ProbeService>();
        app.MapGrpcService<HealthGrpcService>();
        await app.StartAsync().WithTimeout();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GrpcTestServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync();
    }
}
