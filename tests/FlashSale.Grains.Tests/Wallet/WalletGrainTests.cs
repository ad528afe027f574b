using FlashSale.Api.V1;
using FlashSale.Grains.Protos;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Tests.Wallet;

public sealed class WalletGrainTests
{
    [Fact]
    public async Task Credit_RetriedWithSameKey_CreditsOnce()
    {
        await using var host = await GrainTestHost.StartAsync();
        var credit = new CreditWalletRequest { UserId = "alice", Amount = 5_000, IdempotencyKey = "top-up-1" };

        await host.Wallet("alice").Credit(credit).WithTimeout();
        var again = await host.Wallet("alice").Credit(credit).WithTimeout();

        Assert.Equal(5_000, again.Balance);
        Assert.Single(again.Entries);
    }

    [Fact]
    public async Task Debit_MoreThanBalance_ReturnsInsufficientAndNeverGoesNegative()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.CreditAsync("alice", 1_000);

        var refused = await host.Wallet("alice").Debit(new WalletDebit { OrderId = "d1/1", Amount = 1_001 }).WithTimeout();
        var exact = await host.Wallet("alice").Debit(new WalletDebit { OrderId = "d1/2", Amount = 1_000 }).WithTimeout();
        var empty = await host.Wallet("alice").Debit(new WalletDebit { OrderId = "d1/3", Amount = 1 }).WithTimeout();

        Assert.Equal((ResultCode.InsufficientBalance, 1_000L), (refused.Result, refused.Balance));
        Assert.Equal((ResultCode.Ok, 0L), (exact.Result, exact.Balance));
        Assert.Equal((ResultCode.InsufficientBalance, 0L), (empty.Result, empty.Balance));
    }

    [Fact]
    public async Task Debit_RetriedForSameOrder_DebitsOnce()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.CreditAsync("alice", 1_000);

        await host.Wallet("alice").Debit(new WalletDebit { OrderId = "d1/1", Amount = 400 }).WithTimeout();
        var retry = await host.Wallet("alice").Debit(new WalletDebit { OrderId = "d1/1", Amount = 400 }).WithTimeout();

        Assert.Equal((ResultCode.Ok, 600L), (retry.Result, retry.Balance));
    }

    [Fact]
    public async Task Refund_OnlyForDebitedOrders_AndOnce()
    {
        await using var host = await GrainTestHost.StartAsync();
        await host.CreditAsync("alice", 1_000);
        await host.Wallet("alice").Debit(new WalletDebit { OrderId = "d1/1", Amount = 400 }).WithTimeout();

        var unknown = await host.Wallet("alice").Refund(new WalletRefund { OrderId = "d1/9", Amount = 400 }).WithTimeout();
        var first = await host.Wallet("alice").Refund(new WalletRefund { OrderId = "d1/1", Amount = 400 }).WithTimeout();
        var second = await host.Wallet("alice").Refund(new WalletRefund { OrderId = "d1/1", Amount = 400 }).WithTimeout();

        Assert.Equal(ResultCode.NotRefundable, unknown.Result);
        Assert.Equal((ResultCode.Ok, 1_000L), (first.Result, first.Balance));
        Assert.Equal((ResultCode.Ok, 1_000L), (second.Result, second.Balance));
    }

    [Fact]
    public async Task Get_ListsNewestEntriesFirstAndKeepsAtMost50()
    {
        await using var host = await GrainTestHost.StartAsync();
        for (var i = 1; i <= 60; i++)
        {
            await host.Wallet("alice").Credit(new CreditWalletRequest { Amount = i, IdempotencyKey = $"k{i}" }).WithTimeout();
        }

        var wallet = await host.Wallet("alice").Get(new Empty()).WithTimeout();

        Assert.Equal(60 * 61 / 2, wallet.Balance);
        Assert.Equal(50, wallet.Entries.Count);
        Assert.Equal(60, wallet.Entries[0].Amount);
        Assert.Equal(wallet.Balance, wallet.Entries[0].BalanceAfter);
    }
}
