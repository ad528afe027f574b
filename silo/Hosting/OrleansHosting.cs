using FlashSale.Grains;
using FlashSale.Grains.AfterSales;
using FlashSale.Grains.Common;
using FlashSale.Silo.Monitoring;
using Orleans.Configuration;

namespace FlashSale.Silo.Hosting;

/// <summary>The Orleans silo inside the web host: one process serves gRPC and runs the grains,
/// and the gRPC services reach the grains through <see cref="IGrainFactory"/>.</summary>
internal static class OrleansHosting
{
    public static void AddFlashSaleOrleans(this WebApplicationBuilder builder, SiloOptions options)
    {
        builder.Services.Configure<GroupCommitOptions>(builder.Configuration.GetSection("Grains:GroupCommit"));
        builder.Services.Configure<AfterSalesOptions>(builder.Configuration.GetSection("Grains:AfterSales"));
        builder.UseOrleans(silo =>
        {
            ClusteringSetup.Configure(silo, options);
            SiloFatalErrorHandler.Register(silo.Services);
            silo.Configure<SiloMessagingOptions>(messaging =>
            {
                // A flooded grain answers at once instead of queueing without bound.
                messaging.MaxEnqueuedRequestsHardLimit = Math.Max(0, options.MailboxCapacity);
                messaging.MaxEnqueuedRequestsSoftLimit = 0;
            });
            silo.AddFlashSaleGrains();
            silo.AddFlashSaleOrleansDashboard(builder.Configuration);
            StorageSetup.Configure(silo, options, builder.Configuration);
        });
    }
}
