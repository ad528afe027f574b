using Npgsql;

namespace FlashSale.Storage.Postgres;

/// <summary>A table of typed domain rows written in the same transaction (and round trip) as a
/// grain's state: its write statement and how a row binds to it. One implementation per table.</summary>
internal interface IPostgresRowTable<in TRow>
{
    /// <summary>The write of one row as a batch command with typed parameters (typed even when
    /// null, so the server never has to guess a parameter's type).</summary>
    static abstract NpgsqlBatchCommand Write(TRow row);
}
