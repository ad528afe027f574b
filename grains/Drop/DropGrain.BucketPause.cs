using FlashSale.Grains.Protos;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Drop;

// Pausing a bucketed drop. Buckets sell without calling their coordinator, so a pause must be in
// every bucket's own state; asking the coordinator on each grab instead would put a second hop and
// the coordinator's one scheduler back on the hot path that buckets exist to take off it. So the
// coordinator owns the pause and pushes it:
// - the coordinator's status is the truth (what GetDropStatus shows, what watchers were told); each
//   change bumps State.PauseEpoch and is stored before any bucket hears of it, and pause changes
//   run one at a time (RunPauseWorkAsync), so a second PauseDrop's OK also means "every bucket has it";
// - it then sends {epoch, paused, reason} to every bucket (ApplyPause); a bucket stores it and
//   ignores any epoch it has already applied, so sends may repeat and cross;
// - State.PauseSyncedEpoch is the last change every bucket acknowledged. Until it catches up, a
//   durable "pause-sync" reminder (armed before the change is stored) sends it again every minute,
//   even after the coordinator's silo died; the stock poll does so four times a second while the
//   drop is open, and an operator's retry of PauseDrop / ResumeDrop at once;
// - a bucket that missed a pause and runs dry asks the coordinator for stock: a paused coordinator
//   moves none and hands it the pause instead, so that grab answers DROP_PAUSED.
// PauseDrop answers OK once every bucket has stored the pause; an error after the change was
// stored means it is still on its way to some bucket (the status already shows it).
//
// The refund-rate rule judges the whole drop: a bucket never pauses itself. After storing a refund
// or a return it asks its coordinator to review (ReviewRefundRate), which sums the buckets'
// counters and, past the threshold, pauses the drop as PauseDrop would: every bucket, announced
// once. The stock poll reviews the same sums, in case a bucket's request was lost.
internal partial class DropGrain
{
    private const string PauseSyncReminder = "pause-sync";

    private Task _pauseWork = Task.CompletedTask;
    private BucketPause? _storedPause;
    private bool _pauseSyncArmed;

    /// <summary>The pause as last stored: all a bucket may be told (a change still in memory could
    /// be lost with this activation, and its epoch reused by the next one).</summary>
    private BucketPause StoredPause => _storedPause ?? new BucketPause();

    // ---- bucket ----

    public async Task ApplyPause(BucketPause request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireBucket();
        if (request.Epoch <= State.PauseEpoch)
        {
            await _commit.SettledAsync();
            return;
        }

        State.PauseEpoch = request.Epoch;
        Status.Paused = request.Paused;
        Status.PauseReason = request.Reason;
        await PersistAsync(cancellationToken);
    }

    /// <summary>After a refund or a return is stored: the drop's rate is its coordinator's to judge.
    /// Best effort — the return itself is done, and the coordinator's poll reviews the sums too.</summary>
    private async Task ReportRefundAsync()
    {
        if (!IsBucket || !AfterSales.AutoPause)
        {
            return;
        }

        try
        {
            await GrainFactory.Resolve<IDropGrain>(DropIdOfKey).ReviewRefundRate(NoArgument);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DropLog.RefundReviewFailed(_logger, DropIdOfKey, BucketIndex, exception);
        }
    }

    // ---- coordinator ----

    public async Task ReviewRefundRate(Empty request, CancellationToken cancellationToken = default)
    {
        if (!IsCoordinator)
        {
            throw new InvalidOperationException($"drop {Key} does not coordinate buckets");
        }

        await RunPauseWorkAsync(ReviewRefundRateAsync);
    }

    private async Task<bool> ReviewRefundRateAsync()
    {
        if (!CouldAutoPause())
        {
            return false;
        }

        var sum = await AggregateStatusAsync(_time.GetUtcNow());
        if (!ShouldAutoPause(sum))
        {
            return false;
        }

        State.AutoPauseFired = true;
        ChangePause(paused: true, RefundRateReason);
        await StorePauseAsync(CancellationToken.None);
        AnnouncePause(true);
        await SyncBucketPausesAsync(CancellationToken.None);
        return true;
    }

    /// <summary>Runs pause changes and their propagation one at a time: each reads the pause and
    /// the synced epoch across awaits.</summary>
    private Task<T> RunPauseWorkAsync<T>(Func<Task<T>> work)
    {
        var run = AfterPauseWorkAsync(_pauseWork, work);
        _pauseWork = run;
        return run;
    }

    private static async Task<T> AfterPauseWorkAsync<T>(Task previous, Func<Task<T>> work)
    {
        try
        {
            await previous;
        }
        catch
        {
            // Its caller got the failure; this one starts from what is stored.
        }

        return await work();
    }

    private Task<bool> SyncBucketPausesLaterAsync() =>
        RunPauseWorkAsync(async () =>
        {
            await SyncBucketPausesAsync(CancellationToken.None);
            return true;
        });

    /// <summary>In memory; the caller stores it with <see cref="StorePauseAsync"/> before telling anyone.</summary>
    private void ChangePause(bool paused, string reason)
    {
        Status.Paused = paused;
        Status.PauseReason = reason;
        State.PauseEpoch++;
    }

    private async Task StorePauseAsync(CancellationToken cancellationToken)
    {
        var pause = CurrentPause();
        if (IsCoordinator)
        {
            // Armed before the change is stored: a stored change always has its retry.
            await ArmPauseSyncAsync(cancellationToken);
        }

        await PersistAsync(cancellationToken);
        if (pause.Epoch > StoredPause.Epoch)
        {
            _storedPause = pause;
        }
    }

    private BucketPause CurrentPause() =>
        new() { Epoch = State.PauseEpoch, Paused = Status.Paused, Reason = Status.PauseReason };

    /// <summary>Sends the stored pause to every bucket unless they all acknowledged it already.
    /// Throws when a bucket did not answer; the pause-sync reminder stays armed then.</summary>
    private async Task SyncBucketPausesAsync(CancellationToken cancellationToken)
    {
        var pause = StoredPause;
        if (!IsCoordinator || State.PauseSyncedEpoch >= pause.Epoch)
        {
            return;
        }

        await ArmPauseSyncAsync(cancellationToken);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, BucketCount).Select(i => Bucket(i).ApplyPause(pause, cancellationToken)));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DropLog.PauseSyncFailed(_logger, DropIdOfKey, pause.Epoch, exception);
            throw;
        }

        State.PauseSyncedEpoch = Math.Max(State.PauseSyncedEpoch, pause.Epoch);
        await PersistAsync(cancellationToken);
        if (State.PauseSyncedEpoch >= State.PauseEpoch && _pauseSyncArmed)
        {
            _pauseSyncArmed = false;
            await RemoveReminderAsync(PauseSyncReminder);
        }
    }

    private async Task ArmPauseSyncAsync(CancellationToken cancellationToken)
    {
        if (_pauseSyncArmed)
        {
            return;
        }

        _pauseSyncArmed = true;
        try
        {
            await SetReminderAsync(PauseSyncReminder, _time.GetUtcNow() + ReminderRetryPeriod, cancellationToken);
        }
        catch
        {
            _pauseSyncArmed = false;
            throw;
        }
    }

    /// <summary>A stock request from a bucket of a paused drop: that bucket missed the pause (a
    /// paused bucket refuses before it asks). It gets the pause instead of stock.</summary>
    private async Task<StockReply> HandPauseAsync(int bucket)
    {
        await Bucket(bucket).ApplyPause(StoredPause);
        return new StockReply { Units = 0 };
    }
}
