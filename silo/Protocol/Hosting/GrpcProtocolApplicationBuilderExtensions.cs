using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Silo.Protocol;

/// <summary>Puts the gRPC protocol layer into the request pipeline.</summary>
public static class GrpcProtocolApplicationBuilderExtensions
{
    /// <summary>
    /// Serves every service added with <c>AddGrpcService</c>. Only HTTP/2 POSTs to
    /// <c>/{service}/{method}</c> are handled; other requests pass through.
    /// </summary>
    public static IApplicationBuilder MapGrpcProtocol(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolved now so a binding mistake fails at startup, not on the first call.
        var registry = app.ApplicationServices.GetRequiredService<GrpcMethodRegistry>();
        var runtime = app.ApplicationServices.GetRequiredService<GrpcRuntime>();
        return app.Use(next => new GrpcProtocolMiddleware(next, registry, runtime).InvokeAsync);
    }
}
