using FlashSale.Api.V1;

namespace FlashSale.Client.Tests;

public sealed class UnaryRetryTests
{
    private const int Unavailable = 14;
    private const int ResourceExhausted = 8;

    private static readonly RetryOptions Fast = RetryOptions.Default with { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public async Task GrabAsync_TransientFailuresThenOk_RetriesWithTheSameIdempotencyKey()
    {
        // Arrange: UNAVAILABLE, RESOURCE_EXHAUSTED, UNAVAILABLE, then OK.
        await using var server = await ScriptedGrpcServer.StartAsync(n => n switch
        {
            1 or 3 => new ScriptedFailure(Unavailable),
            2 => new ScriptedFailure(ResourceExhausted),
            _ => null,
        });
        using var channel = FlashSaleChannel.ForAddress(server.Address, new FlashSaleChannelOptions { Retry = Fast });
        var request = new GrabRequest { DropId = "d", UserId = "u", Quantity = 1 };

        // Act
        var reply = await new ShopClient(channel).GrabAsync(request).WithTimeout();

        // Assert: four attempts, one key, and it is the key filled on the caller's request object.
        Assert.Equal(ResultCode.Ok, reply.Result);
        var keys = server.Attempts.Select(a => a.Key).ToList();
        Assert.Equal(4, keys.Count);
        Assert.False(string.IsNullOrEmpty(request.IdempotencyKey));
        Assert.All(keys, k => Assert.Equal(request.IdempotencyKey, k));
        Assert.Equal("o-" + request.IdempotencyKey, reply.Order.OrderId);
    }

    [Fact]
    public async Task GrabAsync_RetryAfterHint_WaitsAtLeastTheHintBeforeRetrying()
    {
        // Arrange: the back-off alone would be a few milliseconds; the hint asks for 400 ms.
        await using var server = await ScriptedGrpcServer.StartAsync(n => n == 1 ? new ScriptedFailure(ResourceExhausted, 400) : null);
        using var channel = FlashSaleChannel.ForAddress(server.Address, new FlashSaleChannelOptions { Retry = Fast });

        // Act
        var reply = await new ShopClient(channel).GrabAsync("d", "u").WithTimeout();

        // Assert: only a lower bound; a busy machine may wait longer.
        Assert.Equal(ResultCode.Ok, reply.Result);
        var attempts = server.Attempts.ToArray();
        Assert.Equal(2, attempts.Length);
        var gap = attempts[1].At - attempts[0].At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(390), $"retried after {gap.TotalMilliseconds} ms despite a 400 ms hint");
    }

    [Theory]
    [InlineData(2)] // UNKNOWN
    [InlineData(3)] // INVALID_ARGUMENT
    [InlineData(4)] // DEADLINE_EXCEEDED
    [InlineData(5)] // NOT_FOUND
    [InlineData(7)] // PERMISSION_DENIED
    [InlineData(9)] // FAILED_PRECONDITION
    [InlineData(10)] // ABORTED
    [InlineData(13)] // INTERNAL
    [InlineData(16)] // UNAUTHENTICATED
    public async Task GrabAsync_NonRetriableStatus_FailsAfterOneAttempt(int status)
    {
        // Arrange
        await using var server = await ScriptedGrpcServer.StartAsync(_ => new ScriptedFailure(status, 1));
        using var channel = FlashSaleChannel.ForAddress(server.Address, new FlashSaleChannelOptions { Retry = Fast });

        // Act
        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        // Assert
        Assert.Equal((RpcStatusCode)status, error.StatusCode);
        Assert.Single(server.Attempts);
    }

    [Fact]
    public async Task GrabAsync_AlwaysUnavailable_StopsAtMaxAttemptsWithTheLastError()
    {
        // Arrange
        await using var server = await ScriptedGrpcServer.StartAsync(_ => new ScriptedFailure(Unavailable));
        using var channel = FlashSaleChannel.ForAddress(server.Address, new FlashSaleChannelOptions { Retry = Fast with { MaxAttempts = 3 } });

        // Act
        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        // Assert
        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Equal(3, server.Attempts.Count);
        Assert.Single(server.Attempts.Select(a => a.Key).Distinct());
    }

