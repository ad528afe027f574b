using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;

namespace FlashSale.LoadTests.Tests.Audit;

public sealed class InvariantAuditTests
{
    [Fact]
    public async Task RunAsync_ConsistentServer_IsClean()
    {
        var fixture = new AuditFixture();

        var report = await fixture.RunAsync().WithTimeout();

        Assert.True(report.Passed, string.Join("; ", report.Violations.Select(v => v.Message)));
        var drop = Assert.Single(report.Drops);
        Assert.Equal((10, 2, 2, 0, 3, 3, 0, 0), (drop.Quantity, drop.Sold, drop.Reserved, drop.Oversold, drop.AckedOrders, drop.StoredOrders, drop.LostAcks, drop.PerUserLimitViolations));
        Assert.Equal(3, report.WalletsChecked);
    }

    [Fact]
    public async Task RunAsync_PlantedOversell_ReportsTheDropAndFails()
    {
        // A drop that skipped its stock check: 12 units out of 10.
        var fixture = new AuditFixture();
        fixture.Server.Drops[AuditFixture.DropId].Sold = 10;

        var report = await fixture.RunAsync().WithTimeout();

        var violation = Assert.Single(report.Violations, v => v.Kind == "oversold");
        Assert.Equal([AuditFixture.DropId], violation.Ids);
        Assert.Equal(2, report.Drops[0].Oversold);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task RunAsync_OrdersHoldMoreThanQuantity_IsAnOversellEvenIfCountersLookFine()
    {
        var fixture = new AuditFixture();
        for (var i = 0; i < 8; i++)
        {
            fixture.Server.Orders[AuditFixture.DropId].Add(AuditFixture.Order($"d1/x{i}", $"u{i}", 1, OrderState.PendingPayment, 0));
        }

        var report = await fixture.RunAsync().WithTimeout();

        Assert.Contains(report.Violations, v => v.Kind == "oversold");
        Assert.Equal(2, report.Drops[0].Oversold);
    }

    [Fact]
    public async Task RunAsync_AcknowledgedOrderMissing_ListsTheLostOrderId()
    {
        var fixture = new AuditFixture();
        fixture.Server.Orders[AuditFixture.DropId].RemoveAll(o => o.OrderId == "d1/2");
        fixture.Server.Drops[AuditFixture.DropId].Reserved = 0;

        var report = await fixture.RunAsync().WithTimeout();

        var violation = Assert.Single(report.Violations);
        Assert.Equal("lost-ack", violation.Kind);
        Assert.Equal(["d1/2"], violation.Ids);
        Assert.Equal(1, report.Drops[0].LostAcks);
    }

    [Fact]
    public async Task RunAsync_AcknowledgedPaymentNotPaid_ListsTheOrder()
    {
        var fixture = new AuditFixture();
        fixture.Server.Orders[AuditFixture.DropId][0].State = OrderState.PendingPayment;
        fixture.Server.Wallets["alice"] = AuditFixture.Wallet("alice", 1_000);

        var report = await fixture.RunAsync().WithTimeout();

        var violation = Assert.Single(report.Violations);
        Assert.Equal("lost-payment", violation.Kind);
        Assert.Equal(["d1/1"], violation.Ids);
    }

    [Fact]
    public async Task RunAsync_UserOverLimit_ListsTheUser()
    {
        var fixture = new AuditFixture();
        fixture.Server.Orders[AuditFixture.DropId].Add(AuditFixture.Order("d1/4", "bob", 1, OrderState.PendingPayment, 0));
        fixture.Server.Drops[AuditFixture.DropId].Reserved = 3;

        var report = await fixture.RunAsync().WithTimeout();

        var violation = Assert.Single(report.Violations);
        Assert.Equal("per-user-limit", violation.Kind);
        Assert.Equal(["bob"], violation.Ids);
        Assert.Equal(1, report.Drops[0].PerUserLimitViolations);
    }

    [Theory]
    [InlineData(850L, 100L)]
    [InlineData(900L, 150L)]
    public async Task RunAsync_WalletDebitMismatch_ListsTheUser(long balance, long debit)
    {
        var fixture = new AuditFixture();
        fixture.Server.Wallets["alice"] = AuditFixture.Wallet("alice", balance, ("d1/1", debit));

        var report = await fixture.RunAsync().WithTimeout();

        var violation = Assert.Single(report.Violations);
        Assert.Equal("wallet-mismatch", violation.Kind);
        Assert.Equal(["alice"], violation.Ids);
    }

    [Fact]
    public async Task RunAsync_CouponsOverRedeemedAndOverClaimed_ReportsBoth()
    {
        var fixture = new AuditFixture();
        fixture.Server.Pools[AuditFixture.PoolId] = new CouponPoolStatus { PoolId = AuditFixture.PoolId, Total = 5, Claimed = 6, Redeemed = 7 };

        var report = await fixture.RunAsync().WithTimeout();

        Assert.Contains(report.Violations, v => v.Kind == "coupon-overclaimed" && v.Ids.SequenceEqual([AuditFixture.PoolId]));
        Assert.Contains(report.Violations, v => v.Kind == "coupon-overredeemed" && v.Ids.SequenceEqual([AuditFixture.PoolId]));
    }

    [Fact]
    public async Task RunAsync_AcknowledgedClaimsNotStored_IsALostClaim()
    {
        var fixture = new AuditFixture();
        fixture.Server.Pools[AuditFixture.PoolId] = new CouponPoolStatus { PoolId = AuditFixture.PoolId, Total = 5, Claimed = 0, Redeemed = 0 };

        var report = await fixture.RunAsync().WithTimeout();

        Assert.Contains(report.Violations, v => v.Kind == "lost-claim");
    }

    [Fact]
    public async Task RunAsync_CouponPaysTwoOrders_ListsTheCoupon()
    {
        var fixture = new AuditFixture();
        var second = fixture.Server.Orders[AuditFixture.DropId][0];
        second.CouponId = "p1:carol";

        var report = await fixture.RunAsync().WithTimeout();

        var violation = Assert.Single(report.Violations, v => v.Kind == "coupon-double-redeemed");
        Assert.Equal(["p1:carol"], violation.Ids);
    }

    [Fact]
    public async Task RunAsync_DropUnreadable_FailsInsteadOfPassingSilently()
    {
        var fixture = new AuditFixture();
        fixture.Server.Drops.Clear();

        var report = await fixture.RunAsync().WithTimeout();

        Assert.Contains(report.Violations, v => v.Kind == "audit-unreadable" && v.Ids.Contains(AuditFixture.DropId));
        Assert.False(report.Passed);
    }
}
