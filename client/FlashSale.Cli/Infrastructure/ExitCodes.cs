namespace FlashSale.Cli.Infrastructure;

/// <summary>Process exit codes: scripts branch on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A gRPC error, a connection failure or a usage error.</summary>
    public const int Error = 1;

    /// <summary>The call succeeded but the business result was not OK (sold out, limit reached, …).</summary>
    public const int BusinessResult = 2;
}
