using FlashSale.Api.V1;
using FlashSale.Grains.Common;
using FlashSale.Grains.Protos;
using FlashSale.Storage.Domain;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Grains.Wallet;

/// <summary>A user's balance and ledger. Credits are idempotent by key, debits and refunds by
/// order id, and a debit that would make the balance negative is refused (invariant 4).</summary>
[GrainType("wallet")]
internal sealed class WalletGrain(IWalletStore store, TimeProvider time) : FlashSaleGrain(time), IWalletGrain
{
    private const int RecentEntries = 50;

    private readonly List<LedgerRow> _staged = [];
    private string? _etag;

    private WalletGrainState State { get; set; } = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadStateAsync(GetPrimaryKeyString(), cancellationToken);
        if (stored is not null)
        {
            State = WalletGrainState.Parser.ParseFrom(stored.Data);
            _etag = stored.Etag;
        }
    }

    /// <summary>Writes the state with the ledger rows staged since the last write, in one
    /// transaction; any failure drops this activation so the next one reloads what storage holds.</summary>
    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        LedgerRow[] rows = [.. _staged];
        _staged.Clear();
        try
        {
            _etag = await store.WriteAsync(GetPrimaryKeyString(), State.ToByteArray(), _etag, rows, cancellationToken);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task<WalletReply> Credit(CreditWalletRequest request, CancellationToken cancellationToken = default)
    {
        var key = request.IdempotencyKey.Length > 0 ? request.IdempotencyKey : Guid.NewGuid().ToString("N");
        if (request.Amount > 0 && !State.Credits.ContainsKey(key))
        {
            State.Credits[key] = request.Amount;
            Record(request.Amount, "credit", request.Reason.Length > 0 ? request.Reason : key);
            await PersistAsync(cancellationToken);
        }

        return Snapshot();
    }

    public async Task<WalletOpReply> Debit(WalletDebit request, CancellationToken cancellationToken = default)
    {
        if (State.Debits.ContainsKey(request.OrderId))
        {
            return new WalletOpReply { Result = ResultCode.Ok, Balance = State.Balance };
        }

        if (request.Amount < 0 || State.Balance < request.Amount)
        {
            return new WalletOpReply { Result = ResultCode.InsufficientBalance, Balance = State.Balance };
        }

        State.Debits[request.OrderId] = request.Amount;
        Record(-request.Amount, "debit", request.OrderId);
        await PersistAsync(cancellationToken);
        return new WalletOpReply { Result = ResultCode.Ok, Balance = State.Balance };
    }

    public async Task<WalletOpReply> Refund(WalletRefund request, CancellationToken cancellationToken = default)
    {
        if (State.Refunds.ContainsKey(request.OrderId))
        {
            return new WalletOpReply { Result = ResultCode.Ok, Balance = State.Balance };
        }

        // Only what the order's debit took can come back, whatever amount the caller names.
        if (!State.Debits.TryGetValue(request.OrderId, out var debited))
        {
            return new WalletOpReply { Result = ResultCode.NotRefundable, Balance = State.Balance };
        }

        State.Refunds[request.OrderId] = debited;
        Record(debited, "refund", request.OrderId);
        await PersistAsync(cancellationToken);
        return new WalletOpReply { Result = ResultCode.Ok, Balance = State.Balance };
    }

    public Task<WalletReply> Get(Empty request, CancellationToken cancellationToken = default) => Task.FromResult(Snapshot());

    private void Record(long amount, string kind, string reference)
    {
        State.Balance += amount;
        var entry = new LedgerEntry
        {
            EntryId = $"{GetPrimaryKeyString()}/{++State.NextEntry}",
            Amount = amount,
            BalanceAfter = State.Balance,
            Kind = kind,
            Reference = reference,
            At = Timestamp.FromDateTimeOffset(Time.GetUtcNow()),
        };
        State.Recent.Add(entry);

        // The full ledger lives in the SQL "wallet_ledger" table, written with the state; the
        // state itself keeps only the recent entries.
        _staged.Add(new LedgerRow
        {
            UserId = GetPrimaryKeyString(),
            EntryId = entry.EntryId,
            Amount = entry.Amount,
            BalanceAfter = entry.BalanceAfter,
            Kind = entry.Kind,
            Reference = entry.Reference,
            At = entry.At.ToDateTimeOffset(),
        });
        if (State.Recent.Count > RecentEntries)
        {
            State.Recent.RemoveAt(0);
        }
    }

    private WalletReply Snapshot()
    {
        var reply = new WalletReply { UserId = GetPrimaryKeyString(), Balance = State.Balance };
        for (var i = State.Recent.Count - 1; i >= 0; i--)
        {
            reply.Entries.Add(State.Recent[i].Clone());
        }

        return reply;
    }
}
