using System.Globalization;
using System.Text;

namespace FlashSale.LoadTests.Reporting;

/// <summary>A minimal inline SVG line chart (no scripts, no downloads), so report.html reads offline.</summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int Height = 240;
    private const int Left = 56;
    private const int Bottom = 28;
    private const int Top = 24;
    private const int Right = 16;

    public static string Render(string title, string unit, IReadOnlyList<(string Name, string Color, double[] Values)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var ic = CultureInfo.InvariantCulture;
        var points = series.Count == 0 ? 0 : series.Max(s => s.Values.Length);
        var max = Math.Max(1e-9, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max()) * 1.1;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(int i) => Left + (points <= 1 ? 0 : plotW * i / (double)(points - 1));
        double Y(double v) => Top + plotH - (plotH * v / max);

        var sb = new StringBuilder();
        sb.Append(ic, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">");
        sb.Append(ic, $"<title>{Escape(title)}</title>");
        sb.Append(ic, $"<text x=\"{Left}\" y=\"16\" font-size=\"13\" font-family=\"sans-serif\">{Escape(title)} ({Escape(unit)})</text>");
        for (var g = 0; g <= 4; g++)
        {
            var v = max * g / 4;
            sb.Append(ic, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#ddd\"/>");
            sb.Append(ic, $"<text x=\"{Left - 4}\" y=\"{Y(v) + 4:0.#}\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">{v:0.##}</text>");
        }

        sb.Append(ic, $"<text x=\"{Width - Right}\" y=\"{Height - 8}\" font-size=\"10\" text-anchor=\"end\" font-family=\"sans-serif\">seconds (0–{Math.Max(0, points - 1)})</text>");
        var legendX = Left + 260;
        foreach (var (name, color, values) in series)
        {
            if (values.Length > 0)
            {
                var path = string.Join(' ', values.Select((v, i) => string.Create(ic, $"{X(i):0.#},{Y(v):0.#}")));
                sb.Append(ic, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" points=\"{path}\"/>");
            }

            sb.Append(ic, $"<text x=\"{legendX}\" y=\"16\" font-size=\"11\" fill=\"{color}\" font-family=\"sans-serif\">■ {Escape(name)}</text>");
            legendX += 110;
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
