namespace FlashSale.Client;

/// <summary>Settings of a <see cref="FlashSaleChannel"/>.</summary>
public sealed class FlashSaleChannelOptions
{
    /// <summary>An HttpClient to use instead of the channel's own (the channel will not dispose it unless
    /// <see cref="DisposeHttpClient"/> is set). It must allow HTTP/2 cleartext for http:// addresses.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Whether disposing the channel disposes a supplied <see cref="HttpClient"/>.</summary>
    public bool DisposeHttpClient { get; set; }

    /// <summary>Deadline for unary calls that set none. Streaming calls get no default deadline:
    /// a room watch lasts as long as the viewer stays. Null means no default.</summary>
    public TimeSpan? DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest reply message accepted; larger ones fail with RESOURCE_EXHAUSTED. The channel's
    /// own HTTP/2 connections advertise a stream window that holds such a message.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long the channel's own connections may take to connect; a connection that is not up
    /// by then fails the calls waiting for it with UNAVAILABLE (not used with <see cref="HttpClient"/>).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Operator token sent as <c>authorization: Bearer …</c> on <c>AdminClient</c> calls.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Retries on UNAVAILABLE / RESOURCE_EXHAUSTED, e.g. <see cref="RetryOptions.Default"/>.
    /// Null (the default) sends every call to a single address once, and retries the calls of a balanced
    /// channel (several addresses or <c>dns:///</c>) with <see cref="RetryOptions.Default"/>, on whichever
    /// silo is up; <see cref="RetryOptions.None"/> turns that off.</summary>
    public RetryOptions? Retry { get; set; }

    /// <summary>The longest wait between two reconnection attempts to a silo that refused or dropped its
    /// connection: a restarted silo is back in use within about this. Null means 5 s for a balanced channel
    /// and grpc-dotnet's own default (120 s) for a single address, whose calls meanwhile fail at once with
    /// UNAVAILABLE "Error connecting to subchannel".</summary>
    public TimeSpan? MaxReconnectBackoff { get; set; }

    /// <summary><c>dns:///</c> channels: how often the name is resolved again while every silo is healthy
    /// (a failing silo triggers a resolution at once).</summary>
    public TimeSpan DnsRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
