namespace FlashSale.Silo.Monitoring;

/// <summary>Log events of the monitoring side (event ids 200–299). Alert lines name the alert and
/// carry its figures, never users, tokens or order contents.</summary>
internal static partial class MonitoringLog
{
    [LoggerMessage(200, LogLevel.Warning, "Alert {Alert} raised: {Detail}")]
    public static partial void AlertRaised(ILogger logger, string alert, string detail);

    [LoggerMessage(201, LogLevel.Information, "Alert {Alert} cleared: {Detail}")]
    public static partial void AlertCleared(ILogger logger, string alert, string detail);

    [LoggerMessage(202, LogLevel.Warning, "Monitoring sample failed; the dashboard keeps its last figures")]
    public static partial void SampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(203, LogLevel.Information, "Operator signed in to the dashboard from {Address}")]
    public static partial void OperatorSignedIn(ILogger logger, string address);

    [LoggerMessage(204, LogLevel.Warning, "Dashboard sign-in refused from {Address}: wrong operator credential")]
    public static partial void OperatorRefused(ILogger logger, string address);
}
