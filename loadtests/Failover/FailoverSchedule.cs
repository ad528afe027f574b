using System.Diagnostics;
using System.Globalization;
using FlashSale.Client;
using FlashSale.LoadTests.Cli;
using Grpc.Health.V1;

namespace FlashSale.LoadTests.Failover;

/// <summary>The failover scenario's timeline, beside the load: at <see cref="FailoverOptions.At"/> the kill
/// command, <see cref="FailoverOptions.RestartAfter"/> later the restart command, then a wait until every
/// target answers health SERVING. It counts the grabs acknowledged in each phase (the runner rides
/// through only if some are acknowledged after the recovery) and never prints the commands.</summary>
internal sealed class FailoverSchedule(FailoverOptions options, IReadOnlyList<Uri> targets, Func<int> acknowledged)
{
    private static readonly TimeSpan HealthPoll = TimeSpan.FromMilliseconds(200);

    private readonly List<string> _notes = [];
    private readonly CancellationTokenSource _loadEnded = new();
    private Task _run = Task.CompletedTask;
    private long _loadStart;
    private int _beforeKill = -1;
    private int _atRecovery = -1;

    /// <summary>What happened, for the run's output (no command text, no command output).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Why the failover did not happen as configured; null when it did.</summary>
    public string? Failure { get; private set; }

    /// <summary>Grabs acknowledged after every target served again (-1 before the run ends).</summary>
    public int AcknowledgedAfterRecovery { get; private set; } = -1;

    /// <summary>Starts the timeline; <paramref name="cancellationToken"/> is the run's own bound.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        _loadStart = Stopwatch.GetTimestamp();
        _run = RunAsync(cancellationToken);
    }

    /// <summary>Called once the load stopped: a kill not yet due is called off; one that ran is always
    /// followed by its restart and the wait for recovery, so the audit reads every silo.</summary>
    public async Task CompleteAsync()
    {
        await _loadEnded.CancelAsync();
        await _run;
        var end = acknowledged();
        if (_beforeKill >= 0)
        {
            AcknowledgedAfterRecovery = _atRecovery >= 0 ? end - _atRecovery : 0;
            Note($"failover: grabs acknowledged {_beforeKill} before the kill, {(_atRecovery >= 0 ? _atRecovery : end) - _beforeKill} until every target served again, {AcknowledgedAfterRecovery} after");
        }

        _loadEnded.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.At, _loadEnded.Token);
        }
        catch (OperationCanceledException)
        {
            Fail("the load ended before --failover-at: nothing was killed");
            return;
        }

        try
        {
            _beforeKill = acknowledged();
            var kill = await ShellCommand.RunAsync(options.KillCommand, options.CommandTimeout, cancellationToken);
            Note($"failover: kill command {kill.Describe()}, at {Since():0.0}s into the load");
            if (!kill.Succeeded)
            {
                Fail($"the kill command {kill.Describe()}");
            }

            await Task.Delay(options.RestartAfter, cancellationToken);
            if (options.RestartCommand is { } restartCommand)
            {
                var restart = await ShellCommand.RunAsync(restartCommand, options.CommandTimeout, cancellationToken);
                Note($"failover: restart command {restart.Describe()}, at {Since():0.0}s into the load");
                if (!restart.Succeeded)
                {
                    Fail($"the restart command {restart.Describe()}");
                }
            }

            var waited = Stopwatch.StartNew();
            var serving = await WaitServingAsync(cancellationToken);
            _atRecovery = acknowledged();
            if (serving == targets.Count)
            {
                Note($"failover: all {targets.Count} target(s) SERVING at {Since():0.0}s, {waited.Elapsed.TotalSeconds:0.0}s after the restart");
            }
            else
            {
                Note($"failover: {serving} of {targets.Count} target(s) SERVING {options.RecoveryTimeout.TotalSeconds:0}s after the restart");
            }
        }
        catch (OperationCanceledException)
        {
            Fail("the run was cancelled during the failover");
        }
    }

    /// <summary>Polls each target's health on a channel of its own (a balanced one would answer from any
    /// silo) until all serve or the recovery timeout passes; returns how many serve.</summary>
    private async Task<int> WaitServingAsync(CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(options.RecoveryTimeout.TotalSeconds * Stopwatch.Frequency);
        var serving = new bool[targets.Count];
        while (true)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                serving[i] = serving[i] || await ServingAsync(targets[i], cancellationToken);
            }

            if (serving.All(s => s) || Stopwatch.GetTimestamp() >= until)
            {
                return serving.Count(s => s);
            }

            await Task.Delay(HealthPoll, cancellationToken);
        }
    }

    private static async Task<bool> ServingAsync(Uri target, CancellationToken cancellationToken)
    {
        using var channel = FlashSaleChannel.ForAddress(target, new FlashSaleChannelOptions { ConnectTimeout = TimeSpan.FromSeconds(1) });
        try
        {
            var reply = await new HealthClient(channel).CheckAsync(options: FlashSaleCallOptions.WithTimeout(TimeSpan.FromSeconds(2)), cancellationToken: cancellationToken);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (Grpc.Core.RpcException)
        {
            return false;
        }
    }

    private double Since() => Stopwatch.GetElapsedTime(_loadStart).TotalSeconds;

    private void Note(FormattableString line)
    {
        lock (_notes)
        {
            _notes.Add(line.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void Fail(string reason)
    {
        Failure ??= reason;
        Note($"failover: {reason}");
    }
}
