using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ZifPhase.IO;

/// <summary>
/// Number parsing straight from UTF-8 bytes, for the text readers. Doubles are correctly rounded: a fast path
/// (Clinger 1990) handles decimal mantissas up to 2^53 with |decimal exponent| ≤ 22, where mantissa × 10^e or
/// mantissa / 10^e is one correctly rounded IEEE operation on two exact doubles; everything else goes to
/// <see cref="double.Parse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?)"/>. So the shortest round-trip
/// text of any double ("R") reads back bit-identical.
/// </summary>
public static class Utf8Number
{
    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ];

    private const ulong TwoTo53 = 1UL << 53;

    // NumberStyles.Float without the surrounding whitespace: callers hand over exactly one field.
    private const NumberStyles Strict = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Parses a whole span as a decimal floating-point number ("-1.25", "3e-5", "0.10000E+01"; also "inf",
    /// "nan" as C printf writes them). No surrounding whitespace.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        int n = text.Length;
        int i = 0;
        bool negative = false;
        if (n != 0)
        {
            byte first = text[0];
            if (first == (byte)'-')
            {
                negative = true;
                i = 1;
            }
            else if (first == (byte)'+')
            {
                i = 1;
            }
        }

        ulong mantissa = 0;
        int significant = 0; // digits accumulated into mantissa, leading zeros excluded
        int exponent = 0;
        bool anyDigit = false;

        while (i < n)
        {
            uint d = (uint)(text[i] - (byte)'0');
            if (d > 9) break;
            anyDigit = true;
            if (mantissa != 0 || d != 0)
            {
                mantissa = mantissa * 10 + d;
                significant++;
            }
            i++;
        }
        if (i < n && text[i] == (byte)'.')
        {
            i++;
            while (i < n)
            {
                uint d = (uint)(text[i] - (byte)'0');
                if (d > 9) break;
                anyDigit = true;
                if (mantissa != 0 || d != 0)
                {
                    mantissa = mantissa * 10 + d;
                    significant++;
                }
                exponent--;
                i++;
            }
        }
        if (anyDigit && i < n && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            bool expNegative = false;
            if (i < n && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                expNegative = text[i] == (byte)'-';
                i++;
            }
            int expStart = i, e = 0;
            while (i < n)
            {
                uint d = (uint)(text[i] - (byte)'0');
                if (d > 9) break;
                if (e < 100000) e = e * 10 + (int)d;
                i++;
            }
            if (i == expStart) return Fallback(text, out value);
            exponent += expNegative ? -e : e;
        }

        // significant ≤ 19 guarantees the ulong did not overflow.
        if (i != n || !anyDigit || significant > 19 || mantissa > TwoTo53 || exponent < -22 || exponent > 22)
            return Fallback(text, out value);

        double m = mantissa;
        double v = exponent >= 0 ? m * PowersOf10[exponent] : m / PowersOf10[-exponent];
        value = negative ? -v : v;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Fallback(ReadOnlySpan<byte> text, out double value)
    {
        if (text.Length == 0)
        {
            value = 0;
            return false;
        }
        if (double.TryParse(text, Strict, CultureInfo.InvariantCulture, out value)) return true;
        // C's printf writes "inf" and "-inf", which .NET does not accept ("nan" and "-nan" it does).
        var body = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (body.Length is 3 or 8 && (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8)))
        {
            value = text[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>Parses a whole span as a decimal integer with optional sign; false on overflow or any other character.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        int n = text.Length, i = 0;
        if (n == 0) return false;
        bool negative = false;
        if (text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }
        else if (text[0] == (byte)'+')
        {
            i = 1;
        }
        if (i == n || n - i > 19) return n - i > 19 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        ulong acc = 0;
        for (; i < n; i++)
        {
            uint d = (uint)(text[i] - (byte)'0');
            if (d > 9) return false;
            acc = acc * 10 + d;
        }
        // At most 19 digits: acc < 10^19 < 2^64, so only the signed range needs checking.
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1) return false;
            value = (long)(0UL - acc);
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        return true;
    }
}
