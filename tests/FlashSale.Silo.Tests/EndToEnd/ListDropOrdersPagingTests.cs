using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Grains;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class ListDropOrdersPagingTests
{
    private const int Orders = 1_100;

    [Fact]
    public async Task ListDropOrders_MoreOrdersThanOnePage_PagesThroughEveryOrderOnceInIdOrder()
    {
        // Arrange: more orders than the default page of 1000.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: Orders);
        var granted = await GrabAsync(silo, dropId, Orders);
        var admin = silo.Admin;

        // Act: by hand with 400 a page, with the default page size, and with the client's enumerator.
        var pages = new List<ListDropOrdersReply>();
        var request = new ListDropOrdersRequest { DropId = dropId, PageSize = 400 };
        do
        {
            var page = await admin.ListDropOrdersAsync(request).WithTimeout();
            pages.Add(page);
            request = new ListDropOrdersRequest { DropId = dropId, PageSize = 400, PageToken = page.NextPageToken };
            Assert.True(pages.Count <= 10, "paging did not end");
        }
        while (request.PageToken.Length > 0);
        var firstDefault = await admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId }).WithTimeout();
        var all = await CollectAsync(admin.ListAllDropOrdersAsync(dropId));

        // Assert
        Assert.Equal([400, 400, 300], pages.Select(p => p.Orders.Count));
        Assert.Equal(string.Empty, pages[^1].NextPageToken);
        var paged = pages.SelectMany(p => p.Orders).Select(o => o.OrderId).ToList();
        Assert.Equal(Enumerable.Range(1, Orders).Select(i => OrderId.Format(dropId, i)), paged);
        Assert.Equal(granted.Order(StringComparer.Ordinal), paged.Order(StringComparer.Ordinal));

        Assert.Equal(DropOrderPages.DefaultPageSize, firstDefault.Orders.Count);
        Assert.NotEqual(string.Empty, firstDefault.NextPageToken);
        Assert.Equal(paged, all.Select(o => o.OrderId));
        Assert.All(all, o => Assert.Equal(OrderState.PendingPayment, o.State));
    }

    [Fact]
    public async Task ListDropOrders_NegativePageSizeOrForeignToken_IsInvalidArgumentNamingTheField()
    {
        // Arrange: two drops; a real token of the first.
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 3);
        var (_, otherDropId) = await silo.OpenDropAsync(quantity: 3);
        await GrabAsync(silo, dropId, 3);
        await GrabAsync(silo, otherDropId, 3);
        var admin = silo.Admin;
        var first = await admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId, PageSize = 1 }).WithTimeout();
        Assert.NotEqual(string.Empty, first.NextPageToken);

        // Act + assert
        var cases = new (string Field, ListDropOrdersRequest Request)[]
        {
            ("page_size", new() { DropId = dropId, PageSize = -1 }),
            ("page_size", new() { DropId = dropId, PageSize = int.MinValue }),
            ("page_token", new() { DropId = dropId, PageToken = "garbage!!" }),
            ("page_token", new() { DropId = dropId, PageToken = new string('A', 4_000) }),
            ("page_token", new() { DropId = otherDropId, PageToken = first.NextPageToken }),
        };
        foreach (var (field, request) in cases)
        {
            var error = await AssertStatusAsync(StatusCode.InvalidArgument, () => admin.ListDropOrdersAsync(request));
            Assert.StartsWith(field + " ", error.Status.Detail, StringComparison.Ordinal);
        }

        // Assert: the token still works for its own drop.
        var second = await admin.ListDropOrdersAsync(new ListDropOrdersRequest { DropId = dropId, PageSize = 5, PageToken = first.NextPageToken }).WithTimeout();
        Assert.Equal([OrderId.Format(dropId, 2), OrderId.Format(dropId, 3)], second.Orders.Select(o => o.OrderId));
        Assert.Equal(string.Empty, second.NextPageToken);
    }

    /// <summary>One unit each for <paramref name="count"/> distinct shoppers, 100 in flight at a time.</summary>
    private static async Task<List<string>> GrabAsync(TestSilo silo, string dropId, int count)
    {
        var shop = silo.Shop;
        var ids = new List<string>(count);
        for (var start = 0; start < count; start += 100)
        {
            var replies = await Task.WhenAll(Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => shop.GrabAsync(dropId, $"pager-{i}", idempotencyKey: $"grab-{i}"))).WithTimeout();
            Assert.All(replies, r => Assert.Equal(ResultCode.Ok, r.Result));
            ids.AddRange(replies.Select(r => r.Order.OrderId));
        }

        return ids;
    }

    private static async Task<List<Order>> CollectAsync(IAsyncEnumerable<Order> orders)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var list = new List<Order>();
        await foreach (var order in orders.WithCancellation(timeout.Token))
        {
            list.Add(order);
        }

        return list;
    }
}
