using FlashSale.Silo.Monitoring.Alerts;
using FlashSale.Testing;
using Microsoft.Extensions.Logging;

namespace FlashSale.Silo.Tests.Monitoring;

public sealed class AlertBoardTests
{
    [Fact]
    public void Apply_LogsOncePerTransitionAndKeepsSince()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var log = new ListLogger<AlertBoard>();
        var board = new AlertBoard(log, time);
        AlertVerdict LowStock(bool active) => new(AlertRules.LowStock, active, active ? "d1: 3 left" : "fine");

        // Act: quiet, raised, still raised (twice), cleared.
        board.Apply([LowStock(false)]);
        board.Apply([LowStock(true)]);
        var raisedAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(5));
        board.Apply([LowStock(true)]);
        board.Apply([LowStock(true)]);
        var stillActive = board.Current.Single(a => a.Name == AlertRules.LowStock);
        board.Apply([LowStock(false)]);

        // Assert
        Assert.Equal(["Alert low_stock raised: d1: 3 left", "Alert low_stock cleared: fine"], log.Messages);
        Assert.True(stillActive.Active);
        Assert.Equal(raisedAt, stillActive.Since);
        Assert.False(board.Current.Single(a => a.Name == AlertRules.LowStock).Active);
        Assert.Equal(AlertRules.All, board.Current.Select(a => a.Name));
    }

    /// <summary>Collects formatted log lines.</summary>
    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
            {
                _messages.Add(formatter(state, exception));
            }
        }
    }
}