    [Fact]
    public async Task GrabAsync_HintBeyondTheDeadline_GivesUpWithoutWaitingOrRetrying()
    {
        // Arrange: a 5 s hint against a 1 s call deadline.
        await using var server = await ScriptedGrpcServer.StartAsync(_ => new ScriptedFailure(ResourceExhausted, 5_000));
        using var channel = FlashSaleChannel.ForAddress(server.Address, new FlashSaleChannelOptions { Retry = Fast });

        // Act
        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => new ShopClient(channel).GrabAsync("d", "u", options: CallOptions.WithTimeout(TimeSpan.FromSeconds(1))).WithTimeout(TimeSpan.FromSeconds(4)));

        // Assert: the server's error, not a deadline; waiting 5 s would have hit the 4 s test bound.
        Assert.Equal(RpcStatusCode.ResourceExhausted, error.StatusCode);
        Assert.Single(server.Attempts);
    }

    [Fact]
    public async Task GrabAsync_RetriesUntilTheDeadline_NeverExceedsIt()
    {
        // Arrange: always unavailable with a 100 ms hint, many attempts allowed, a 3 s deadline (long
        // enough that a first attempt on a cold connection on a loaded machine leaves room for more).
        await using var server = await ScriptedGrpcServer.StartAsync(_ => new ScriptedFailure(Unavailable, 100));
        using var channel = FlashSaleChannel.ForAddress(server.Address, new FlashSaleChannelOptions { Retry = Fast with { MaxAttempts = 1_000 } });

        // Act
        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(
            () => new ShopClient(channel).GrabAsync("d", "u", options: CallOptions.WithTimeout(TimeSpan.FromSeconds(3))).WithTimeout());

        // Assert: some retries happened, but far fewer than allowed, and none started after the deadline.
        Assert.True(error.StatusCode is RpcStatusCode.Unavailable or RpcStatusCode.DeadlineExceeded, error.ToString());
        var attempts = server.Attempts.ToArray();
        Assert.InRange(attempts.Length, 2, 31);
        Assert.True(attempts[^1].At - attempts[0].At < TimeSpan.FromSeconds(3), "an attempt started after the call's deadline");
    }

    [Fact]
    public async Task GrabAsync_RetryOff_SendsOnce()
    {
        // Arrange
        await using var server = await ScriptedGrpcServer.StartAsync(_ => new ScriptedFailure(Unavailable));
        using var channel = FlashSaleChannel.ForAddress(server.Address);

        // Act
        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        // Assert
        Assert.Equal(RpcStatusCode.Unavailable, error.StatusCode);
        Assert.Single(server.Attempts);
    }

    [Fact]
    public async Task GrabAsync_CancelledDuringBackoff_ThrowsCancelled()
    {
        // Arrange: a 3 s hint so the caller's cancellation lands while the client waits.
        await using var server = await ScriptedGrpcServer.StartAsync(_ => new ScriptedFailure(Unavailable, 3_000));
        using var channel = FlashSaleChannel.ForAddress(server.Address, new FlashSaleChannelOptions { Retry = Fast });
        using var cancel = new CancellationTokenSource();

        // Act: cancel once the first attempt reached the server (and its answer is on the way back).
        var call = new ShopClient(channel).GrabAsync("d", "u", cancellationToken: cancel.Token);
        var until = DateTime.UtcNow + TestTimeouts.Default;
        while (server.Attempts.IsEmpty && DateTime.UtcNow < until)
        {
            await Task.Delay(10).WithTimeout();
        }

        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<FlashSaleRpcException>(() => call.WithTimeout(TimeSpan.FromSeconds(2.5)));

        // Assert
        Assert.Equal(RpcStatusCode.Cancelled, error.StatusCode);
        Assert.Single(server.Attempts);
    }
}
