using System.Globalization;
using FlashSale.Client;
using FlashSale.Silo.Hosting;
using FlashSale.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashSale.Silo.Tests.Fixtures;

internal sealed partial class TestSilo
{
    /// <summary>Graceful stop, as on SIGTERM: drains, flushes grains, closes storage.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        _app = null;
        try
        {
            // Clients stay connected while the silo stops, as they would in production: the stop
            // must end open calls itself rather than rely on clients hanging up.
            if (app is not null)
            {
                try
                {
                    await app.StopAsync().WithTimeout(StopTimeout);
                }
                finally
                {
                    await app.DisposeAsync().AsTask().WithTimeout(StopTimeout);
                }
            }
        }
        finally
        {
            DisposeChannels();
        }
    }

    /// <summary>Stops (if running) and starts a new silo on the same data folder and token.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartCoreAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _data.Dispose();
        }
    }

    private async Task StartCoreAsync()
    {
        var app = SiloApp.Build(BuildArgs(), builder => builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WithTimeout();
        _app = app;

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        if (addresses.Count != 2)
        {
            throw new InvalidOperationException($"expected 2 bound addresses, got: {string.Join(", ", addresses)}");
        }

        // Kestrel reports endpoints in the order SiloApp listens on them: gRPC first, then HTTP/1.1.
        GrpcAddress = new Uri(addresses[0]);
        HttpAddress = new Uri(addresses[1]);
        _channel = FlashSaleChannel.ForAddress(GrpcAddress, TestAuth.ChannelOptions(AdminToken, trusted: _options.TrustedCertificate));
    }

    private string[] BuildArgs()
    {
        var args = new List<string>
        {
            "--grpc", "127.0.0.1:0",
            "--http", "127.0.0.1:0",
            "--storage", _options.Storage,
            "--data", DataDirectory,
            "--admin-token", AdminToken,
            "--operator-token", OperatorToken,
        };
        if (_options.ConfigureSigningKey)
        {
            args.Add("--signing-key");
            args.Add(TestAuth.SigningKeyBase64);
        }
        if (_options.MailboxCapacity is { } capacity)
        {
            args.Add("--mailbox-capacity");
            args.Add(capacity.ToString(CultureInfo.InvariantCulture));
        }

        if (_options.Demo)
        {
            args.Add("--demo");
        }

        args.AddRange(_options.ExtraArgs);
        return [.. args];
    }

    private void DisposeChannels()
    {
        _channel?.Dispose();
        _channel = null;
        lock (_extraChannels)
        {
            foreach (var channel in _extraChannels)
            {
                channel.Dispose();
            }

            _extraChannels.Clear();
        }
    }
}
