using System.Globalization;

namespace ZifPhase.Structures;

/// <summary>Culture-free number formatting shared by all writers.</summary>
public static class NumberText
{
    /// <summary>Shortest text that parses back to exactly the same double ("R" semantics).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes <see cref="Format"/>'s text of <paramref name="value"/> without a string per number (through <paramref name="buffer"/>, 32 chars or more).</summary>
    public static void Write(TextWriter writer, double value, Span<char> buffer)
    {
        if (value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture)) writer.Write(buffer[..written]);
        else writer.Write(Format(value));
    }

    /// <summary>
    /// Parses a number culture-free (invariant culture, exponents allowed); false when the text is not a number.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
