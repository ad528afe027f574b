using FlashSale.Api.V1;

namespace FlashSale.LoadTests.Audit;

internal sealed partial class InvariantAudit
{
    /// <summary>Every user with an order or an acknowledged payment: the balance must be the
    /// credit minus what their paid orders took, and each visible debit must equal its order's
    /// paid amount (refunds put the money back, so refunded orders cost nothing).</summary>
    private async Task<int> AuditWalletsAsync(
        long credit,
        Dictionary<string, IReadOnlyList<Order>> storedByDrop,
        AckLedger acks,
        List<Violation> violations,
        CancellationToken cancellationToken)
    {
        var paidByUser = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var orders in storedByDrop.Values)
        {
            foreach (var order in orders)
            {
                var mine = Mine(paidByUser, order.UserId);
                if (order.State == OrderState.Paid)
                {
                    mine[order.OrderId] = order.PaidAmount;
                }
            }
        }

        foreach (var payment in acks.Payments)
        {
            Mine(paidByUser, payment.UserId);
        }

        var users = paidByUser.Keys.Order(StringComparer.Ordinal).ToList();
        var wallets = new WalletReply?[users.Count];
        using var gate = new SemaphoreSlim(parallelism);
        var reads = users.Select(async (user, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                wallets[i] = await server.GetWalletAsync(user, cancellationToken);
            }
            catch (Grpc.Core.RpcException)
            {
                wallets[i] = null;
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(reads);

        var mismatched = new List<string>();
        var unreadable = new List<string>();
        for (var i = 0; i < users.Count; i++)
        {
            if (wallets[i] is not { } wallet)
            {
                unreadable.Add(users[i]);
                continue;
            }

            if (!WalletMatches(wallet, credit, paidByUser[users[i]]))
            {
                mismatched.Add(users[i]);
            }
        }

        if (mismatched.Count > 0)
        {
            violations.Add(new Violation("wallet-mismatch", $"{mismatched.Count} wallet(s) were not debited exactly their paid orders", Cap(mismatched)));
        }

        if (unreadable.Count > 0)
        {
            violations.Add(new Violation("audit-unreadable", $"{unreadable.Count} wallet(s) could not be read", Cap(unreadable)));
        }

        return users.Count;
    }

    private static bool WalletMatches(WalletReply wallet, long credit, Dictionary<string, long> paid)
    {
        if (wallet.Balance < 0 || wallet.Balance != credit - paid.Values.Sum())
        {
            return false;
        }

        // The ledger shows only recent entries: check the debits it does show.
        foreach (var entry in wallet.Entries)
        {
            if (entry.Kind == "debit" && paid.TryGetValue(entry.Reference, out var amount) && -entry.Amount != amount)
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, long> Mine(Dictionary<string, Dictionary<string, long>> byUser, string user)
    {
        if (!byUser.TryGetValue(user, out var mine))
        {
            mine = new Dictionary<string, long>(StringComparer.Ordinal);
            byUser[user] = mine;
        }

        return mine;
    }
}
