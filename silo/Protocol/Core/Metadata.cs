using System.Collections;

namespace FlashSale.Silo.Protocol;

/// <summary>
/// Ordered gRPC metadata (request headers, response trailers). Keys are lower-case ASCII; a key
/// ending in <c>-bin</c> carries bytes, which travel base64-encoded on the wire.
/// </summary>
public sealed partial class Metadata : IReadOnlyList<Metadata.Entry>
{
    /// <summary>Suffix that marks a binary-valued key.</summary>
    public const string BinaryHeaderSuffix = "-bin";

    /// <summary>An empty, read-only instance.</summary>
    public static readonly Metadata Empty = new() { _readOnly = true };

    private readonly List<Entry> _entries = [];
    private bool _readOnly;

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <summary>Freezes this instance so it can be shared (e.g. cached trailers); returns it.</summary>
    internal Metadata MakeReadOnly()
    {
        _readOnly = true;
        return this;
    }

    /// <inheritdoc />
    public Entry this[int index] => _entries[index];

    /// <summary>Adds an ASCII-valued entry.</summary>
    public Metadata Add(string key, string value)
    {
        Add(new Entry(key, value));
        return this;
    }

    /// <summary>Adds a binary entry; <paramref name="key"/> must end in <c>-bin</c>.</summary>
    public Metadata Add(string key, byte[] valueBytes)
    {
        Add(new Entry(key, valueBytes));
        return this;
    }

    /// <summary>Adds an entry.</summary>
    public void Add(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_readOnly)
        {
            throw new InvalidOperationException("This metadata is read-only.");
        }

        _entries.Add(entry);
    }

    /// <summary>The last entry with <paramref name="key"/>, or null.</summary>
    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }

        return null;
    }

    /// <summary>The string value of the last entry with <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key) => Get(key)?.Value;

    /// <inheritdoc />
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
