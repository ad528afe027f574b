using FlashSale.Api.V1;

namespace FlashSale.Client.Tests;

/// <summary>The channel's retry policy (grpc-dotnet's standard retries from a service config) against a
/// fake silo whose Grab fails as scripted per attempt.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private static readonly RetryOptions Fast = RetryOptions.Default with { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

    private FakeSilo _server = null!;

    private SeenCall[] Attempts => _server.CallsOf("/flashsale.v1.Shop/Grab");

    public async Task InitializeAsync() => _server = await FakeSilo.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GrabAsync_TransientFailuresThenOk_RetriesWithTheSameIdempotencyKey()
    {
        // Arrange: UNAVAILABLE, RESOURCE_EXHAUSTED, UNAVAILABLE, then OK.
        _server.Shop.GrabScript = n => n switch
        {
            1 or 3 => new ScriptedFailure(StatusCode.Unavailable),
            2 => new ScriptedFailure(StatusCode.ResourceExhausted),
            _ => null,
        };
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast });
        var request = new GrabRequest { DropId = "d", UserId = "u", Quantity = 1 };

        // Act
        var reply = await new ShopClient(channel).GrabAsync(request).WithTimeout();

        // Assert: four attempts, one key, and it is the key filled on the caller's request object.
        Assert.Equal(ResultCode.Ok, reply.Result);
        var keys = Attempts.Select(a => ((GrabRequest)a.Request).IdempotencyKey).ToList();
        Assert.Equal(4, keys.Count);
        Assert.False(string.IsNullOrEmpty(request.IdempotencyKey));
        Assert.All(keys, k => Assert.Equal(request.IdempotencyKey, k));
        Assert.Equal("o-" + request.IdempotencyKey, reply.Order.OrderId);
    }

    [Fact]
    public async Task GrabAsync_PushbackTrailer_WaitsAtLeastThePushbackBeforeRetrying()
    {
        // Arrange: the back-off alone would be a few milliseconds; the server asks for 400 ms.
        _server.Shop.GrabScript = n => n == 1 ? new ScriptedFailure(StatusCode.Unavailable, 400) : null;
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast });

        // Act
        var reply = await new ShopClient(channel).GrabAsync("d", "u").WithTimeout();

        // Assert: only a lower bound; a busy machine may wait longer.
        Assert.Equal(ResultCode.Ok, reply.Result);
        var attempts = Attempts;
        Assert.Equal(2, attempts.Length);
        var gap = attempts[1].At - attempts[0].At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(390), $"retried after {gap.TotalMilliseconds} ms despite a 400 ms pushback");
        Assert.Equal(((GrabRequest)attempts[0].Request).IdempotencyKey, ((GrabRequest)attempts[1].Request).IdempotencyKey);
    }

    [Fact]
    public async Task GrabAsync_NegativePushback_DoesNotRetry()
    {
        // A negative pushback is the server's "do not retry" (gRPC retry design, A6).
        _server.Shop.GrabScript = _ => new ScriptedFailure(StatusCode.Unavailable, -1);
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast });

        var error = await Assert.ThrowsAsync<RpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Single(Attempts);
    }

    [Theory]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.Aborted)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Unauthenticated)]
    public async Task GrabAsync_NonRetriableStatus_FailsAfterOneAttempt(StatusCode status)
    {
        // Arrange (no pushback: grpc-dotnet retries any status that carries a non-negative
        // grpc-retry-pushback-ms, so a server sends it only with UNAVAILABLE / RESOURCE_EXHAUSTED).
        _server.Shop.GrabScript = _ => new ScriptedFailure(status);
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        // Assert
        Assert.Equal(status, error.StatusCode);
        Assert.Single(Attempts);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)] // above grpc-dotnet's default cap of 5 attempts: the channel raises the cap
    public async Task GrabAsync_AlwaysUnavailable_StopsAtMaxAttemptsWithTheLastError(int maxAttempts)
    {
        // Arrange
        _server.Shop.GrabScript = _ => new ScriptedFailure(StatusCode.Unavailable);
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast with { MaxAttempts = maxAttempts } });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        // Assert
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(maxAttempts, Attempts.Length);
        Assert.Single(Attempts.Select(a => ((GrabRequest)a.Request).IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task GrabAsync_RetriesUntilTheDeadline_NeverStartsAnAttemptAfterIt()
    {
        // Arrange: always unavailable with a 100 ms pushback, many attempts allowed, a 3 s deadline (long
        // enough that a first attempt on a cold connection on a loaded machine leaves room for more).
        _server.Shop.GrabScript = _ => new ScriptedFailure(StatusCode.Unavailable, 100);
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast with { MaxAttempts = 1_000 } });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => new ShopClient(channel).GrabAsync("d", "u", options: FlashSaleCallOptions.WithTimeout(TimeSpan.FromSeconds(3))).WithTimeout());

        // Assert: some retries happened, but far fewer than allowed, and none started after the deadline.
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded, error.ToString());
        var attempts = Attempts;
        Assert.InRange(attempts.Length, 2, 31);
        Assert.True(attempts[^1].At - attempts[0].At < TimeSpan.FromSeconds(3), "an attempt started after the call's deadline");
    }

    [Fact]
    public async Task GrabAsync_PushbackBeyondTheDeadline_EndsAtTheDeadlineWithoutRetrying()
    {
        // Arrange: a 5 s pushback against a 1 s call deadline.
        _server.Shop.GrabScript = _ => new ScriptedFailure(StatusCode.ResourceExhausted, 5_000);
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(
            () => new ShopClient(channel).GrabAsync("d", "u", options: FlashSaleCallOptions.WithTimeout(TimeSpan.FromSeconds(1))).WithTimeout(TimeSpan.FromSeconds(4)));

        // Assert: the deadline ends the wait (waiting 5 s would have hit the 4 s test bound); one attempt.
        Assert.True(error.StatusCode is StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted, error.ToString());
        Assert.Single(Attempts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // MaxAttempts = 1 turns retries off as well
    public async Task GrabAsync_RetryOff_SendsOnce(bool oneAttempt)
    {
        // Arrange
        _server.Shop.GrabScript = _ => new ScriptedFailure(StatusCode.Unavailable);
        using var channel = FlashSaleChannel.ForAddress(
            _server.Address,
            new FlashSaleChannelOptions { Retry = oneAttempt ? Fast with { MaxAttempts = 1 } : null });

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => new ShopClient(channel).GrabAsync("d", "u").WithTimeout());

        // Assert
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Single(Attempts);
    }

    [Fact]
    public async Task GrabAsync_CancelledDuringBackoff_ThrowsCancelled()
    {
        // Arrange: a 3 s pushback so the caller's cancellation lands while the client waits.
        _server.Shop.GrabScript = _ => new ScriptedFailure(StatusCode.Unavailable, 3_000);
        using var channel = FlashSaleChannel.ForAddress(_server.Address, new FlashSaleChannelOptions { Retry = Fast });
        using var cancel = new CancellationTokenSource();

        // Act: cancel once the first attempt reached the server (and its answer is on the way back).
        var call = new ShopClient(channel).GrabAsync("d", "u", cancellationToken: cancel.Token);
        var until = DateTime.UtcNow + TestTimeouts.Default;
        while (Attempts.Length == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(10).WithTimeout();
        }

        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.WithTimeout(TimeSpan.FromSeconds(2.5)));

        // Assert
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Single(Attempts);
    }
}
