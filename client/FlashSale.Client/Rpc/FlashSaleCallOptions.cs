namespace FlashSale.Client;

/// <summary>Per-call settings of the typed clients. A struct so that passing none or a timeout costs no
/// allocation; the clients turn it into a <see cref="Grpc.Core.CallOptions"/> per call.</summary>
public readonly struct FlashSaleCallOptions
{
    /// <summary>Relative time limit, counted from the moment the call starts; wins over
    /// <see cref="Deadline"/> when both are set. <see cref="Timeout.InfiniteTimeSpan"/> means no deadline
    /// even if the channel has a default. With retries, it bounds all attempts together.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Absolute deadline (UTC).</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Extra request headers (lower-case names); e.g. a per-call <c>authorization</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>Options with only a timeout.</summary>
    public static FlashSaleCallOptions WithTimeout(TimeSpan timeout) => new() { Timeout = timeout };
}
