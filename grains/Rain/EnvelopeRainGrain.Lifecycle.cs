using FlashSale.Api.V1;

namespace FlashSale.Grains.Rain;

// The window's two moments are durable reminders, so "started" and "ended" reach watchers even
// when the silo restarted in between.
internal sealed partial class EnvelopeRainGrain
{
    private const string StartReminder = "rain-start";
    private const string EndReminder = "rain-end";

    protected override async Task OnReminderAsync(string name, CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            return;
        }

        switch (name)
        {
            case StartReminder:
                await AnnounceStartedAsync(cancellationToken);
                break;
            case EndReminder:
                await AnnounceStartedAsync(cancellationToken);
                await AnnounceEndedAsync(cancellationToken);
                await CreditUncreditedAsync();
                break;
        }
    }

    /// <summary>Announces what is due and arms reminders for the rest; runs on start and on every activation.</summary>
    private async Task ArmAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (State.EndedAnnounced)
        {
            return;
        }

        var startsAt = Status.StartsAt.ToDateTimeOffset();
        if (now >= startsAt)
        {
            await AnnounceStartedAsync(cancellationToken);
        }
        else
        {
            await SetReminderAsync(StartReminder, startsAt, cancellationToken);
        }

        if (IsOver(now))
        {
            await AnnounceEndedAsync(cancellationToken);
            return;
        }

        await SetReminderAsync(EndReminder, Status.EndsAt.ToDateTimeOffset(), cancellationToken);
    }

    private async Task AnnounceStartedAsync(CancellationToken cancellationToken)
    {
        if (State.StartedAnnounced)
        {
            return;
        }

        State.StartedAnnounced = true;
        await PersistAsync(cancellationToken);
        Publish(new RoomEvent { RainStarted = new EnvelopeRainStarted { Rain = Snapshot(Time.GetUtcNow()) } });
    }

    private async Task AnnounceEndedAsync(CancellationToken cancellationToken)
    {
        if (State.EndedAnnounced)
        {
            return;
        }

        State.EndedAnnounced = true;
        await PersistAsync(cancellationToken);
        PublishEnded(Time.GetUtcNow());
    }

    private void PublishEnded(DateTimeOffset now)
    {
        RainLog.Ended(logger, RainId, Status.Claimed, Status.ClaimedAmount);
        Publish(new RoomEvent { RainEnded = new EnvelopeRainEnded { Rain = Snapshot(now) } });
    }

    private void Publish(RoomEvent roomEvent)
    {
        roomEvent.RoomId = Status.RoomId;
        events.Publish(roomEvent);
    }
}
