namespace FlashSale.Silo.Hosting;

/// <summary>
/// What the silo does when Orleans calls a failure fatal — above all when the cluster has declared
/// this silo dead ("I have been told I am dead"), e.g. after it was cut off from the others or
/// frozen longer than the probes allow. The survivors have taken its grains over by then, so it must
/// not serve or write one more call for them: no graceful shutdown (which would deactivate and
/// persist those grains), but an immediate exit with a non-zero status (<see cref="Environment.FailFast(string?)"/>:
/// SIGABRT, status 134), after one line that says why on standard error and in the log. A process
/// supervisor then starts a fresh silo, which joins as a new generation.
/// </summary>
internal sealed class SiloFatalErrorHandler(IFatalErrorHandler orleans, ILogger<SiloFatalErrorHandler> log) : IFatalErrorHandler
{
    /// <summary>The first words of the line on standard error (tests and operators grep for it).</summary>
    public const string Banner = "FlashSale silo stopping at once";

    /// <summary>Puts this handler in front of Orleans' own one (whose judgement of which exceptions
    /// are unexpected it keeps).</summary>
    public static void Register(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IFatalErrorHandler) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("Orleans registered no IFatalErrorHandler");
        if (original.ImplementationType == typeof(SiloFatalErrorHandler))
        {
            return;
        }

        services.AddSingleton<IFatalErrorHandler>(sp => new SiloFatalErrorHandler(Create(sp, original), sp.GetRequiredService<ILogger<SiloFatalErrorHandler>>()));
    }

    public bool IsUnexpected(Exception exception) => orleans.IsUnexpected(exception);

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        var reason = context ?? exception?.Message ?? "fatal error";
        SiloLog.FatalStop(log, reason, exception);

        // The console logger writes from a queue that FailFast does not wait for: this line is synchronous.
        Console.Error.WriteLine($"{Banner}: {reason}");
        Console.Error.Flush();
        Environment.FailFast($"{Banner}: {reason}", exception);
    }

    private static IFatalErrorHandler Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as IFatalErrorHandler
        ?? descriptor.ImplementationFactory?.Invoke(services) as IFatalErrorHandler
        ?? (IFatalErrorHandler)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
