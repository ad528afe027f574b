using FlashSale.Silo.Services.Health;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Silo.Tests.Protocol;

/// <summary>Each test gets its own server (Probe + Health services) and raw client.</summary>
public abstract class GrpcServerTestBase : IAsyncLifetime
{
    internal const string EchoPath = "/test.v1.Probe/Echo";

    private GrpcTestServer? _server;
    private RawGrpcClient? _client;

    internal GrpcTestServer Server => _server!;

    internal RawGrpcClient Client => _client!;

    internal ProbeService Probe => Server.Services.GetRequiredService<ProbeService>();

    internal HealthService Health => Server.Services.GetRequiredService<HealthService>();

    public async Task InitializeAsync()
    {
        _server = await GrpcTestServer.StartAsync(ConfigureOptions);
        _client = new RawGrpcClient(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    internal static byte[] Request(string text) => RawGrpcClient.Frame(new HealthCheckRequest { Service = text });

    internal static HealthCheckRequest ParseProbe(byte[] payload) => HealthCheckRequest.Parser.ParseFrom(payload);

    internal static HealthCheckResponse ParseHealth(byte[] payload) => HealthCheckResponse.Parser.ParseFrom(payload);

    internal static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>Proves the server still serves normally after whatever the test threw at it.</summary>
    internal async Task AssertEchoStillWorksAsync()
    {
        var response = await Client.CallAsync(EchoPath, Request("again"));
        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal("echo:again", ParseProbe(Assert.Single(response.Messages)).Service);
    }

    protected virtual void ConfigureOptions(GrpcServiceOptions options)
    {
    }

    internal static IMessage Empty => new HealthCheckRequest();
}
