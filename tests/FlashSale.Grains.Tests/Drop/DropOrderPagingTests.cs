using System.Buffers.Text;
using System.Text;
using FlashSale.Api.V1;
using FlashSale.Testing;

namespace FlashSale.Grains.Tests.Drop;

public sealed class DropOrderPagingTests
{
    [Fact]
    public async Task ListOrders_2500OrdersWithDefaultPageSize_PagesOf1000InSequenceOrderEachOrderOnce()
    {
        // Arrange
        await using var host = await GrainTestHost.StartAsync();
        var granted = await GrabManyAsync(host, "d1", 2_500);

        // Act
        var pages = await ReadAllPagesAsync(host.Drop("d1"), pageSize: 0);

        // Assert: 1000 + 1000 + 500, only the last without a token.
        Assert.Equal([1_000, 1_000, 500], pages.Select(p => p.Orders.Count));
        Assert.All(pages.SkipLast(1), p => Assert.NotEqual(string.Empty, p.NextPageToken));
        Assert.Equal(string.Empty, pages[^1].NextPageToken);
        var ids = pages.SelectMany(p => p.Orders).Select(o => o.OrderId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(granted.Order(), ids.Order());
        Assert.Equal(Enumerable.Range(1, 2_500).Select(i => (long)i), ids.Select(Sequence));
    }

    [Fact]
    public async Task ListOrders_OrderCountAMultipleOfThePageSize_LastFullPageHasNoToken()
    {
        await using var host = await GrainTestHost.StartAsync();
        await GrabManyAsync(host, "d1", 1_500);

        var pages = await ReadAllPagesAsync(host.Drop("d1"), pageSize: 500);

        // No trailing empty page: the grain only hands out a token when an order lies beyond.
        Assert.Equal([500, 500, 500], pages.Select(p => p.Orders.Count));
        Assert.Equal(string.Empty, pages[^1].NextPageToken);
    }

    [Fact]
    public async Task ListOrders_PageSizeAbove10000_IsClampedTo10000()
    {
        await using var host = await GrainTestHost.StartAsync();
        await GrabManyAsync(host, "d1", 10_050);

        var first = await host.Drop("d1").ListOrders(new ListDropOrdersRequest { PageSize = 50_000 }).WithTimeout();
        var rest = await host.Drop("d1").ListOrders(new ListDropOrdersRequest { PageSize = 50_000, PageToken = first.NextPageToken }).WithTimeout();

        Assert.Equal(DropOrderPages.MaxPageSize, first.Orders.Count);
        Assert.Equal(50, rest.Orders.Count);
        Assert.Equal(10_001, Sequence(rest.Orders[0].OrderId));
        Assert.Equal(string.Empty, rest.NextPageToken);
    }

    [Fact]
    public async Task ListOrders_LargeOrders_StopsPagesUnderTheByteBudgetAndLosesNone()
    {
        // Arrange: a 4000-character title (longer than the admin API allows) makes each order ~4 KB,
        // so 10000 of them would be ~40 MB.
        await using var host = await GrainTestHost.StartAsync();
        await host.ScheduleDropAsync("big", quantity: 1_600, configure: r => r.Title = new string('x', 4_000));
        await GrabManyAsync(host, "big", 1_600, schedule: false);

        // Act
        var pages = await ReadAllPagesAsync(host.Drop("big"), pageSize: 10_000);

        // Assert
        Assert.True(pages.Count >= 2, $"{pages.Count} page(s) for ~6 MB of orders");
        Assert.All(pages, p => Assert.InRange(p.CalculateSize(), 1, DropOrderPages.MaxPageBytes + 1_024));
        var ids = pages.SelectMany(p => p.Orders).Select(o => Sequence(o.OrderId)).ToList();
        Assert.Equal(Enumerable.Range(1, 1_600).Select(i => (long)i), ids);
    }

    [Fact]
    public async Task ListOrders_OrdersGrabbedBetweenPages_AppearOnALaterPage()
    {
        await using var host = await GrainTestHost.StartAsync();
        await GrabManyAsync(host, "d1", 5, quantity: 10);
        var drop = host.Drop("d1");

        var first = await drop.ListOrders(new ListDropOrdersRequest { PageSize = 3 }).WithTimeout();
        await host.GrabAsync("d1", "late-1");
        await host.GrabAsync("d1", "late-2");
        var second = await drop.ListOrders(new ListDropOrdersRequest { PageSize = 3, PageToken = first.NextPageToken }).WithTimeout();
        var third = await drop.ListOrders(new ListDropOrdersRequest { PageSize = 3, PageToken = second.NextPageToken }).WithTimeout();

        Assert.Equal([1L, 2, 3], first.Orders.Select(o => Sequence(o.OrderId)));
        Assert.Equal([4L, 5, 6], second.Orders.Select(o => Sequence(o.OrderId)));
        Assert.Equal("late-2", Assert.Single(third.Orders).UserId);
        Assert.Equal(string.Empty, third.NextPageToken);
    }

    [Fact]
    public async Task ListOrders_NegativePageSize_ThrowsNamingPageSize()
    {
        await using var host = await GrainTestHost.StartAsync();
        await GrabManyAsync(host, "d1", 3);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => host.Drop("d1").ListOrders(new ListDropOrdersRequest { PageSize = -1 }).WithTimeout());

        Assert.Equal("page_size", error.ParamName);
    }

