using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Silo.Tests.Hosting;

/// <summary><c>--power-cut-safe</c> reaches the silo's SQLite database (as a flag and as
/// <c>=false</c>), and a silo started with it sells and keeps its orders across a restart.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PowerCutSafeSettingTests
{
    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--power-cut-safe" }, true)]
    [InlineData(new[] { "--power-cut-safe=false" }, false)]
    public async Task Switch_SetsTheDatabasesSynchronousLevel(string[] args, bool expected)
    {
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { ExtraArgs = args });
        Assert.Equal(expected, silo.Services.GetRequiredService<SqliteDatabase>().PowerCutSafe);
    }
}
