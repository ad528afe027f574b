using FlashSale.Api.V1;

namespace FlashSale.Grains.Drop;

/// <summary>One order as the drop keeps it in memory: a value inside a chunk of the
/// <see cref="DropOrderBook"/> with no object references. The order id is the drop id and the
/// sequence the record is stored under; the drop id, room and title are the drop's own; the user,
/// the idempotency key and the coupon are kept by the book.</summary>
internal struct OrderRecord
{
    // Set by DropOrderBook.Add.
    public int UserIndex;
    public TextRef IdempotencyKey;

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

/// <summary>The drop's orders by sequence (order ids are "{dropId}/{sequence}"), its users with the
/// units each holds (what the per-user limit counts), and its idempotency keys.
///
/// A drop that sells a million units keeps a million orders in memory while it is active, and a
/// grab wave adds tens of thousands a second. Kept as objects (proto messages, timestamps, strings,
/// dictionary and sorted-set entries), every young-generation collection had to promote and trace
/// what the grabs since the last one added, through the card table of the big old collections that
/// point at them: those pauses were the p99 at half load. Here an order is a value in an array
/// chunk, users and keys are text in a <see cref="TextArena"/> found through open-addressing tables
/// of values, and none of these arrays holds a reference, so a grab leaves nothing behind for the
/// collector to promote or scan. Only coupon ids (set when an order is paid) stay strings.</summary>
internal sealed class DropOrderBook
{
    private const int ChunkBits = 9;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly TextArena _text = new();
    private readonly Dictionary<long, string> _coupons = [];
    private OrderRecord[][] _chunks = [];

    // Users: entries by index, found through open-addressing slots (index + 1; 0 = empty).
    private UserEntry[] _users = new UserEntry[16];
    private int[] _userSlots = new int[32];
    private int _userCount;

    // Idempotency keys: (user, key) → order sequence, open addressing (sequence 0 = empty).
    private KeySlot[] _keySlots = new KeySlot[32];
    private int _keyCount;

    // No order below this sequence is PendingPayment. Orders leave PendingPayment for good and new
    // orders take the next, higher sequence, so this only moves forward.
    private long _noPendingBelow = 1;

    /// <summary>The highest sequence stored.</summary>
    public long Highest { get; private set; }

    public int Count { get; private set; }

    /// <summary>Stores an order under <paramref name="sequence"/> (1-based) for
    /// <paramref name="userId"/>, remembers its idempotency key (a later order with the same user
    /// and key takes the key over) and counts its units for the user when its state holds units.
    /// A sequence is stored once: orders change in place through <see cref="Get"/>.</summary>
    public void Add(long sequence, string userId, string idempotencyKey, OrderRecord record)
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

        record.UserIndex = InternUser(userId);
        record.IdempotencyKey = _text.Add(idempotencyKey);
        slot = record;
        Count++;
        Highest = Math.Max(Highest, sequence);
        if (record.State == OrderState.PendingPayment && sequence < _noPendingBelow)
        {
            _noPendingBelow = sequence;
        }

        if (HoldsUnits(record.State))
        {
            _users[record.UserIndex].Units += record.Quantity;
        }

        if (idempotencyKey.Length > 0)
        {
            SetKey(record.UserIndex, idempotencyKey, sequence);
        }
    }

    /// <summary>PendingPayment, Paid, Refunded and Returned orders hold their units against the
    /// per-user limit (a return does not let a user buy past the limit).</summary>
    public static bool HoldsUnits(OrderState state) => state is OrderState.PendingPayment or OrderState.Paid or OrderState.Refunded or OrderState.Returned;

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

    public string UserId(in OrderRecord order) => new(_text.Get(_users[order.UserIndex].Id));

    public bool IsUser(in OrderRecord order, string userId) => _text.Get(_users[order.UserIndex].Id).SequenceEqual(userId);

    public string IdempotencyKey(in OrderRecord order) => new(_text.Get(order.IdempotencyKey));

    public string CouponId(long sequence) => _coupons.GetValueOrDefault(sequence, string.Empty);

    public void SetCouponId(long sequence, string couponId)
    {
        if (couponId.Length > 0)
        {
            _coupons[sequence] = couponId;
        }
        else
        {
            _coupons.Remove(sequence);
        }
    }

