using System.Net;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Testing;
using Grpc.Health.V1;

namespace FlashSale.Silo.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class SiloStartupTests
{
    [Fact]
    public async Task Start_OnFreePorts_ServesGrpcOnFirstAddressAndHealthzOverHttp11OnSecond()
    {
        await using var silo = await TestSilo.StartAsync();

        var health = await silo.Health.CheckAsync().WithTimeout();
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version11 };
        using var healthz = await http.GetAsync(new Uri(silo.HttpAddress, "/healthz")).WithTimeout();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpVersion.Version11, healthz.Version);
        Assert.Equal("serving\nstorage: ok\n", await healthz.Content.ReadAsStringAsync().WithTimeout());
        Assert.NotEqual(silo.GrpcAddress.Port, silo.HttpAddress.Port);
    }
}
