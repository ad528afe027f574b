namespace FlashSale.Silo.Tests.Crash;

/// <summary>Crash tests start and kill whole silo processes under load; on a small CI machine they run
/// alone so that another test's spike does not decide when a kill lands.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "Crash";
}
