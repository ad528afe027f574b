namespace FlashSale.LoadTests.Load;

/// <summary>A sequence of load stages of one model (open or closed), with the maths the drivers
/// pace themselves by: the target rate or concurrency at an offset, and the calls due so far.</summary>
internal sealed class LoadPlan
{
    private readonly Stage[] _stages;

    public LoadPlan(IReadOnlyList<LoadSimulation> simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        if (simulations.Count == 0)
        {
            throw new ArgumentException("A load plan needs at least one stage.", nameof(simulations));
        }

        IsOpen = simulations[0].IsOpen;
        _stages = new Stage[simulations.Count];
        var start = TimeSpan.Zero;
        var previous = 0.0;
        for (var i = 0; i < simulations.Count; i++)
        {
            var s = simulations[i];
            if (s.IsOpen != IsOpen)
            {
                throw new ArgumentException("Open (inject) and closed (constant) stages cannot be mixed in one plan.", nameof(simulations));
            }

            if (s.During <= TimeSpan.Zero || s.Level < 0)
            {
                throw new ArgumentException($"Stage {i + 1} needs a positive duration and a non-negative level.", nameof(simulations));
            }

            _stages[i] = new Stage(s, start, previous);
            start += s.During;
            previous = s.Level;
        }

        Duration = start;
        Simulations = simulations;
    }

    public bool IsOpen { get; }

    public TimeSpan Duration { get; }

    public IReadOnlyList<LoadSimulation> Simulations { get; }

    /// <summary>The most virtual users any closed stage asks for.</summary>
    public int MaxConcurrency => IsOpen ? 0 : (int)Math.Ceiling(_stages.Max(s => Math.Max(s.From, s.Simulation.Level)));

    /// <summary>A plan that first holds the first stage's level for <paramref name="warmUp"/>.</summary>
    public LoadPlan WithWarmUp(TimeSpan warmUp)
    {
        if (warmUp <= TimeSpan.Zero)
        {
            return this;
        }

        var first = Simulations[0];
        LoadSimulation hold = first.IsOpen
            ? new Inject(first is RampingInject ? Math.Max(1, first.Level / 10) : first.Level, warmUp)
            : new KeepConstant(first is RampingConstant ? Math.Max(1, (int)first.Level / 10) : (int)first.Level, warmUp);
        return new LoadPlan([hold, .. Simulations]);
    }

    /// <summary>Target calls per second at <paramref name="elapsed"/> (open model).</summary>
    public double RateAt(TimeSpan elapsed)
    {
        var stage = StageAt(elapsed);
        return stage is null ? 0 : stage.LevelAt(elapsed);
    }

    /// <summary>Target virtual users at <paramref name="elapsed"/> (closed model).</summary>
    public int ConcurrencyAt(TimeSpan elapsed)
    {
        var stage = StageAt(elapsed);
        return stage is null ? 0 : (int)Math.Round(stage.LevelAt(elapsed), MidpointRounding.AwayFromZero);
    }

    /// <summary>Calls an open-model plan has due from its start to <paramref name="elapsed"/>:
    /// the integral of the rate.</summary>
    public double CallsDueBy(TimeSpan elapsed)
    {
        var total = 0.0;
        foreach (var stage in _stages)
        {
            if (elapsed <= stage.Start)
            {
                break;
            }

            var end = elapsed < stage.End ? elapsed : stage.End;
            total += stage.Integral(end - stage.Start);
        }

        return total;
    }

    private Stage? StageAt(TimeSpan elapsed)
    {
        foreach (var stage in _stages)
        {
            if (elapsed >= stage.Start && elapsed < stage.End)
            {
                return stage;
            }
        }

        return null;
    }

    private sealed record Stage(LoadSimulation Simulation, TimeSpan Start, double From)
    {
        public TimeSpan End => Start + Simulation.During;

        private bool IsRamp => Simulation is RampingInject or RampingConstant;

        public double LevelAt(TimeSpan elapsed)
        {
            if (!IsRamp)
            {
                return Simulation.Level;
            }

            var fraction = (elapsed - Start) / Simulation.During;
            return From + ((Simulation.Level - From) * fraction);
        }

        public double Integral(TimeSpan span)
        {
            var t = span.TotalSeconds;
            if (!IsRamp)
            {
                return Simulation.Level * t;
            }

            var slope = (Simulation.Level - From) / Simulation.During.TotalSeconds;
            return (From * t) + (slope * t * t / 2);
        }
    }
}
