namespace FlashSale.Client;

/// <summary>Client idempotency keys. A retry of a mutating call must reuse the first attempt's key so the
/// server answers with the first result instead of creating a second effect.</summary>
public static class IdempotencyKeys
{
    /// <summary>A fresh random key (32 hex chars).</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>Returns <paramref name="key"/>, or a fresh key when it is null or empty.</summary>
    public static string Ensure(string? key) => string.IsNullOrEmpty(key) ? New() : key;
}
