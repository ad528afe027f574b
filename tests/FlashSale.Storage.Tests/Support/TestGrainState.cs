using Orleans;

namespace FlashSale.Storage.Tests.Support;

/// <summary>The grain-state object Orleans hands a storage provider (State, ETag, RecordExists).</summary>
public sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
