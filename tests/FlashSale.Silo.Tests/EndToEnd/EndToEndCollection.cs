namespace FlashSale.Silo.Tests.EndToEnd;

/// <summary>End-to-end tests each start whole silos and push real load through Kestrel; on a small
/// CI machine they run one at a time so one test's spike is not another's timeout.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}
