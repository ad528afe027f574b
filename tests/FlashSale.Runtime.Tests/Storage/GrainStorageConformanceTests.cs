using System.Text;
using FlashSale.Runtime.Storage;
using FlashSale.Testing;

namespace FlashSale.Runtime.Tests.Storage;

/// <summary>What every <see cref="IGrainStorage"/> provider must do. Inherit and supply
/// <see cref="Storage"/>; the suite uses fresh grain ids, so a shared store is fine.</summary>
public abstract class GrainStorageConformanceTests
{
    protected abstract IGrainStorage Storage { get; }

    private static GrainId NewId() => new("conformance", Guid.NewGuid().ToString("N"));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Read_WhenMissing_ReturnsNull()
    {
        Assert.Null(await Storage.ReadAsync(NewId(), default).WithTimeout());
    }

    [Fact]
    public async Task Write_New_ThenReadBack_ReturnsDataAndEtag()
    {
        var id = NewId();

        var etag = await Storage.WriteAsync(id, Bytes("one"), null, default).WithTimeout();
        var stored = await Storage.ReadAsync(id, default).WithTimeout();

        Assert.NotNull(stored);
        Assert.Equal("one", Encoding.UTF8.GetString(stored.Data));
        Assert.Equal(etag, stored.Etag);
    }

    [Fact]
    public async Task Write_WithCurrentEtag_UpdatesAndChangesEtag()
    {
        var id = NewId();
        var first = await Storage.WriteAsync(id, Bytes("one"), null, default).WithTimeout();

        var second = await Storage.WriteAsync(id, Bytes("two"), first, default).WithTimeout();
        var stored = await Storage.ReadAsync(id, default).WithTimeout();

        Assert.NotEqual(first, second);
        Assert.Equal("two", Encoding.UTF8.GetString(stored!.Data));
        Assert.Equal(second, stored.Etag);
    }

    [Fact]
    public async Task Write_WithStaleEtag_ThrowsAndLeavesDataUnchanged()
    {
        var id = NewId();
        var first = await Storage.WriteAsync(id, Bytes("one"), null, default).WithTimeout();
        var second = await Storage.WriteAsync(id, Bytes("two"), first, default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, Bytes("stale"), first, default).WithTimeout());
        var stored = await Storage.ReadAsync(id, default).WithTimeout();

        Assert.Equal("two", Encoding.UTF8.GetString(stored!.Data));
        Assert.Equal(second, stored.Etag);
    }

    [Fact]
    public async Task Write_WithNullEtag_WhenRowExists_Throws()
    {
        var id = NewId();
        await Storage.WriteAsync(id, Bytes("one"), null, default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(id, Bytes("again"), null, default).WithTimeout());
        Assert.Equal("one", Encoding.UTF8.GetString((await Storage.ReadAsync(id, default).WithTimeout())!.Data));
    }

    [Fact]
    public async Task Write_WithEtag_WhenRowMissing_Throws()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteAsync(NewId(), Bytes("x"), "1", default).WithTimeout());
    }

    [Fact]
    public async Task Clear_WithCurrentEtag_RemovesTheRow()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync(id, Bytes("one"), null, default).WithTimeout();

        await Storage.ClearAsync(id, etag, default).WithTimeout();

        Assert.Null(await Storage.ReadAsync(id, default).WithTimeout());
        await Storage.WriteAsync(id, Bytes("reborn"), null, default).WithTimeout();
    }

    [Fact]
    public async Task Clear_WithStaleEtag_ThrowsAndKeepsTheRow()
    {
        var id = NewId();
        var first = await Storage.WriteAsync(id, Bytes("one"), null, default).WithTimeout();
        await Storage.WriteAsync(id, Bytes("two"), first, default).WithTimeout();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearAsync(id, first, default).WithTimeout());
        Assert.NotNull(await Storage.ReadAsync(id, default).WithTimeout());
    }

    [Fact]
    public async Task Write_ConcurrentWritersWithSameEtag_ExactlyOneWins()
    {
        var id = NewId();
        var etag = await Storage.WriteAsync(id, Bytes("base"), null, default).WithTimeout();

        var writers = new Task<string>[8];
        for (var i = 0; i < writers.Length; i++)
        {
            var data = Bytes($"writer-{i}");
            writers[i] = Task.Run(() => Storage.WriteAsync(id, data, etag, default));
        }

        try
        {
            await Task.WhenAll(writers).WithTimeout();
        }
        catch (InconsistentStateException)
        {
            // expected for the losers; counted below
        }

        var winners = writers.Where(w => w.IsCompletedSuccessfully).ToList();
        var losers = writers.Count(w => w.IsFaulted && w.Exception!.InnerException is InconsistentStateException);
        var winner = Assert.Single(winners);
        Assert.Equal(writers.Length - 1, losers);
        var stored = await Storage.ReadAsync(id, default).WithTimeout();
        Assert.Equal(await winner, stored!.Etag);
    }
}
