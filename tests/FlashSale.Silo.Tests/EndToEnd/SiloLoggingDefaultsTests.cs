using FlashSale.Silo.Hosting;
using FlashSale.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlashSale.Silo.Tests.EndToEnd;

public sealed class SiloLoggingDefaultsTests
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    [Fact]
    public async Task ByDefault_PerRequestHostingLogsAreOff_WhileTheSilosOwnInformationStays()
    {
        using var data = new TempDirectory("flashsale-logging");
        await using var app = SiloApp.Build(["--storage", "memory", "--data", data.Path]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger(HostingCategory).IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger(HostingCategory).IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("FlashSale.Silo").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task Configuration_TurnsPerRequestHostingLogsBackOn()
    {
        using var data = new TempDirectory("flashsale-logging");
        await using var app = SiloApp.Build(["--storage", "memory", "--data", data.Path, "--Logging:LogLevel:Microsoft.AspNetCore=Information"]);

        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(HostingCategory).IsEnabled(LogLevel.Information));
    }
}
