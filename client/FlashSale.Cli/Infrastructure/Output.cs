using System.Globalization;
using System.Text;
using FlashSale.Api.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Cli.Infrastructure;

/// <summary>How replies are printed: JSON on request, otherwise a line per fact; business results map to exit 2.</summary>
internal static class Output
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>Prints a reply that carries a business result; non-OK results print "CODE: explanation".</summary>
    public static async Task<int> ResultAsync(CliContext context, IMessage reply, ResultCode result, Action<TextWriter> describe)
    {
        if (context.Json)
        {
            await context.Out.WriteLineAsync(Formatter.Format(reply));
        }
        else if (result == ResultCode.Ok)
        {
            describe(context.Out);
        }
        else
        {
            await context.Out.WriteLineAsync($"{Name(result)}: {ResultText.Explain(result)}");
        }

        return result == ResultCode.Ok ? ExitCodes.Success : ExitCodes.BusinessResult;
    }

    /// <summary>Prints a reply that has no business result.</summary>
    public static async Task<int> ReplyAsync(CliContext context, IMessage reply, Action<TextWriter> describe)
    {
        if (context.Json)
        {
            await context.Out.WriteLineAsync(Formatter.Format(reply));
        }
        else
        {
            describe(context.Out);
        }

        return ExitCodes.Success;
    }

    /// <summary>Fen as yuan with two decimals: 1990 → ¥19.90.</summary>
    public static string Money(long fen)
    {
        var sign = fen < 0 ? "-" : string.Empty;
        var abs = Math.Abs((decimal)fen);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}¥{abs / 100m:0.00}");
    }

    public static string Time(Timestamp? at) =>
        at is null ? "-" : at.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Clock(Timestamp? at) =>
        at is null ? "--:--:--" : at.ToDateTimeOffset().ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An enum value as the proto spells it, without the type prefix: SoldOut → SOLD_OUT.</summary>
    public static string Name(System.Enum value)
    {
        var text = value.ToString();
        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(text[i]));
        }

        return builder.ToString();
    }

    /// <summary>A ten-cell bar of what is left: [######----].</summary>
    public static string Bar(int remaining, int total)
    {
        const int Cells = 10;
        var filled = total <= 0 ? 0 : (int)Math.Round(Cells * Math.Clamp(remaining, 0, total) / (double)total);
        return "[" + new string('#', filled) + new string('-', Cells - filled) + "]";
    }
}
