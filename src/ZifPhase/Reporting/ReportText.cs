using System.Globalization;
using System.Text.Json.Nodes;

namespace ZifPhase.Reporting;

/// <summary>How reports write numbers and text fields: invariant culture, NaN as an empty field or JSON null.</summary>
public static class ReportText
{
    /// <summary><paramref name="v"/> in <paramref name="format"/> (default shortest round-trip), "" for NaN.</summary>
    public static string F(double v, string format = "R") =>
        double.IsNaN(v) ? "" : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A JSON number, or null for NaN (JSON has no NaN).</summary>
    public static JsonNode? Number(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);

    /// <summary>A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a line break.</summary>
    public static string CsvField(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
