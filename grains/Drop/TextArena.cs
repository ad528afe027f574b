namespace FlashSale.Grains.Drop;

/// <summary>Where a text lives in a <see cref="TextArena"/>; the default is the empty text.</summary>
internal readonly record struct TextRef(int Chunk, int Offset, int Length);

/// <summary>Append-only storage for many small texts (user ids, idempotency keys) in a few large
/// char arrays. The arrays hold no references, so the garbage collector never scans them, and a
/// text kept here is not an object it has to promote and trace.</summary>
internal sealed class TextArena
{
    private const int FirstChunkChars = 256;
    private const int MaxChunkChars = 1 << 19;

    private readonly List<char[]> _chunks = [];
    private int _used;

    public TextRef Add(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return default;
        }

        var chunk = _chunks.Count == 0 ? null : _chunks[^1];
        if (chunk is null || chunk.Length - _used < text.Length)
        {
            // Chunks double up to a cap, so a drop with a few orders stays small.
            var size = chunk is null ? FirstChunkChars : Math.Min(MaxChunkChars, chunk.Length * 2);
            chunk = new char[Math.Max(size, text.Length)];
            _chunks.Add(chunk);
            _used = 0;
        }

        text.CopyTo(chunk.AsSpan(_used));
        var reference = new TextRef(_chunks.Count - 1, _used, text.Length);
        _used += text.Length;
        return reference;
    }

    public ReadOnlySpan<char> Get(TextRef text) =>
        text.Length == 0 ? default : _chunks[text.Chunk].AsSpan(text.Offset, text.Length);
}
