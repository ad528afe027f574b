using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlashSale.Client;
using Grpc.Core;

namespace FlashSale.Silo.Tests.Fixtures;

/// <summary>The shoppers' signing key every test silo (in process or child process) is started with,
/// one per test run, and the tokens minted from it, so a channel from the fixtures acts for any user
/// on any test silo.</summary>
internal static class TestAuth
{
    public static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);

    public static string SigningKeyBase64 => Convert.ToBase64String(SigningKey);

    public static ShopperTokens Tokens { get; } = new(SigningKey);

    /// <summary>Channel options with the admin token and a token for each request's user. A request
    /// with an empty user_id (argument tests) gets a token of "fixture-shopper": the silo then answers
    /// INVALID_ARGUMENT for the field, as it always has.</summary>
    public static FlashSaleChannelOptions ChannelOptions(string adminToken, RetryOptions? retry = null, X509Certificate2? trusted = null) =>
        new()
        {
            AdminToken = adminToken,
            Retry = retry,
            ShopperTokenProvider = Tokens.For,
            ShopperToken = Tokens.For("fixture-shopper"),
            TrustedServerCertificate = trusted,
        };

    /// <summary>The header of a call acting as <paramref name="userId"/>, for generated clients on a raw channel.</summary>
    public static Metadata Bearer(string userId) => new() { { "authorization", "Bearer " + Tokens.For(userId) } };
}
