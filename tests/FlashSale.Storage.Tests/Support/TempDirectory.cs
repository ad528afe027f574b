namespace FlashSale.Storage.Tests.Support;

/// <summary>A throwaway directory for SQLite files, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flashsale-storage-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // No SqliteConnection.ClearAllPools(): it clears every test's pool in the process and can
        // dispose a connection another test class is opening in parallel. Linux deletes a
        // directory whose files are still open; the pooled connections are pruned later.
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp file left behind must not fail a test.
        }
    }
}
