using System.Collections.Concurrent;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing.Servers;
using Xunit.Abstractions;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>A simulated stale owner: two silo processes without shared membership on one PostgreSQL
/// database each activate the same Drop, as two owners would after a crash or a split membership view.
/// Version-checked writes must let only one of them commit each change; the other's callers get a
/// retriable UNAVAILABLE, never a success.</summary>
[Collection(CrashCollection.Name)]
public sealed class StaleOwnerCrashTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const int Quantity = 200;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Grab_TwoActivationsOfOneDrop_NeverOversellAndStaleCommitsFailUnavailable()
    {
        // Arrange
        await using var pair = await SiloPair.StartAsync(postgres.Server.CreateUniqueDatabase());
        var dropId = await pair.OpenDropOnBothAsync(Quantity);

        // Act: 600 shoppers, half through each silo, all at once.
        var outcomes = await pair.GrabThroughBothAsync(dropId, 600, retry: null);
        output.WriteLine("outcomes: " + CrashDrive.Describe(outcomes));

        // Assert: never more successes than units, distinct orders, and only retriable failures.
        var ok = outcomes.Where(o => o.IsOk).ToList();
        Assert.True(ok.Count <= Quantity, $"{ok.Count} OK replies for {Quantity} units");
        Assert.Equal(ok.Count, ok.Select(o => o.Reply!.Order.OrderId).Distinct().Count());
        var errors = outcomes.Where(o => o.Error is not null).ToList();
        Assert.True(errors.Count > 0, $"no version conflict surfaced: {CrashDrive.Describe(outcomes)}");
        Assert.All(errors, e => Assert.True(e.Error!.StatusCode == RpcStatusCode.Unavailable, $"{e.Error.StatusCode}: {e.Error.Detail}"));

        // Assert: after both are gone, storage holds exactly the acknowledged orders.
        var (orders, status) = await pair.DrainAndReadAsync(dropId);
        var held = orders.Where(o => o.State is OrderState.PendingPayment or OrderState.Paid).Select(o => o.OrderId).ToHashSet();
        Assert.True(held.SetEquals(ok.Select(o => o.Reply!.Order.OrderId)), $"stored {held.Count} held orders, acknowledged {ok.Count}");
        Assert.Equal(ok.Count, status.Sold + status.Reserved);
        Assert.Equal(Quantity - ok.Count, status.Remaining);
    }

    [Fact]
    public async Task Grab_TwoActivationsOfOneDropWithClientRetries_EveryGrabGetsADefiniteAnswer()
    {
        // Arrange
        await using var pair = await SiloPair.StartAsync(postgres.Server.CreateUniqueDatabase());
        var dropId = await pair.OpenDropOnBothAsync(Quantity);
        var retry = RetryOptions.Default with { MaxAttempts = 100, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(200) };

        // Act
        var outcomes = await pair.GrabThroughBothAsync(dropId, 2 * Quantity, retry);
        output.WriteLine("outcomes: " + CrashDrive.Describe(outcomes));

        // Assert: an answer for everyone, and exactly the quantity sold.
        Assert.True(outcomes.All(o => o.Reply is not null), $"some grabs got no answer: {CrashDrive.Describe(outcomes)}");
        var ok = outcomes.Where(o => o.IsOk).Select(o => o.Reply!.Order.OrderId).ToList();
        Assert.Equal(Quantity, ok.Count);
        Assert.Equal(Quantity, ok.Distinct().Count());
        Assert.Equal(Quantity, outcomes.Count(o => o.Reply!.Result == ResultCode.SoldOut));
        var (orders, status) = await pair.DrainAndReadAsync(dropId);
        var held = orders.Where(o => o.State is OrderState.PendingPayment or OrderState.Paid).Select(o => o.OrderId).ToHashSet();
        Assert.True(held.SetEquals(ok), $"stored {held.Count} held orders, acknowledged {ok.Count}");
        Assert.Equal((0, Quantity, 0), (status.Sold, status.Reserved, status.Remaining));
    }

    /// <summary>Two silo processes on one database, and a third started afterwards to read what is stored.</summary>
    private sealed class SiloPair : IAsyncDisposable
    {
        private readonly string _connectionString;
        private readonly TempDirectory _data = new("flashsale-stale");
        private readonly string _token = "stale-" + Guid.NewGuid().ToString("N");
        private readonly List<CrashSilo> _silos = [];

        private SiloPair(string connectionString) => _connectionString = connectionString;

        private string[] StorageArgs => ["--storage", "postgres", "--postgres", _connectionString];

        public static async Task<SiloPair> StartAsync(string connectionString)
        {
            var pair = new SiloPair(connectionString);
            try
            {
                // One at a time: both run the idempotent migration at start.
                pair._silos.Add(await CrashSilo.StartAsync(pair.Dir("a"), pair._token, pair.StorageArgs));
                pair._silos.Add(await CrashSilo.StartAsync(pair.Dir("b"), pair._token, pair.StorageArgs));
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

            var reader = await CrashSilo.StartAsync(Dir("c"), _token, StorageArgs);
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
}
