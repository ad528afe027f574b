using System.Diagnostics.Metrics;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.AntiAbuse;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static FlashSale.Silo.Tests.AntiAbuse.AbuseScenario;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.AntiAbuse;

[Collection(EndToEndCollection.Name)]
public sealed class BlocklistSiloTests
{
    [Fact]
    public async Task BlockedUser_OnEveryActingMethod_IsPermissionDeniedWithReasonAndCounted()
    {
        // Arrange: an order to pay and one to cancel, made before the block.
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10, perUserLimit: 5);
        var pool = NewId("pool");
        await silo.Admin.CreateCouponPoolAsync(new CreateCouponPoolRequest { PoolId = pool, Kind = CouponKind.AmountOff, AmountOff = 100, Total = 10 }).WithTimeout();
        var (user, other) = (NewId("bad"), NewId("good"));
        await silo.CreditAsync(user, 100_000);
        var toPay = (await silo.Shop.GrabAsync(dropId, user).WithTimeout()).Order.OrderId;
        var toCancel = (await silo.Shop.GrabAsync(dropId, user).WithTimeout()).Order.OrderId;
        using var counted = new RejectionCounter();

        // Act
        await silo.BlockUserAsync(user, "refund fraud");

        // Assert: every acting method is refused with the reason; other users are not affected.
        const StatusCode Denied = StatusCode.PermissionDenied;
        var blocked = RejectionReasons.UserBlocked;
        await AssertRejectedAsync(Denied, blocked, () => silo.Shop.GrabAsync(dropId, user));
        await AssertRejectedAsync(Denied, blocked, () => silo.Shop.PayAsync(toPay, user));
        await AssertRejectedAsync(Denied, blocked, () => silo.Shop.CancelOrderAsync(new CancelOrderRequest { OrderId = toCancel, UserId = user, IdempotencyKey = IdempotencyKeys.New() }));
        await AssertRejectedAsync(Denied, blocked, () => silo.Shop.ClaimCouponAsync(new ClaimCouponRequest { PoolId = pool, UserId = user, IdempotencyKey = IdempotencyKeys.New() }));
        Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, other).WithTimeout()).Result);
        Assert.Equal(ResultCode.Ok, (await silo.Shop.ClaimCouponAsync(new ClaimCouponRequest { PoolId = pool, UserId = other, IdempotencyKey = IdempotencyKeys.New() }).WithTimeout()).Result);
        // Reads are not acting calls: the user still sees their orders.
        Assert.Equal(2, (await silo.Shop.ListMyOrdersAsync(new ListMyOrdersRequest { UserId = user }).WithTimeout()).Orders.Count);
        Assert.Equal(3, (await silo.DropStatusAsync(dropId)).Reserved);
        Assert.Equal(["CancelOrder", "ClaimCoupon", "Grab", "Pay"], counted.Methods(blocked));
    }

    [Fact]
    public async Task Unblock_LetsTheUserActAgain_AndListBlocksShowsOnlyWhatBlocks()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10);
        var user = NewId("user");
        await silo.BlockUserAsync(user);
        await AssertRejectedAsync(StatusCode.PermissionDenied, RejectionReasons.UserBlocked, () => silo.Shop.GrabAsync(dropId, user));
        var listed = await silo.Admin.ListBlocksAsync(new ListBlocksRequest()).WithTimeout();

        // Act
        var unblocked = await silo.Admin.UnblockUserAsync(new UnblockUserRequest { UserId = user }).WithTimeout();
        var again = await silo.Admin.UnblockUserAsync(new UnblockUserRequest { UserId = user }).WithTimeout();

        // Assert
        Assert.Equal([user], listed.Entries.Select(e => e.Value));
        Assert.True(unblocked.Removed);
        Assert.False(again.Removed);
        Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, user).WithTimeout()).Result);
        Assert.Empty((await silo.Admin.ListBlocksAsync(new ListBlocksRequest()).WithTimeout()).Entries);
    }

    [Fact]
    public async Task Blocklist_OnSqlite_SurvivesARestart()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10);
        var (user, freed) = (NewId("user"), NewId("freed"));
        await silo.BlockUserAsync(user, "bot");
        await silo.BlockUserAsync(freed);
        await silo.Admin.UnblockUserAsync(new UnblockUserRequest { UserId = freed }).WithTimeout();
        await silo.Admin.BlockAddressAsync(new BlockAddressRequest { Address = "192.0.2.0/24", Reason = "test net" }).WithTimeout();

        // Act
        await silo.RestartAsync();

        // Assert
        var entries = (await silo.Admin.ListBlocksAsync(new ListBlocksRequest()).WithTimeout()).Entries;
        Assert.Equal([("192.0.2.0/24", BlockKind.Address, "test net"), (user, BlockKind.User, "bot")], entries.Select(e => (e.Value, e.Kind, e.Reason)));
        await AssertRejectedAsync(StatusCode.PermissionDenied, RejectionReasons.UserBlocked, () => silo.Shop.GrabAsync(dropId, user));
        Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, freed).WithTimeout()).Result);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.0/8")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task BlockedAddress_LoopbackClient_IsRejectedForEveryUserUntilUnblocked(string address)
    {
        // Arrange: the test's client reaches Kestrel from 127.0.0.1.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10);
        var unrelated = await silo.Admin.BlockAddressAsync(new BlockAddressRequest { Address = "10.1.2.3" }).WithTimeout();
        Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, NewId("before")).WithTimeout()).Result);

        // Act
        var blocked = await silo.Admin.BlockAddressAsync(new BlockAddressRequest { Address = address }).WithTimeout();

        // Assert
        Assert.True(unrelated.Created);
        Assert.True(blocked.Created);
        await AssertRejectedAsync(StatusCode.PermissionDenied, RejectionReasons.AddressBlocked, () => silo.Shop.GrabAsync(dropId, NewId("a")));
        await AssertRejectedAsync(StatusCode.PermissionDenied, RejectionReasons.AddressBlocked, () => silo.Shop.GrabAsync(dropId, NewId("b")));
        var removed = await silo.Admin.UnblockAddressAsync(new UnblockAddressRequest { Address = address }).WithTimeout();
        Assert.True(removed.Removed);
        Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, NewId("after")).WithTimeout()).Result);
    }

    [Fact]
    public async Task ListRejections_FiltersByUserAndReason_AndPagesNewestFirstWithoutGapsOrRepeats()
    {
        // Arrange: 5 rejections of one user, 2 of another.
        await using var silo = await TestSilo.StartAsync();
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10);
        var (first, second) = (NewId("first"), NewId("second"));
        await silo.BlockUserAsync(first);
        await silo.BlockUserAsync(second);
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 5; i++)
        {
            await AssertStatusAsync(StatusCode.PermissionDenied, () => silo.Shop.GrabAsync(dropId, first));
        }

        for (var i = 0; i < 2; i++)
        {
            await AssertStatusAsync(StatusCode.PermissionDenied, () => silo.Shop.GrabAsync(dropId, second));
        }

        await silo.WaitForRejectionsAsync(new ListRejectionsRequest { Since = Timestamp.FromDateTimeOffset(start) }, r => r.Rejections.Count >= 7);

        // Act: pages of 2 for the first user.
        var pages = new List<ListRejectionsReply>();
        var request = new ListRejectionsRequest { UserId = first, Reason = RejectionReasons.UserBlocked, PageSize = 2 };
        do
        {
            var page = await silo.Admin.ListRejectionsAsync(request).WithTimeout();
            pages.Add(page);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0 && pages.Count < 10);

        // Assert
        var rows = pages.SelectMany(p => p.Rejections).ToList();
        Assert.Equal([2, 2, 1], pages.Select(p => p.Rejections.Count));
        Assert.Equal(5, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(rows.Select(r => r.Id).OrderDescending(), rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal((first, "Grab", dropId, "127.0.0.1"), (r.UserId, r.Method, r.Detail, r.Address)));
        var ofSecond = await silo.Admin.ListRejectionsAsync(new ListRejectionsRequest { UserId = second }).WithTimeout();
        Assert.Equal(2, ofSecond.Rejections.Count);
        Assert.Empty((await silo.Admin.ListRejectionsAsync(new ListRejectionsRequest { Reason = RejectionReasons.RapidGrab }).WithTimeout()).Rejections);
        var later = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty((await silo.Admin.ListRejectionsAsync(new ListRejectionsRequest { Since = later }).WithTimeout()).Rejections);
    }

    [Theory]
    [InlineData("block-user-empty", "user_id")]
    [InlineData("block-user-bad-id", "user_id")]
    [InlineData("block-user-long-reason", "reason")]
    [InlineData("block-address-garbage", "address")]
    [InlineData("block-address-short", "address")]
    [InlineData("block-address-host-bits", "address")]
    [InlineData("block-address-prefix", "address")]
    [InlineData("unblock-address-empty", "address")]
    [InlineData("list-blocks-kind", "kind")]
    [InlineData("rejections-page-size", "page_size")]
    [InlineData("rejections-page-token", "page_token")]
    [InlineData("rejections-reason", "reason")]
    [InlineData("rejections-range", "address")]
    [InlineData("rejections-until", "until")]
    public async Task AbuseAdminCall_WithBadArgument_IsInvalidArgumentNamingTheField(string call, string field)
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var admin = silo.Admin;
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        Func<Task> act = call switch
        {
            "block-user-empty" => () => admin.BlockUserAsync(new BlockUserRequest()),
            "block-user-bad-id" => () => admin.BlockUserAsync(new BlockUserRequest { UserId = "no spaces" }),
            "block-user-long-reason" => () => admin.BlockUserAsync(new BlockUserRequest { UserId = "u", Reason = new string('x', 201) }),
            "block-address-garbage" => () => admin.BlockAddressAsync(new BlockAddressRequest { Address = "999.1.1.1" }),
            "block-address-short" => () => admin.BlockAddressAsync(new BlockAddressRequest { Address = "10.1" }),
            "block-address-host-bits" => () => admin.BlockAddressAsync(new BlockAddressRequest { Address = "10.0.0.1/8" }),
            "block-address-prefix" => () => admin.BlockAddressAsync(new BlockAddressRequest { Address = "10.0.0.0/33" }),
            "unblock-address-empty" => () => admin.UnblockAddressAsync(new UnblockAddressRequest()),
            "list-blocks-kind" => () => admin.ListBlocksAsync(new ListBlocksRequest { Kind = (BlockKind)7 }),
            "rejections-page-size" => () => admin.ListRejectionsAsync(new ListRejectionsRequest { PageSize = -1 }),
            "rejections-page-token" => () => admin.ListRejectionsAsync(new ListRejectionsRequest { PageToken = "not-a-token" }),
            "rejections-reason" => () => admin.ListRejectionsAsync(new ListRejectionsRequest { Reason = "SOLD_OUT" }),
            "rejections-range" => () => admin.ListRejectionsAsync(new ListRejectionsRequest { Address = "10.0.0.0/8" }),
            "rejections-until" => () => admin.ListRejectionsAsync(new ListRejectionsRequest { Since = now, Until = now }),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        // Act
        var error = await AssertStatusAsync(StatusCode.InvalidArgument, act);

        // Assert
        Assert.StartsWith(field + " ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await admin.ListBlocksAsync(new ListBlocksRequest()).WithTimeout()).Entries);
    }

    [Fact]
    public async Task AbuseAdminCalls_WithoutOrWithWrongAdminToken_AreDeniedAndChangeNothing()
    {
        // Arrange
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 10);
        using var anonymous = FlashSaleChannel.ForAddress(silo.GrpcAddress);
        var noToken = new AdminClient(anonymous);
        var wrongToken = new AdminClient(anonymous, "not-" + silo.AdminToken);
        var user = NewId("victim");

        // Act + assert
        await AssertStatusAsync(StatusCode.Unauthenticated, () => noToken.BlockUserAsync(new BlockUserRequest { UserId = user }));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => wrongToken.BlockUserAsync(new BlockUserRequest { UserId = user }));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => wrongToken.BlockAddressAsync(new BlockAddressRequest { Address = "127.0.0.1" }));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => wrongToken.ListBlocksAsync(new ListBlocksRequest()));
        await AssertStatusAsync(StatusCode.Unauthenticated, () => noToken.ListRejectionsAsync(new ListRejectionsRequest()));
        await AssertStatusAsync(StatusCode.PermissionDenied, () => wrongToken.UnblockUserAsync(new UnblockUserRequest { UserId = user }));
        Assert.Empty((await silo.Admin.ListBlocksAsync(new ListBlocksRequest()).WithTimeout()).Entries);
        Assert.Equal(ResultCode.Ok, (await silo.Shop.GrabAsync(dropId, user).WithTimeout()).Result);
    }

    /// <summary>Listens to <c>flashsale.abuse.rejections</c> on the "FlashSale" meter.</summary>
    private sealed class RejectionCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Reason, string Method)> _seen = [];

        public RejectionCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RejectionAudit.MeterName && instrument.Name == RejectionAudit.RejectionsCounter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? reason = null, method = null;
                foreach (var tag in tags)
                {
                    reason = tag.Key == "reason" ? tag.Value as string : reason;
                    method = tag.Key == "method" ? tag.Value as string : method;
                }

                lock (_seen)
                {
                    for (var i = 0; i < value; i++)
                    {
                        _seen.Add((reason ?? "?", method ?? "?"));
                    }
                }
            });
            _listener.Start();
        }

        public string[] Methods(string reason)
        {
            lock (_seen)
            {
                return [.. _seen.Where(s => s.Reason == reason).Select(s => s.Method).Order(StringComparer.Ordinal)];
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
