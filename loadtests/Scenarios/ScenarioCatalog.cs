namespace FlashSale.LoadTests.Scenarios;

/// <summary>Scenario names to implementations.</summary>
internal static class ScenarioCatalog
{
    public static Scenario Create(string name, ScenarioContext context) => name switch
    {
        "hot-drop" => new HotDropScenario(context),
        "coupon-rush" => new CouponRushScenario(context),
        "room-watch" => new RoomWatchScenario(context),
        "mixed" => new MixedScenario(context),
        "baseline" => new BaselineScenario(context),
        "failover" => new FailoverScenario(context),
        "envelope-rain" => new EnvelopeRainScenario(context),
        "many-drops" => new ManyDropsScenario(context),
        _ => throw new Cli.UsageException($"unknown scenario '{name}'"),
    };
}
