using System.Runtime.CompilerServices;
using System.Text;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>Helpers shared by the byte-level text readers (LAMMPS dump, extended XYZ).</summary>
internal static class TextFields
{
    /// <summary>Whitespace for field splitting: space, tab and other control bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSpace(byte b) => b <= (byte)' ';

    /// <summary>The next whitespace-separated field from <paramref name="pos"/>; false when only whitespace is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Next(ReadOnlySpan<byte> line, ref int pos, out ReadOnlySpan<byte> field)
    {
        int n = line.Length, i = pos;
        while (i < n && line[i] <= (byte)' ') i++;
        if (i == n)
        {
            pos = n;
            field = default;
            return false;
        }
        int start = i;
        while (i < n && line[i] > (byte)' ') i++;
        pos = i;
        field = line[start..i];
        return true;
    }

    /// <summary>
    /// The next field parsed as a double in one pass over its bytes (plain decimals such as "12.3456" and
    /// "-0.5", the bulk of any trajectory); anything else (exponents, many digits, inf, bad text) goes through
    /// <see cref="Utf8Number.TryParseDouble"/>. Returns false when no field is left; <paramref name="isNumber"/>
    /// says whether <paramref name="field"/> parsed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextDouble(ReadOnlySpan<byte> line, ref int pos, out ReadOnlySpan<byte> field, out double value, out bool isNumber)
    {
        int n = line.Length, i = pos;
        while (i < n && line[i] <= (byte)' ') i++;
        if (i == n)
        {
            pos = n;
            field = default;
            value = 0;
            isNumber = false;
            return false;
        }
        int start = i;
        bool negative = line[i] == (byte)'-';
        if (negative) i++;
        ulong mantissa = 0;
        int digits = 0, fraction = 0;
        while (i < n && (uint)(line[i] - (byte)'0') <= 9)
        {
            mantissa = mantissa * 10 + (uint)(line[i] - (byte)'0');
            digits++;
            i++;
        }
        if (i < n && line[i] == (byte)'.')
        {
            i++;
            while (i < n && (uint)(line[i] - (byte)'0') <= 9)
            {
                mantissa = mantissa * 10 + (uint)(line[i] - (byte)'0');
                digits++;
                fraction++;
                i++;
            }
        }
        // Up to 15 digits (leading zeros included) the mantissa is below 2^53, and fraction ≤ 15 ≤ 22: Clinger's
        // exact case, one correctly rounded division. Otherwise, or if the field goes on, the general parser.
        if (digits != 0 && digits <= 15 && (i == n || line[i] <= (byte)' '))
        {
            double v = mantissa / PowersOf10[fraction];
            value = negative ? -v : v;
            field = line[start..i];
            pos = i;
            isNumber = true;
            return true;
        }
        while (i < n && line[i] > (byte)' ') i++;
        pos = i;
        field = line[start..i];
        isNumber = Utf8Number.TryParseDouble(field, out value);
        return true;
    }

    private static readonly double[] PowersOf10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && s[a] <= (byte)' ') a++;
        while (b > a && s[b - 1] <= (byte)' ') b--;
        return s[a..b];
    }

    public static int Count(ReadOnlySpan<byte> line)
    {
        int pos = 0, n = 0;
        while (Next(line, ref pos, out _)) n++;
        return n;
    }

    /// <summary>Text of a field for an error message, shortened when long.</summary>
    public static string Show(ReadOnlySpan<byte> text)
    {
        const int max = 60;
        var s = Encoding.UTF8.GetString(text.Length > max ? text[..max] : text);
        return text.Length > max ? s + "…" : s;
    }

    public static string Decode(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text);

    /// <summary>A name or text value as one whitespace-free field: "_" when empty, each whitespace character as '_'.</summary>
    public static string SafeName(string name)
    {
        if (name.Length == 0) return "_";
        foreach (char ch in name)
            if (char.IsWhiteSpace(ch)) return string.Concat(name.Select(x => char.IsWhiteSpace(x) ? '_' : x));
        return name;
    }

    /// <summary>One component of a per-atom column as a single whitespace-free field (reals in shortest round-trip form, booleans T/F).</summary>
    public static void WriteValue(TextWriter writer, AtomColumn column, int atom, int component, Span<char> buffer)
    {
        switch (column)
        {
            case AtomColumn<double> d:
                NumberText.Write(writer, d[atom, component], buffer);
                break;
            case AtomColumn<long> l:
                writer.Write(l[atom, component].ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case AtomColumn<bool> b:
                writer.Write(b[atom, component] ? 'T' : 'F');
                break;
            case AtomColumn<string> s:
                writer.Write(SafeName(s[atom, component] ?? ""));
                break;
            default:
                writer.Write(SafeName(column.Format(atom, component)));
                break;
        }
    }
}

/// <summary>
/// Element symbol text → element, looked up once per distinct text: atoms repeat a handful of symbols, so the
/// per-atom cost is a comparison of two or three bytes with the previous symbol.
/// </summary>
internal sealed class ElementCache
{
    private readonly List<(byte[] Text, Element Element)> _known = [];
    private byte[] _lastText = [];
    private Element? _last;

    /// <summary>The element for a symbol ("Zn", case-insensitive) or, failing that, a label ("Zn1", "N2A"); null if neither.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Element? Lookup(ReadOnlySpan<byte> text)
    {
        if (_last is not null && text.SequenceEqual(_lastText)) return _last;
        return LookupSlow(text);
    }

    private Element? LookupSlow(ReadOnlySpan<byte> text)
    {
        foreach (var (known, element) in _known)
        {
            if (text.SequenceEqual(known))
            {
                _lastText = known;
                _last = element;
                return element;
            }
        }
        var s = TextFields.Decode(text);
        if (!Element.TryFromSymbol(s, out var found) && !Element.TryFromLabel(s, out found)) return null;
        var copy = text.ToArray();
        _known.Add((copy, found));
        _lastText = copy;
        _last = found;
        return found;
    }
}

/// <summary>
/// Strings of a per-atom text column (labels such as "cag" repeat): up to 64 distinct texts are kept and
/// shared, so repeated labels cost a byte comparison, not an allocation.
/// </summary>
internal sealed class StringCache
{
    private const int MaxKept = 64;
    private readonly List<(byte[] Text, string Value)> _known = [];
    private int _last = -1;

    public string Get(ReadOnlySpan<byte> text)
    {
        if (_last >= 0 && text.SequenceEqual(_known[_last].Text)) return _known[_last].Value;
        for (int i = 0; i < _known.Count; i++)
        {
            if (text.SequenceEqual(_known[i].Text))
            {
                _last = i;
                return _known[i].Value;
            }
        }
        var value = TextFields.Decode(text);
        if (_known.Count < MaxKept)
        {
            _known.Add((text.ToArray(), value));
            _last = _known.Count - 1;
        }
        return value;
    }
}
