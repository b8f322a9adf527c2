using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CallGraph.Campaigns.Reporting;

/// <summary>Writes a <see cref="CampaignReport"/> as JSON or as an aligned text table (invariant culture, deterministic).</summary>
public static class CampaignReportWriter
{
    /// <summary>
    /// One JSON object: <c>campaign</c>, the whole campaign's <c>targets, contacted, won, conversion, revenue, cost,
    /// revenue_per_cost</c>, then <c>by_manager</c> and <c>by_band</c> arrays. Ratios without a denominator are null.
    /// </summary>
    public static void WriteJson(CampaignReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            var c = report.Campaign;
            json.WriteStartObject("campaign");
            json.WriteNumber("id", c.Id);
            json.WriteString("name", c.Name);
            json.WriteString("status", c.Status == CampaignStatus.Open ? "open" : "closed");
            WriteAmountOrNull(json, "budget", c.Budget);
            json.WriteString("starts", c.StartsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("ends", c.EndsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            WriteFigures(json, report.Total);
            json.WriteStartArray("by_manager");
            foreach (var m in report.ByManager)
            {
                json.WriteStartObject();
                json.WriteString("manager", m.Manager);
                WriteFigures(json, m.Figures);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("by_band");
            foreach (var b in report.ByBand)
            {
                json.WriteStartObject();
                json.WriteString("band", b.Band.Label);
                json.WriteNumber("min_share", b.Band.Min);
                json.WriteNumber("max_share", b.Band.Max);
                json.WriteBoolean("includes_max", b.Band.IncludesMax);
                WriteFigures(json, b.Figures);
                WriteAmount(json, "cumulative_revenue", b.CumulativeRevenue);
                WriteAmount(json, "cumulative_cost", b.CumulativeCost);
                WriteAmountOrNull(json, "marginal_return", b.MarginalReturn);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write(Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n"));
        output.Write('\n');
    }

    /// <summary>The report as text: a header, then three aligned tables (campaign, managers, bands).</summary>
    public static void WriteText(CampaignReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var c = report.Campaign;
        output.Write($"campaign {c.Id}: {DisplayText.Escape(c.Name)} ({(c.Status == CampaignStatus.Open ? "open" : "closed")})");
        if (c.Budget is { } budget) output.Write($", budget {Money(budget)}");
        if (c.StartsOn is not null || c.EndsOn is not null) output.Write($", {Day(c.StartsOn)} to {Day(c.EndsOn)}");
        output.Write('\n');

        string[] figureHeads = ["targets", "contacted", "won", "conversion", "revenue", "cost", "revenue/cost"];
        output.Write('\n');
        TextTable.Write(output, ["scope", .. figureHeads], [["campaign", .. Cells(report.Total)]]);

        output.Write('\n');
        TextTable.Write(output, ["manager", .. figureHeads],
            report.ByManager.Select(m => (string[])[m.Manager ?? "(unassigned)", .. Cells(m.Figures)]).ToList());

        output.Write('\n');
        TextTable.Write(output, ["member share", .. figureHeads, "cum. revenue", "cum. cost", "marginal"],
            report.ByBand.Select(b => (string[])[b.Band.Label, .. Cells(b.Figures), Money(b.CumulativeRevenue), Money(b.CumulativeCost), Ratio(b.MarginalReturn)]).ToList());
    }

    private static string[] Cells(Figures f) =>
    [
        f.Targets.ToString(CultureInfo.InvariantCulture), f.Contacted.ToString(CultureInfo.InvariantCulture),
        f.Won.ToString(CultureInfo.InvariantCulture), Ratio(f.Conversion), Money(f.Revenue), Money(f.Cost), Ratio(f.RevenuePerCost),
    ];

    private static void WriteFigures(Utf8JsonWriter json, Figures f)
    {
        json.WriteNumber("targets", f.Targets);
        json.WriteNumber("contacted", f.Contacted);
        json.WriteNumber("won", f.Won);
        WriteAmountOrNull(json, "conversion", f.Conversion);
        WriteAmount(json, "revenue", f.Revenue);
        WriteAmount(json, "cost", f.Cost);
        WriteAmountOrNull(json, "revenue_per_cost", f.RevenuePerCost);
    }

    // Through the canonical text so 35.50 and 35.5 print the same.
    private static void WriteAmount(Utf8JsonWriter json, string name, decimal value) =>
        json.WriteNumber(name, decimal.Parse(Amounts.ToText(value), CultureInfo.InvariantCulture));

    private static void WriteAmountOrNull(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v) WriteAmount(json, name, v);
        else json.WriteNull(name);
    }

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(decimal? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-";

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";
}

/// <summary>Aligned plain-text tables: numeric columns right-aligned, text columns left-aligned.</summary>
public static class TextTable
{
    /// <summary>
    /// Writes a header line and rows, columns separated by two spaces, lines ended by '\n'. Every cell is
    /// shown through <see cref="DisplayText.Escape"/>, so a line break in stored text cannot start a new row.
    /// </summary>
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        headers = headers.Select(DisplayText.Escape).ToList();
        rows = rows.Select(r => (IReadOnlyList<string>)r.Select(DisplayText.Escape).ToList()).ToList();
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in rows)
            for (int i = 0; i < widths.Length && i < row.Count; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        // A column is numeric when every cell below the header is a number or "-" (no value).
        var numeric = Enumerable.Range(0, widths.Length)
            .Select(i => rows.Count > 0 && rows.All(r => i >= r.Count || IsNumber(r[i])))
            .ToArray();
        WriteLine(output, headers, widths, numeric);
        foreach (var row in rows) WriteLine(output, row, widths, numeric);
    }

    private static bool IsNumber(string cell) =>
        cell == "-" || decimal.TryParse(cell, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static void WriteLine(TextWriter output, IReadOnlyList<string> cells, int[] widths, bool[] numeric)
    {
        var line = new StringBuilder();
        for (int i = 0; i < widths.Length; i++)
        {
            string cell = i < cells.Count ? cells[i] : "";
            if (i > 0) line.Append("  ");
            line.Append(numeric[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
        }
        output.Write(line.ToString().TrimEnd());
        output.Write('\n');
    }
}
