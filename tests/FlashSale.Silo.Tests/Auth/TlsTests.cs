using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlashSale.Api.V1;
using FlashSale.Client;
using FlashSale.Silo.Tests.EndToEnd;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Silo.Tests.Interop;
using FlashSale.Testing;
using Grpc.Core;
using static FlashSale.Silo.Tests.Fixtures.SiloScenario;

namespace FlashSale.Silo.Tests.Auth;

/// <summary>--tls-cert / --tls-key: both ports speak TLS with a self-signed certificate made here;
/// the .NET client that trusts it and python3-grpcio (an independent implementation) given it as
/// root call the silo, clients that do not trust it are refused.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TlsTests
{
    [Fact]
    public async Task Tls_DotnetClientTrustingTheCertificate_CallsGrpcAndHttp_OthersAreRefused()
    {
        using var files = new TempDirectory("flashsale-tls");
        var (certificate, certFile, keyFile) = SelfSigned(files.Path);
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Storage = "memory",
            TrustedCertificate = certificate,
            ExtraArgs = ["--tls-cert", certFile, "--tls-key", keyFile],
        });

        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);
        var grab = await silo.Shop.GrabAsync(new GrabRequest { DropId = dropId, UserId = "tls-user", Quantity = 1 }).WithTimeout();
        using var untrusting = FlashSaleChannel.ForAddress(silo.GrpcAddress);
        // grpc-dotnet reports a failed TLS handshake as INTERNAL "Error starting gRPC call".
        var refused = await AssertStatusAsync(StatusCode.Internal, () => new ShopClient(untrusting).ListRoomsAsync());
        using var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { certificate } };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var health = await http.GetAsync(new Uri(silo.HttpAddress, "/healthz")).WithTimeout();

        Assert.Equal("https", silo.GrpcAddress.Scheme);
        Assert.Equal("https", silo.HttpAddress.Scheme);
        Assert.Equal(ResultCode.Ok, grab.Result);
        Assert.Contains("UntrustedRoot", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Tls_PythonGrpcioWithTheCertificateAsRoot_CallsAndAuthenticates()
    {
        await PythonGrpcInteropTests.RequireGrpcioAsync();
        using var files = new TempDirectory("flashsale-tls");
        var (certificate, certFile, keyFile) = SelfSigned(files.Path);
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions
        {
            Storage = "memory",
            TrustedCertificate = certificate,
            ExtraArgs = ["--tls-cert", certFile, "--tls-key", keyFile],
        });
        var (_, dropId) = await silo.OpenDropAsync(quantity: 5);

        using var results = await PythonGrpcInteropTests.RunScriptAsync(
            "grpc_tls_check.py", silo.GrpcAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            certFile, TestAuth.Tokens.For("py-user"), dropId, "py-user");
        var root = results.RootElement;

        Assert.Equal("OK", root.GetProperty("list_rooms").GetProperty("code").GetString());
        Assert.Equal("OK", root.GetProperty("grab").GetProperty("code").GetString());
        Assert.Equal((int)ResultCode.Ok, root.GetProperty("grab").GetProperty("result").GetInt32());
        Assert.Equal("UNAUTHENTICATED", root.GetProperty("grab_no_token").GetProperty("code").GetString());
        Assert.Equal("UNAVAILABLE", root.GetProperty("untrusted").GetProperty("code").GetString());
    }

    /// <summary>A self-signed ECDSA certificate for localhost and 127.0.0.1, written as PEM files.</summary>
    private static (X509Certificate2 Certificate, string CertFile, string KeyFile) SelfSigned(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(folder, "silo.crt");
        var keyFile = Path.Combine(folder, "silo.key");
        File.WriteAllText(certFile, created.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (X509CertificateLoader.LoadCertificate(created.RawData), certFile, keyFile);
    }
}
