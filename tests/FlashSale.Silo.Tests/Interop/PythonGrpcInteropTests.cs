using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FlashSale.Silo.Tests.Fixtures;
using FlashSale.Silo.Tests.Protocol;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Silo.Tests.Interop;

/// <summary>
/// Drives the gRPC server with Debian's python3-grpcio, an independent gRPC implementation
/// (tests/interop/*.py), against a real Kestrel on loopback.
/// </summary>
public sealed class PythonGrpcInteropTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task PythonGrpcio_AllCases_SeeTheExpectedStatuses()
    {
        await RequireGrpcioAsync();
        await using var server = await GrpcTestServer.StartAsync();

        using var results = await RunScriptAsync("grpc_interop.py", server.Address.Port);
        var root = results.RootElement;

        Assert.Equal("OK", Code(root, "check"));
        Assert.Equal(1, root.GetProperty("check").GetProperty("status").GetInt32());
        Assert.Equal("NOT_FOUND", Code(root, "check_unknown"));
        Assert.Equal("OK", Code(root, "watch"));
        Assert.Equal(1, root.GetProperty("watch").GetProperty("first").GetInt32());
        Assert.Equal("CANCELLED", root.GetProperty("watch").GetProperty("after_cancel").GetString());
        Assert.Equal("DEADLINE_EXCEEDED", Code(root, "watch_deadline"));
        Assert.Equal("DEADLINE_EXCEEDED", Code(root, "slow_deadline"));
        Assert.Equal("UNIMPLEMENTED", Code(root, "unknown_method"));
        Assert.Equal("UNIMPLEMENTED", Code(root, "unknown_service"));
        Assert.Equal("OK", Code(root, "echo"));
        Assert.Equal("echo:你好 grpcio", root.GetProperty("echo").GetProperty("text").GetString());
        Assert.Equal("FAILED_PRECONDITION", Code(root, "fail_detail"));
        Assert.Equal("库存 100% sold", root.GetProperty("fail_detail").GetProperty("details").GetString());
        Assert.Equal("UNKNOWN", Code(root, "handler_throws"));
        Assert.DoesNotContain("secret", root.GetProperty("handler_throws").GetProperty("details").GetString(), StringComparison.Ordinal);

        // The server side of the deadline, not just grpcio's own timer: the handler's token fired.
        await server.Services.GetRequiredService<ProbeService>().TokenFired.Task.WithTimeout();
    }

    [Fact]
    public async Task PythonGrpcio_ServerReflection_ListsTheServicesAndServesShopsFileDescriptor()
    {
        // grpcurl-style discovery against the whole silo, by an independent client.
        await RequireGrpcioAsync();
        await using var silo = await TestSilo.StartAsync(new TestSiloOptions { Storage = "memory" });

        using var results = await RunScriptAsync("grpc_reflection_check.py", silo.GrpcAddress.Port);
        var root = results.RootElement;

        var services = root.GetProperty("services").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("flashsale.v1.Shop", services);
        Assert.Contains("flashsale.v1.Admin", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Empty(root.GetProperty("errors").EnumerateArray());
        var files = root.GetProperty("files").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("flashsale/v1/shop.proto", files);
        var methods = root.GetProperty("shop_methods").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("Grab", methods);
        Assert.Contains("WatchRoom", methods);
    }

    private static string? Code(JsonElement root, string name) => root.GetProperty(name).GetProperty("code").GetString();

    internal static async Task RequireGrpcioAsync()
    {
        var (exitCode, _, error) = await RunAsync(Python, ["-c", "import grpc"]);
        Assert.True(
            exitCode == 0,
            $"{Python} cannot import grpc ({error.Trim()}). Install Debian's python3-grpcio: run scripts/test.sh as root "
            + "(it apt-get installs python3-grpcio) or `apt-get install python3-grpcio`.");
    }

    private static Task<JsonDocument> RunScriptAsync(string name, int port) =>
        RunScriptAsync(name, port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Runs tests/interop/<paramref name="name"/> with the arguments and parses the JSON it prints.</summary>
    internal static async Task<JsonDocument> RunScriptAsync(string name, params string[] arguments)
    {
        var script = Path.Combine(InteropScriptsFolder(), name);
        var (exitCode, output, error) = await RunAsync(Python, [script, .. arguments]);
        Assert.True(exitCode == 0, $"{name} exited with {exitCode}: {error}");
        return JsonDocument.Parse(output);
    }

    // The scripts live in the source tree, found from this file's own path so any build output works.
    private static string InteropScriptsFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "interop"));

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // grpcio must not pick up a proxy from the environment for a loopback call.
        start.Environment["no_proxy"] = "*";
        start.Environment["NO_PROXY"] = "*";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WithTimeout(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output.WithTimeout(), await error.WithTimeout());
    }
}