    /// <summary>Units the user's orders hold (see <see cref="HoldsUnits"/>).</summary>
    public int UnitsOf(string userId)
    {
        var index = FindUser(userId);
        return index < 0 ? 0 : _users[index].Units;
    }

    /// <summary>Changes the units held by the order's user (an order leaving a state that holds units).</summary>
    public void AddUnits(in OrderRecord order, int delta) => _users[order.UserIndex].Units += delta;

    /// <summary>The order of an earlier grab by <paramref name="userId"/> with <paramref name="idempotencyKey"/>.</summary>
    public bool TryFindByKey(string userId, string idempotencyKey, out long sequence)
    {
        sequence = 0;
        var user = FindUser(userId);
        if (user < 0 || idempotencyKey.Length == 0)
        {
            return false;
        }

        var hash = KeyHash(user, idempotencyKey);
        for (var i = hash & (_keySlots.Length - 1); _keySlots[i].Sequence != 0; i = (i + 1) & (_keySlots.Length - 1))
        {
            if (_keySlots[i].Hash == hash && IsKey(_keySlots[i].Sequence, user, idempotencyKey))
            {
                sequence = _keySlots[i].Sequence;
                return true;
            }
        }

        return false;
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

    private int FindUser(string userId)
    {
        var hash = string.GetHashCode(userId);
        for (var i = hash & (_userSlots.Length - 1); _userSlots[i] != 0; i = (i + 1) & (_userSlots.Length - 1))
        {
            ref var entry = ref _users[_userSlots[i] - 1];
            if (entry.Hash == hash && _text.Get(entry.Id).SequenceEqual(userId))
            {
                return _userSlots[i] - 1;
            }
        }

        return -1;
    }

    private int InternUser(string userId)
    {
        var found = FindUser(userId);
        if (found >= 0)
        {
            return found;
        }

        if (_userCount == _users.Length)
        {
            Array.Resize(ref _users, _users.Length * 2);
        }

        var index = _userCount++;
        _users[index] = new UserEntry { Id = _text.Add(userId), Hash = string.GetHashCode(userId) };
        if (_userCount * 2 > _userSlots.Length)
        {
            _userSlots = new int[_userSlots.Length * 2];
            for (var user = 0; user < _userCount; user++)
            {
                PlaceUser(user);
            }
        }
        else
        {
            PlaceUser(index);
        }

        return index;
    }

    private void PlaceUser(int index)
    {
        var i = _users[index].Hash & (_userSlots.Length - 1);
        while (_userSlots[i] != 0)
        {
            i = (i + 1) & (_userSlots.Length - 1);
        }

        _userSlots[i] = index + 1;
    }

    private static int KeyHash(int user, string idempotencyKey) => HashCode.Combine(user, string.GetHashCode(idempotencyKey));

    private bool IsKey(long sequence, int user, string idempotencyKey)
    {
        ref var order = ref Slot(sequence);
        return order.UserIndex == user && _text.Get(order.IdempotencyKey).SequenceEqual(idempotencyKey);
    }

    private void SetKey(int user, string idempotencyKey, long sequence)
    {
        var hash = KeyHash(user, idempotencyKey);
        var i = hash & (_keySlots.Length - 1);
        for (; _keySlots[i].Sequence != 0; i = (i + 1) & (_keySlots.Length - 1))
        {
            if (_keySlots[i].Hash == hash && IsKey(_keySlots[i].Sequence, user, idempotencyKey))
            {
                _keySlots[i].Sequence = sequence;
                return;
            }
        }

        _keySlots[i] = new KeySlot { Hash = hash, Sequence = sequence };
        if (++_keyCount * 2 > _keySlots.Length)
        {
            var old = _keySlots;
            _keySlots = new KeySlot[old.Length * 2];
            foreach (var slot in old)
            {
                if (slot.Sequence != 0)
                {
                    var j = slot.Hash & (_keySlots.Length - 1);
                    while (_keySlots[j].Sequence != 0)
                    {
                        j = (j + 1) & (_keySlots.Length - 1);
                    }

                    _keySlots[j] = slot;
                }
            }
        }
    }

    private struct UserEntry
    {
        public TextRef Id;
        public int Hash;
        public int Units;
    }

    private struct KeySlot
    {
        public int Hash;
        public long Sequence;
    }
}
