using FlashSale.Runtime.Scheduling;
using FlashSale.Runtime.Storage.Resilience;

namespace FlashSale.Runtime.Hosting;

/// <summary>Engine settings. Bound from configuration section "Runtime" by the silo.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>Calls queued per activation before new calls fail with <see cref="GrainOverloadedException"/>.</summary>
    public int MailboxCapacity { get; set; } = 10_000;

    /// <summary>An activation idle this long is collected (deactivated).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often due reminders are looked for.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest an activation's deactivation may take at shutdown.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pass even local calls through protobuf serialization (as a remote call would),
    /// so a single silo exercises the multi-silo boundary. Off by default for speed.</summary>
    public bool SerializeLocalCalls { get; set; }

    /// <summary>Retry and circuit breaker around the durable providers (SQLite, PostgreSQL); on by default.</summary>
    public StorageResilienceOptions StorageResilience { get; set; } = new();

    /// <summary>Group commit of batchable methods (e.g. grabs): on by default.</summary>
    public GroupCommitOptions GroupCommit { get; set; } = new();
}
