namespace FlashSale.Client;

/// <summary>Per-call settings. A struct so that passing none or a timeout costs no allocation.</summary>
public readonly struct CallOptions
{
    /// <summary>Relative time limit; wins over <see cref="Deadline"/> when both are set.
    /// <see cref="Timeout.InfiniteTimeSpan"/> means no deadline even if the channel has a default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Absolute deadline (UTC).</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Extra request headers (lower-case names); e.g. a per-call <c>authorization</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>Options with only a timeout.</summary>
    public static CallOptions WithTimeout(TimeSpan timeout) => new() { Timeout = timeout };
}
