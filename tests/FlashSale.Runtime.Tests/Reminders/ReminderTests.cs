using FlashSale.Runtime.Storage;
using FlashSale.Runtime.Tests.TestGrains;
using FlashSale.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Runtime.Tests.Reminders;

public sealed class ReminderTests
{
    [Fact]
    public async Task Reminder_WhenDue_IsDeliveredToACollectedGrainAndThenRemoved()
    {
        var probe = new Probe();
        var time = new FakeTimeProvider();
        await using var host = await TestRuntime.StartAsync(probe, time, o => o.ReminderPollInterval = TimeSpan.FromSeconds(1));
        var counter = host.Counter("remind-me");
        await counter.SetReminder(new Int32Value { Value = 5 }).WithTimeout();
        await counter.Deactivate(new Empty()).WithTimeout();
        await probe.Deactivated.WaitForAsync(1).WithTimeout();

        time.Advance(TimeSpan.FromSeconds(3));
        var earlyDeliveries = probe.ReminderReceived.Count;
        time.Advance(TimeSpan.FromSeconds(2));
        await probe.ReminderReceived.WaitForAsync(1).WithTimeout();

        Assert.Equal(0, earlyDeliveries);
        Assert.Equal(["r"], probe.Reminders);
        Assert.Equal(2, probe.Activations);
        var table = host.Services.GetRequiredService<IReminderTable>();
        Assert.True(await Eventually.TrueAsync(async () => (await table.ReadDueAsync(DateTimeOffset.MaxValue, default)).Count == 0));
    }

    [Fact]
    public async Task Reminder_OnSqlite_SurvivesARuntimeRestart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("reminders.db");
        var time = new FakeTimeProvider();
        await using (var first = await TestRuntime.StartAsync(new Probe(), time, sqlitePath: path))
        {
            await first.Counter("durable").SetReminder(new Int32Value { Value = 30 }).WithTimeout();
        }

        var probe = new Probe();
        await using var second = await TestRuntime.StartAsync(probe, time, o => o.ReminderPollInterval = TimeSpan.FromSeconds(1), sqlitePath: path);
        time.Advance(TimeSpan.FromSeconds(31));
        await probe.ReminderReceived.WaitForAsync(1).WithTimeout();

        Assert.Equal(["r"], probe.Reminders);
        Assert.Equal(1, probe.Activations);
    }
}
