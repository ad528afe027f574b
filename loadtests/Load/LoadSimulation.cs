namespace FlashSale.LoadTests.Load;

/// <summary>One stage of a load plan, in NBomber's vocabulary. Open-model stages inject calls at
/// a rate whatever the latency; closed-model stages keep a number of virtual users busy.</summary>
internal abstract record LoadSimulation(TimeSpan During)
{
    public abstract bool IsOpen { get; }

    /// <summary>The stage's level at its end (calls/s or users), where the next ramp starts from.</summary>
    public abstract double Level { get; }
}

/// <summary>Inject <paramref name="Rate"/> calls per second for <paramref name="During"/>.</summary>
internal sealed record Inject(double Rate, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => true;

    public override double Level => Rate;
}

/// <summary>Ramp the injection rate linearly from the previous stage's rate to <paramref name="Rate"/>.</summary>
internal sealed record RampingInject(double Rate, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => true;

    public override double Level => Rate;
}

/// <summary>Keep <paramref name="Copies"/> virtual users running iterations back to back.</summary>
internal sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => false;

    public override double Level => Copies;
}

/// <summary>Ramp the number of virtual users linearly from the previous stage's to <paramref name="Copies"/>.</summary>
internal sealed record RampingConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override bool IsOpen => false;

    public override double Level => Copies;
}
