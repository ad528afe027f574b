using System.Collections.Concurrent;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Testing.Servers;
using Xunit.Abstractions;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Crash;

/// <summary>A simulated stale owner: two silo processes without shared membership on one PostgreSQL
/// database each activate the same Drop, as two owners would after a crash or a split membership view.
/// Version-checked writes must let only one of them commit each change; the other's callers get a
/// retriable UNAVAILABLE, never a success.</summary>
[Collection(CrashCollection.Name)]
public sealed class StaleOwnerCrashTests(PostgresServerFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const int Quantity = 200;

    [Fact]
    public async Task Grab_TwoActivationsOfOneDrop_NeverOversellAndStaleCommitsFailUnavailable()
    {
        // Arrange
        await using var pair = await StaleOwnerSiloPair.StartAsync(postgres.Server.CreateUniqueDatabase());
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
        Assert.All(errors, e => Assert.True(e.Error!.StatusCode == StatusCode.Unavailable, $"{e.Error.StatusCode}: {e.Error.Status.Detail}"));

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
        await using var pair = await StaleOwnerSiloPair.StartAsync(postgres.Server.CreateUniqueDatabase());
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
}
