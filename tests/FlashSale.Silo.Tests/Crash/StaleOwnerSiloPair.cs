using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>Two silo processes on one database, and a third started afterwards to read what is stored.</summary>
internal sealed class StaleOwnerSiloPair : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);
    private readonly string _connectionString;
    private readonly TempDirectory _data = new("flashsale-stale");
    private readonly string _token = "stale-" + Guid.NewGuid().ToString("N");
    private readonly List<SiloProcess> _silos = [];

    private StaleOwnerSiloPair(string connectionString) => _connectionString = connectionString;

    private string[] StorageArgs => ["--storage", "postgres", "--postgres", _connectionString];

    public static async Task<StaleOwnerSiloPair> StartAsync(string connectionString)
    {
        var pair = new StaleOwnerSiloPair(connectionString);
        try
        {
            // One at a time: both run the idempotent migration at start.
            pair._silos.Add(await SiloProcess.StartHealthyAsync(pair.Dir("a"), pair._token, pair.StorageArgs));
            pair._silos.Add(await SiloProcess.StartHealthyAsync(pair.Dir("b"), pair._token, pair.StorageArgs));
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the drop through the first silo, then activates it on the second as well,
    /// so both hold the same version before any grab.</summary>
    public async Task<string> OpenDropOnBothAsync(int quantity)
    {
        using var a = _silos[0].CreateChannel();
        using var b = _silos[1].CreateChannel();
        var dropId = await CrashDrive.OpenDropAsync(new AdminClient(a), quantity, paymentWindowSeconds: 600);
        foreach (var channel in new[] { a, b })
        {
            var status = await CrashDrive.StatusAsync(new AdminClient(channel), dropId);
            Assert.Equal(quantity, status.Remaining);
        }

        return dropId;
    }

    /// <summary><paramref name="users"/> distinct shoppers, half through each silo over two connections each.</summary>
    public async Task<GrabOutcome[]> GrabThroughBothAsync(string dropId, int users, RetryOptions? retry)
    {
        var channels = _silos.SelectMany(s => new[] { s.CreateChannel(retry), s.CreateChannel(retry) }).ToArray();
        try
        {
            var shops = channels.Select(c => new ShopClient(c)).ToArray();
            var viaA = CrashDrive.GrabAllAsync(shops[..2], dropId, CrashDrive.Users("a", users / 2), CallTimeout);
            var viaB = CrashDrive.GrabAllAsync(shops[2..], dropId, CrashDrive.Users("b", users - (users / 2)), CallTimeout);
            return [.. await viaA, .. await viaB];
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Kills both silos (kill -9), starts a fresh one on the database and reads the drop from it:
    /// only what was committed survives that.</summary>
    public async Task<(List<Order> Orders, DropStatus Status)> DrainAndReadAsync(string dropId)
    {
        foreach (var silo in _silos)
        {
            silo.KillHard();
        }

        var reader = await SiloProcess.StartHealthyAsync(Dir("c"), _token, StorageArgs);
        _silos.Add(reader);
        using var channel = reader.CreateChannel(RetryOptions.Default);
        var admin = new AdminClient(channel);
        return (await CrashDrive.OrdersAsync(admin, dropId), await CrashDrive.StatusAsync(admin, dropId));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _data.Dispose();
    }

    private string Dir(string name)
    {
        var path = Path.Combine(_data.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
