using FlashSale.Silo.Hosting;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;

namespace FlashSale.Silo.Tests.Hosting;

/// <summary>The data folder (customers' orders, the admin token) is owner-only: folder 0700,
/// files 0600, as the OS reports them, whether the silo creates them or finds them looser.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DataFileModeTests
{
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode700 = Mode600 | UnixFileMode.UserExecute;
    private const UnixFileMode Mode644 = Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode755 = Mode700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    public void AdminToken_Generated_InNewDataFolder_FolderIs700AndFileIs600()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        using var parent = new TempDirectory("flashsale-modes");
        var data = Path.Combine(parent.Path, "data");

        var token = AdminToken.Resolve(new SiloOptions { DataDirectory = data }, out var generatedAt);

        Assert.NotNull(generatedAt);
        Assert.Equal(token, File.ReadAllText(generatedAt));
        Assert.Equal(Mode700, File.GetUnixFileMode(data));
        Assert.Equal(Mode600, File.GetUnixFileMode(generatedAt));
    }

    [Fact]
    public void AdminToken_Existing644TooShort_IsRewrittenAndEnds600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TempDirectory("flashsale-modes");
        File.SetUnixFileMode(data.Path, Mode755);
        var path = Path.Combine(data.Path, AdminToken.FileName);
        File.WriteAllText(path, "short");
        File.SetUnixFileMode(path, Mode644);

        var token = AdminToken.Resolve(new SiloOptions { DataDirectory = data.Path }, out var generatedAt);

        Assert.Equal(path, generatedAt);
        Assert.NotEqual("short", token);
        Assert.Equal(token, File.ReadAllText(path));
        Assert.Equal(Mode600, File.GetUnixFileMode(path));
        Assert.Equal(Mode700, File.GetUnixFileMode(data.Path));
    }

    [Fact]
    public void AdminToken_Existing644Valid_IsKeptAndTightenedTo600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var data = new TempDirectory("flashsale-modes");
        var path = Path.Combine(data.Path, AdminToken.FileName);
        const string Kept = "0123456789abcdef0123456789abcdef";
        File.WriteAllText(path, Kept);
        File.SetUnixFileMode(path, Mode644);

        var token = AdminToken.Resolve(new SiloOptions { DataDirectory = data.Path }, out var generatedAt);

        Assert.Null(generatedAt);
        Assert.Equal(Kept, token);
        Assert.Equal(Mode600, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Silo_OnSqlite_DataFolderIs700AndDatabaseFilesAre600_AndLooserOnesAreTightenedOnRestart()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Arrange: the fixture's data folder exists before the silo starts (created 0755 under umask 022).
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "sqlite" });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 3);
        await silo.CreditAsync("eve", 30_000);
        await silo.Shop.GrabAsync(dropId, "eve").WithTimeout();
        var db = Path.Combine(silo.DataDirectory, "flashsale.db");
        Assert.Equal(Mode700, File.GetUnixFileMode(silo.DataDirectory));
        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
        {
            Assert.True(File.Exists(file), $"{file} exists while the silo runs");
            Assert.Equal(Mode600, File.GetUnixFileMode(file));
        }

        // Act: as a copy or an older version would leave them, then start again.
        await silo.StopAsync();
        File.SetUnixFileMode(silo.DataDirectory, Mode755);
        File.SetUnixFileMode(db, Mode644);
        await silo.RestartAsync();

        // Assert
        Assert.Equal(Mode700, File.GetUnixFileMode(silo.DataDirectory));
        Assert.Equal(Mode600, File.GetUnixFileMode(db));
        Assert.Equal(1, (await silo.DropStatusAsync(dropId)).Reserved);
    }
}
