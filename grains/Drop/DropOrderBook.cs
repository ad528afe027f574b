using FlashSale.Api.V1;

namespace FlashSale.Grains.Drop;

/// <summary>One order as the drop keeps it in memory: a value inside a chunk of the
/// <see cref="DropOrderBook"/>, not an object graph. The order id is the drop id and the
/// sequence the record is stored under; the drop id, room and title are the drop's own.</summary>
internal struct OrderRecord
{
    public string UserId;
    public string IdempotencyKey;
    public string CouponId;
    public OrderState State;
    public int Quantity;
    public long UnitPrice;
    public long TotalAmount;
    public long DiscountAmount;
    public long PaidAmount;

    // UTC ticks; 0 when the timestamp is not set.
    public long CreatedAtTicks;
    public long DeadlineTicks;
    public long PaidAtTicks;
}

/// <summary>The drop's orders by sequence (order ids are "{dropId}/{sequence}"). A drop that sells
/// a million units keeps a million orders in memory for as long as it is active, and a grab wave
/// adds tens of thousands a second: kept as proto messages with timestamps, dictionary entries and
/// sorted-set nodes, every young-generation collection had to promote ~575 bytes and a dozen objects
/// per grab into the old generation, and those pauses were the p99 at half load. Here an order is a
/// value in an array chunk (small enough to stay out of the large object heap), and the only objects
/// it keeps alive are its user id and idempotency key strings.</summary>
internal sealed class DropOrderBook
{
    private const int ChunkBits = 9;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private OrderRecord[][] _chunks = [];

    // No order below this sequence is PendingPayment. Orders leave PendingPayment for good and new
    // orders take the next, higher sequence, so this only moves forward.
    private long _noPendingBelow = 1;

    /// <summary>The highest sequence stored.</summary>
    public long Highest { get; private set; }

    public int Count { get; private set; }

    /// <summary>Stores <paramref name="record"/> under <paramref name="sequence"/> (1-based). A
    /// sequence is stored once: orders change in place through <see cref="Get"/>.</summary>
    public void Add(long sequence, in OrderRecord record)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfEqual((int)record.State, (int)OrderState.Unspecified, nameof(record));
        if (sequence > (long)_chunks.Length << ChunkBits)
        {
            Grow((sequence - 1) >> ChunkBits);
        }

        ref var slot = ref Slot(sequence);
        if (slot.State != OrderState.Unspecified)
        {
            throw new InvalidOperationException($"order sequence {sequence} is already stored");
        }

        slot = record;
        Count++;
        Highest = Math.Max(Highest, sequence);
        if (record.State == OrderState.PendingPayment && sequence < _noPendingBelow)
        {
            _noPendingBelow = sequence;
        }
    }

    public bool Contains(long sequence) => StateOf(sequence) != OrderState.Unspecified;

    /// <summary>The stored order; the caller checks <see cref="Contains"/> first. The reference
    /// stays valid while the book lives (chunks never move).</summary>
    public ref OrderRecord Get(long sequence)
    {
        if (!Contains(sequence))
        {
            throw new KeyNotFoundException($"order sequence {sequence} is not stored");
        }

        return ref Slot(sequence);
    }

    /// <summary>The lowest sequence whose order is PendingPayment at or after
    /// <paramref name="after"/> + 1, or 0. Called with 0, it is the oldest pending order; deadlines
    /// are the creation time plus the drop's fixed window, so that is also the earliest deadline.</summary>
    public long NextPending(long after = 0)
    {
        var sequence = Math.Max(after + 1, _noPendingBelow);
        while (sequence <= Highest && StateOf(sequence) != OrderState.PendingPayment)
        {
            sequence++;
        }

        if (after < _noPendingBelow)
        {
            // Everything skipped from the low mark on is settled: later scans start past it.
            _noPendingBelow = sequence;
        }

        return sequence <= Highest ? sequence : 0;
    }

    // Unspecified for a sequence never stored (gaps and beyond the highest).
    private OrderState StateOf(long sequence)
    {
        if (sequence < 1 || sequence > Highest)
        {
            return OrderState.Unspecified;
        }

        var index = sequence - 1;
        var chunk = _chunks[index >> ChunkBits];
        return chunk is null ? OrderState.Unspecified : chunk[index & ChunkMask].State;
    }

    // The caller has grown the chunk table to cover the sequence.
    private ref OrderRecord Slot(long sequence)
    {
        var index = sequence - 1;
        return ref (_chunks[index >> ChunkBits] ??= new OrderRecord[ChunkSize])[index & ChunkMask];
    }

    private void Grow(long chunk)
    {
        if (chunk >= Array.MaxLength)
        {
            throw new InvalidOperationException("the drop's order book is full");
        }

        var length = (int)Math.Min(Array.MaxLength, Math.Max(chunk + 1, Math.Max(16L, _chunks.Length * 2L)));
        Array.Resize(ref _chunks, length);
    }
}
