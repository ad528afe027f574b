namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>How a <see cref="TestSilo"/> is started; everything else (ports, data folder, token) is chosen by the fixture.</summary>
internal sealed record TestSiloOptions
{
    /// <summary>"sqlite" (the shipped default, so restarts keep state) or "memory".</summary>
    public string Storage { get; init; } = "sqlite";

    /// <summary>Per-activation queue limit; null keeps the engine's default.</summary>
    public int? MailboxCapacity { get; init; }

    /// <summary>Start with --demo.</summary>
    public bool Demo { get; init; }

    /// <summary>Start with the test run's signing key (<see cref="TestAuth"/>); false lets the silo
    /// generate its own into the data folder.</summary>
    public bool ConfigureSigningKey { get; init; } = true;

    /// <summary>A certificate the fixture's channels trust (for a silo started with --tls-cert / --tls-key in <see cref="ExtraArgs"/>).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TrustedCertificate { get; init; }

    /// <summary>Further command-line switches, appended as given.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
}