    [Theory]
    [InlineData("not base64url!")]
    [InlineData("AAAA")] // decodes to three NUL bytes
    [InlineData("d1/0")] // not encoded at all
    public async Task ListOrders_GarbageToken_ThrowsNamingPageToken(string token)
    {
        await using var host = await GrainTestHost.StartAsync();
        await GrabManyAsync(host, "d1", 3);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => host.Drop("d1").ListOrders(new ListDropOrdersRequest { PageToken = token }).WithTimeout());

        Assert.Equal("page_token", error.ParamName);
    }

    [Theory]
    [InlineData("d2/1")] // another drop's token
    [InlineData("d1/0")] // a sequence no page ends at
    [InlineData("d1/01")] // not the spelling the grain issues
    [InlineData("d1/-1")]
    public async Task ListOrders_TokenNotIssuedForThisDrop_ThrowsNamingPageToken(string payload)
    {
        await using var host = await GrainTestHost.StartAsync();
        await GrabManyAsync(host, "d1", 3);
        var token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => host.Drop("d1").ListOrders(new ListDropOrdersRequest { PageToken = token }).WithTimeout());

        Assert.Equal("page_token", error.ParamName);
    }

    [Fact]
    public async Task ListOrders_UnscheduledDrop_ReturnsAnEmptyLastPage()
    {
        await using var host = await GrainTestHost.StartAsync();

        var page = await host.Drop("never").ListOrders(new ListDropOrdersRequest()).WithTimeout();

        Assert.Empty(page.Orders);
        Assert.Equal(string.Empty, page.NextPageToken);
    }

    /// <summary>Grabs <paramref name="count"/> orders of one unit each (distinct users), 250 at a
    /// time so the drop's mailbox is never full; returns their order ids.</summary>
    private static async Task<List<string>> GrabManyAsync(GrainTestHost host, string dropId, int count, bool schedule = true, int? quantity = null)
    {
        if (schedule)
        {
            await host.ScheduleDropAsync(dropId, quantity: quantity ?? count);
        }

        var ids = new List<string>(count);
        for (var start = 0; start < count; start += 250)
        {
            var replies = await Task.WhenAll(Enumerable.Range(start, Math.Min(250, count - start)).Select(i =>
                host.Drop(dropId).Grab(new Protos.DropGrab { UserId = $"u{i}", Quantity = 1, IdempotencyKey = $"k{i}" }))).WithTimeout();
            Assert.All(replies, r => Assert.Equal(ResultCode.Ok, r.Result));
            ids.AddRange(replies.Select(r => r.Order.OrderId));
        }

        return ids;
    }

    private static async Task<List<ListDropOrdersReply>> ReadAllPagesAsync(IDropGrain drop, int pageSize)
    {
        var pages = new List<ListDropOrdersReply>();
        var token = string.Empty;
        do
        {
            var page = await drop.ListOrders(new ListDropOrdersRequest { PageSize = pageSize, PageToken = token }).WithTimeout();
            pages.Add(page);
            token = page.NextPageToken;
            Assert.True(pages.Count <= 100, "paging did not end");
        }
        while (token.Length > 0);

        return pages;
    }

    private static long Sequence(string orderId) =>
        OrderId.TryParse(orderId, out _, out var sequence) ? sequence : throw new FormatException(orderId);
}
