namespace FlashSale.Grains.Tests.Fakes;

/// <summary>The storage a test silo runs on. The drop and wallet stores are always these fakes
/// (until FlashSale.Storage's memory stores replace them). The grains' persistent states use
/// FlashSale.Storage's in-memory provider and the reminders Orleans' in-memory reminder service,
/// both living inside the silo — unless the test asks for <see cref="OutlivingTheSilo"/>: then they are fakes held here
/// too, so a second silo started on the same stores is a restart that lost nothing durable.</summary>
internal sealed class TestStores
{
    private TestStores(bool outlivingTheSilo)
    {
        Drops = new FakeDropStore(Control);
        Wallets = new FakeWalletStore(Control);
        if (outlivingTheSilo)
        {
            GrainStates = new FakeGrainStorage(Control);
            Reminders = new FakeReminderTable();
        }
    }

    /// <summary>Counts, gates, slows or fails the writes of every fake here.</summary>
    public WriteControl Control { get; } = new();

    public FakeDropStore Drops { get; }

    public FakeWalletStore Wallets { get; }

    /// <summary>The grain-state provider "flashsale" when it must outlive the silo, else null.</summary>
    public FakeGrainStorage? GrainStates { get; }

    /// <summary>The reminder table when it must outlive the silo, else null.</summary>
    public FakeReminderTable? Reminders { get; }

    /// <summary>Drop and wallet fakes; in-silo memory providers for the rest.</summary>
    public static TestStores InSilo() => new(outlivingTheSilo: false);

    /// <summary>Every store a fake that outlives the silo (restarts, counted or held state writes).</summary>
    public static TestStores OutlivingTheSilo() => new(outlivingTheSilo: true);
}
