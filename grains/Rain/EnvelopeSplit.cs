namespace FlashSale.Grains.Rain;

/// <summary>Splits a total into random envelopes with the "twice the average" rule (二倍均值法):
/// each envelope draws uniformly from 1 to twice the average of what is left, capped so every
/// later envelope can still get at least 1. The amounts are each ≥ 1 and sum exactly to the total;
/// every envelope's expected value is the average, whichever order they are claimed in.</summary>
public static class EnvelopeSplit
{
    public static long[] Split(long total, int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, count);
        ArgumentNullException.ThrowIfNull(random);
        var amounts = new long[count];
        var left = total;
        for (var i = 0; i < count - 1; i++)
        {
            var envelopesLeft = count - i;
            var cap = Math.Min(2 * (left / envelopesLeft), left - (envelopesLeft - 1));
            amounts[i] = cap <= 1 ? 1 : random.NextInt64(1, cap + 1);
            left -= amounts[i];
        }

        amounts[count - 1] = left;
        return amounts;
    }
}
