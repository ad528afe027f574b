using FlashSale.Api.V1;
using FlashSale.LoadTests.Audit;

namespace FlashSale.LoadTests.Tests.Audit;

/// <summary>A consistent drop of 10 units (limit 2, price 100): alice paid 1, bob holds 2 pending,
/// carol paid 1 with a coupon (10 off). Wallets credited 1,000 each. Every test corrupts one thing.</summary>
internal sealed class AuditFixture
{
    public const string DropId = "d1";
    public const string PoolId = "p1";
    public const long Credit = 1_000;

    public AuditFixture()
    {
        Server.Drops[DropId] = new DropStatus { DropId = DropId, Quantity = 10, Sold = 2, Reserved = 2, Remaining = 6, PerUserLimit = 2 };
        Server.Orders[DropId] =
        [
            Order("d1/1", "alice", 1, OrderState.Paid, paid: 100),
            Order("d1/2", "bob", 2, OrderState.PendingPayment, paid: 0),
            Order("d1/3", "carol", 1, OrderState.Paid, paid: 90, coupon: "p1:carol"),
        ];
        Server.Wallets["alice"] = Wallet("alice", 900, ("d1/1", 100));
        Server.Wallets["bob"] = Wallet("bob", 1_000);
        Server.Wallets["carol"] = Wallet("carol", 910, ("d1/3", 90));
        Server.Pools[PoolId] = new CouponPoolStatus { PoolId = PoolId, Total = 5, Claimed = 1, Redeemed = 1 };

        Acks.Grabbed("d1/1", DropId, "alice", 1);
        Acks.Grabbed("d1/2", DropId, "bob", 2);
        Acks.Grabbed("d1/3", DropId, "carol", 1);
        Acks.Paid("d1/1", DropId, "alice", 100, "");
        Acks.Paid("d1/3", DropId, "carol", 90, "p1:carol");
        Acks.Claimed(PoolId, "carol", "p1:carol");
    }

    public FakeServerView Server { get; } = new();

    public AckLedger Acks { get; } = new();

    public AuditPlan Plan { get; } = new([DropId], [PoolId], Credit);

    public Task<AuditReport> RunAsync() => new InvariantAudit(Server).RunAsync(Plan, Acks, CancellationToken.None);

    public static Order Order(string id, string user, int quantity, OrderState state, long paid, string coupon = "") => new()
    {
        OrderId = id,
        DropId = DropId,
        UserId = user,
        Quantity = quantity,
        UnitPrice = 100,
        TotalAmount = 100 * quantity,
        PaidAmount = paid,
        State = state,
        CouponId = coupon,
    };

    public static WalletReply Wallet(string user, long balance, params (string Order, long Amount)[] debits)
    {
        var wallet = new WalletReply { UserId = user, Balance = balance };
        foreach (var (order, amount) in debits)
        {
            wallet.Entries.Add(new LedgerEntry { Kind = "debit", Reference = order, Amount = -amount });
        }

        return wallet;
    }
}
