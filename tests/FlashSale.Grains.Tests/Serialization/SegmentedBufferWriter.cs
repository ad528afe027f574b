using System.Buffers;

namespace FlashSale.Grains.Tests.Serialization;

/// <summary>An output buffer made of fixed-size segments that never hands out a span longer than
/// one segment, whatever size is asked for — as Orleans' connection writer between silos does with
/// a large message.</summary>
internal sealed class SegmentedBufferWriter(int segmentSize) : IBufferWriter<byte>
{
    private readonly List<(byte[] Bytes, int Written)> _segments = [];

    public void Advance(int count)
    {
        var (bytes, written) = _segments[^1];
        if (written + count > bytes.Length)
        {
            throw new InvalidOperationException("advanced past the span handed out");
        }

        _segments[^1] = (bytes, written + count);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_segments.Count == 0 || _segments[^1].Written == _segments[^1].Bytes.Length)
        {
            _segments.Add((new byte[segmentSize], 0));
        }

        var (bytes, written) = _segments[^1];
        return bytes.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public byte[] ToArray() => [.. _segments.SelectMany(s => s.Bytes.Take(s.Written))];
}
