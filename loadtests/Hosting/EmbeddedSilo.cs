using System.Security.Cryptography;
using FlashSale.Client;
using FlashSale.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashSale.LoadTests.Hosting;

/// <summary>A whole silo in this process on free loopback ports, with a throwaway data folder
/// and admin token, so one command shows a full run on a laptop (and in CI).</summary>
internal sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private EmbeddedSilo(WebApplication app, string dataDirectory, string adminToken, Uri grpcAddress, ShopperTokens tokens)
    {
        Tokens = tokens;
        _app = app;
        _dataDirectory = dataDirectory;
        AdminToken = adminToken;
        GrpcAddress = grpcAddress;
    }

    public string AdminToken { get; }

    public Uri GrpcAddress { get; }

    /// <summary>Mints the test users' tokens with the key the silo was started with.</summary>
    public ShopperTokens Tokens { get; }

    public static async Task<EmbeddedSilo> StartAsync(string storage, CancellationToken cancellationToken, string? postgres = null, bool? groupCommit = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "flashsale-loadtest-" + Guid.NewGuid().ToString("N"));
        var token = "lt-" + Guid.NewGuid().ToString("N");
        var key = RandomNumberGenerator.GetBytes(32);
        var args = new List<string>
        {
            "--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0", "--data", data, "--admin-token", token, "--storage", storage,
            "--signing-key", Convert.ToBase64String(key),
        };
        if (postgres is not null)
        {
            args.AddRange(["--postgres", postgres]);
        }

        if (groupCommit is { } enabled)
        {
            // The grains read their group-commit switch from configuration section "Grains".
            args.Add("--Grains:GroupCommit:Enabled=" + (enabled ? "true" : "false"));
        }

        var app = SiloApp.Build([.. args], builder => builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning));
        try
        {
            await app.StartAsync(cancellationToken);

            // Kestrel lists endpoints in the order SiloApp binds them: gRPC first.
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            if (addresses.Count == 0)
            {
                throw new InvalidOperationException("the embedded silo reported no bound address");
            }

            return new EmbeddedSilo(app, data, token, new Uri(addresses[0]), new ShopperTokens(key));
        }
        catch
        {
            await app.DisposeAsync();
            TryDelete(data);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            TryDelete(_dataDirectory);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // a leftover temp folder is not worth failing the run for
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
