namespace FlashSale.Grains.Common;

/// <summary>Base of the FlashSale grains: Orleans' <see cref="Grain"/> plus one-shot durable
/// reminders. Orleans reminders are periodic; a deadline here is a reminder due at that moment
/// whose period is only the retry interval: after a delivery that succeeded, and unless the grain
/// moved the reminder meanwhile, it is unregistered, so it fires once. A delivery that failed (e.g.
/// storage down) leaves it armed, and Orleans delivers it again one period later — also after a
/// silo restart, which reactivates the grain.</summary>
internal abstract class FlashSaleGrain(TimeProvider time) : Grain, IRemindable
{
    /// <summary>How soon a failed delivery is retried; Orleans' minimum reminder period
    /// (ReminderOptions.MinimumReminderPeriod, 1 minute by default) bounds it from below.</summary>
    internal static readonly TimeSpan ReminderRetryPeriod = TimeSpan.FromMinutes(1);

    // Reminders set (again) while one of the same name was being delivered: they must stay.
    private readonly HashSet<string> _setDuringDelivery = new(StringComparer.Ordinal);

    protected TimeProvider Time => time;

    /// <summary>The grain's string key (Orleans' extension, as an instance member for brevity).</summary>
    protected string GetPrimaryKeyString() => GrainExtensions.GetPrimaryKeyString(this);

    /// <summary>Registers or moves the one-shot reminder <paramref name="name"/> to <paramref name="dueAt"/>.</summary>
    protected async Task SetReminderAsync(string name, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var due = dueAt - time.GetUtcNow();
        _setDuringDelivery.Add(name);
        await this.RegisterOrUpdateReminder(name, due > TimeSpan.Zero ? due : TimeSpan.Zero, ReminderRetryPeriod);
    }

    /// <summary>Removes the reminder if it exists.</summary>
    protected async Task RemoveReminderAsync(string name)
    {
        _setDuringDelivery.Remove(name);
        var reminder = await this.GetReminder(name);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Handles a due reminder. Throwing keeps it armed for a retry.</summary>
    protected virtual Task OnReminderAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        _setDuringDelivery.Remove(reminderName);
        await OnReminderAsync(reminderName, CancellationToken.None);
        if (!_setDuringDelivery.Remove(reminderName))
        {
            var reminder = await this.GetReminder(reminderName);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }
}
