namespace FlashSale.Silo.Hosting;

internal static partial class SiloLog
{
    [LoggerMessage(1, LogLevel.Information, "FlashSale silo starting: gRPC (h2c) on {GrpcEndpoint}, HTTP/1.1 on {HttpEndpoint}, storage {Storage}, data in {DataDirectory}")]
    public static partial void Starting(ILogger logger, string grpcEndpoint, string httpEndpoint, string storage, string dataDirectory);

    [LoggerMessage(2, LogLevel.Information, "Generated an admin token into {Path} (owner-only); the CLI reads it from there")]
    public static partial void AdminTokenGenerated(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Information, "Draining: health is NOT_SERVING, finishing in-flight calls")]
    public static partial void Draining(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Demo drop {DropId} in room {RoomId} opens at {OpensAt:O}; try: flashsale watch {RoomId}")]
    public static partial void DemoDropScheduled(ILogger logger, string dropId, string roomId, DateTimeOffset opensAt);

    [LoggerMessage(5, LogLevel.Error, "Demo seeding failed")]
    public static partial void DemoFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Demo drop {DropId} is {State} ({Sold} sold); the next demo drop opens {IntervalSeconds} s from now")]
    public static partial void DemoDropFinished(ILogger logger, string dropId, FlashSale.Api.V1.DropState state, int sold, int intervalSeconds);

    [LoggerMessage(7, LogLevel.Warning, "Demo room {RoomId} has ended: no more demo drops")]
    public static partial void DemoRoomEnded(ILogger logger, string roomId);

    [LoggerMessage(8, LogLevel.Critical, "Stopping at once, without a graceful shutdown: {Reason}")]
    public static partial void FatalStop(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(9, LogLevel.Information, "Cluster '{ClusterId}' on PostgreSQL: this silo is {SiloAddress} (silo port bound on {ListenAddress}, gateway port {GatewayPort}); {ActiveSilos} active silos")]
    public static partial void JoinedCluster(ILogger logger, string clusterId, string siloAddress, string listenAddress, int gatewayPort, int activeSilos);

    [LoggerMessage(10, LogLevel.Information, "Left cluster '{ClusterId}': grains deactivated, membership row marked {Status}")]
    public static partial void LeftCluster(ILogger logger, string clusterId, string status);
    [LoggerMessage(11, LogLevel.Information, "Generated an operator (read-only) token into {Path} (owner-only)")]
    public static partial void OperatorTokenGenerated(ILogger logger, string path);

    [LoggerMessage(12, LogLevel.Information, "Generated the shoppers' JWT signing key into {Path} (owner-only); the CLI and load runner mint test tokens with it")]
    public static partial void SigningKeyGenerated(ILogger logger, string path);

    [LoggerMessage(13, LogLevel.Information, "Demo: shopper calls need a bearer JWT whose sub is the user. The CLI mints one from ./data/jwt-signing-key: flashsale grab <drop-id> --user alice. An app gets one from its login backend (which signs it with that key: HS256, iss and aud \"flashsale\") and sends 'authorization: Bearer <token>'")]
    public static partial void DemoAuthHint(ILogger logger);

    [LoggerMessage(14, LogLevel.Warning, "Shopper authentication is OFF (--shopper-auth off): any caller may act as any user_id. Only behind a gateway that authenticates shoppers and alone reaches this silo, or for benchmarks")]
    public static partial void ShopperAuthOff(ILogger logger);
}
