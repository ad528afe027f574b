namespace FlashSale.Silo.Auth;

/// <summary>How shoppers' bearer JWTs are validated (configuration section "Silo:Auth"). With nothing
/// set, the silo generates an HS256 key once into {DataDirectory}/jwt-signing-key (mode 600), where
/// the CLI and the load runner find it to mint tokens for test users.</summary>
public sealed class ShopperAuthOptions
{
    /// <summary>The default issuer and audience of tokens signed with the silo's own key.</summary>
    public const string DefaultIssuer = "flashsale";

    /// <summary>"on" (default) or "off" (<c>--shopper-auth off</c>): no token is asked for and any caller
    /// may act as any user_id. Only for a silo behind a gateway that authenticates shoppers itself and
    /// is the only one able to reach it, or for benchmarks against services without authentication;
    /// the silo logs a warning at start. Any value other than "off" keeps authentication on.</summary>
    public string Mode { get; set; } = "on";

    /// <summary>Whether shopper calls are authenticated.</summary>
    public bool IsEnabled => !string.Equals(Mode?.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>HS256 key, base64, at least 256 bits (32 bytes).</summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding the HS256 key as base64 (the format of the generated key file).</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>Expected <c>iss</c>; "flashsale" by default, or the authority's own when
    /// <see cref="Authority"/> is set and this is not.</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected <c>aud</c>.</summary>
    public string Audience { get; set; } = DefaultIssuer;

    /// <summary>An OpenID Connect authority (e.g. https://login.example.com/realms/shop) whose
    /// published keys sign the tokens; used instead of a symmetric key when no key is configured.</summary>
    public string? Authority { get; set; }

    /// <summary>Validated tokens kept, by token string, until they expire, so a shopper's repeated
    /// calls skip the signature check (0 turns the cache off).</summary>
    public int TokenCacheSize { get; set; } = 100_000;
}
