namespace FlashSale.Silo.Monitoring.Alerts;

/// <summary>The current state of every alert. Logs once per transition (raised, cleared), never per
/// evaluation; the gauges and the dashboard read <see cref="Current"/>.</summary>
public sealed class AlertBoard(ILogger<AlertBoard> log, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AlertState> _states =
        AlertRules.All.ToDictionary(name => name, name => new AlertState(name, false, "not evaluated yet", null));

    /// <summary>Every alert in <see cref="AlertRules.All"/> order.</summary>
    public IReadOnlyList<AlertState> Current
    {
        get
        {
            lock (_lock)
            {
                return [.. AlertRules.All.Select(name => _states[name])];
            }
        }
    }

    public void Apply(IReadOnlyList<AlertVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var verdict in verdicts)
            {
                var before = _states.GetValueOrDefault(verdict.Name);
                var changed = before is null || before.Active != verdict.Active;
                _states[verdict.Name] = new AlertState(verdict.Name, verdict.Active, verdict.Detail,
                    verdict.Active ? (changed ? now : before!.Since) : null);
                if (changed && verdict.Active)
                {
                    MonitoringLog.AlertRaised(log, verdict.Name, verdict.Detail);
                }
                else if (changed && before is not null)
                {
                    MonitoringLog.AlertCleared(log, verdict.Name, verdict.Detail);
                }
            }
        }
    }
}

/// <summary>An alert as shown: active since when, and why.</summary>
public sealed record AlertState(string Name, bool Active, string Detail, DateTimeOffset? Since);
