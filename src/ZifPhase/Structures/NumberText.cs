using System.Globalization;

namespace ZifPhase.Structures;

/// <summary>Culture-free number formatting shared by all writers.</summary>
public static class NumberText
{
    /// <summary>Shortest text that parses back to exactly the same double ("R" semantics).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
