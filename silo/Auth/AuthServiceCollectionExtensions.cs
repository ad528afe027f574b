using FlashSale.Silo.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Silo.Auth;

/// <summary>Registers the silo's authentication: shoppers' JWTs (JwtBearer, scheme
/// <see cref="ShopperAuthenticator.Scheme"/>) and the admin / operator tokens (scheme
/// <see cref="OperatorAuth.Scheme"/>), and the <see cref="OperatorAuth.Policy"/> policy. No scheme
/// is the default, so requests that need no credential (grabs authenticate in their interceptor,
/// public reads and /healthz not at all) pay nothing in the authentication middleware.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>How far a token's exp / nbf may be off the silo's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddFlashSaleAuth(this IServiceCollection services, ShopperAuthOptions auth, byte[]? signingKey)
    {
        var handler = new CachingJsonWebTokenHandler(auth.TokenCacheSize);
        services.AddSingleton(handler);
        services.AddAuthentication()
            .AddJwtBearer(ShopperAuthenticator.Scheme, jwt =>
            {
                // Claims keep their JWT names ("sub", not the long WS-Federation URIs).
                jwt.MapInboundClaims = false;
                if (signingKey is null)
                {
                    jwt.Authority = auth.Authority;
                }

                jwt.TokenValidationParameters = Parameters(auth, signingKey);
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(handler);
            })
            .AddScheme<AuthenticationSchemeOptions, OperatorKeyHandler>(OperatorAuth.Scheme, null);
        if (signingKey is not null)
        {
            services.AddHostedService(sp => new AuthWarmUp(sp, auth, signingKey, sp.GetRequiredService<IHostApplicationLifetime>()));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorAuth.Policy, policy => policy
                .AddAuthenticationSchemes(OperatorAuth.Scheme)
                .RequireRole(Roles.Operator, Roles.Admin));
        return services;
    }

    /// <summary>What a shopper's token must satisfy: signed (HS256 with the silo's key, or the
    /// authority's keys), unexpired, from the issuer, for the audience, naming a subject.</summary>
    public static TokenValidationParameters Parameters(ShopperAuthOptions auth, byte[]? signingKey)
    {
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = auth.Issuer ?? (signingKey is null ? null : ShopperAuthOptions.DefaultIssuer),
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = ClockSkew,
            NameClaimType = ShopperAuthenticator.SubjectClaim,
            RoleClaimType = "role",
        };
        if (signingKey is not null)
        {
            parameters.IssuerSigningKey = new SymmetricSecurityKey(signingKey);
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        return parameters;
    }
}
