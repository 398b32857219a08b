using System.Globalization;
using System.Text;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// A crystallographic symmetry operation on fractional coordinates, s' = R·s + t, with R an integer matrix
/// (determinant ±1) and t a fractional translation, as written in CIF symmetry loops: "x,y,z", "-x+1/2,y,-z",
/// "1/2+x, 1/2-y, -z", "x-y,x,z+1/3", "-X,-Y,-Z", "0.5+x".
/// </summary>
public sealed class SymmetryOperation : IEquatable<SymmetryOperation>
{
    private readonly int[] _rotation; // row-major: component i of the result is Σ_j R[i, j] s_j + t_i

    /// <summary>The translation part t, in fractional coordinates (not Å).</summary>
    public Vec3 Translation { get; }

    /// <summary>The identity "x,y,z": R = I, t = 0.</summary>
    public static SymmetryOperation Identity { get; } = new(new[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, Vec3.Zero);

    /// <summary>An operation from its 3×3 integer rotation matrix R (indexed [row, col], 0-based) and fractional translation t.</summary>
    /// <exception cref="ArgumentException"><paramref name="rotation"/> is not 3×3.</exception>
    public SymmetryOperation(int[,] rotation, Vec3 translation)
    {
        if (rotation.GetLength(0) != 3 || rotation.GetLength(1) != 3) throw new ArgumentException("rotation must be 3×3", nameof(rotation));
        _rotation = new int[9];
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            _rotation[i * 3 + j] = rotation[i, j];
        Translation = translation;
    }

    /// <summary>Element R[row, col] of the rotation part.</summary>
    public int Rotation(int row, int col) => _rotation[row * 3 + col];

    /// <summary>Determinant of the rotation part: +1 for a proper rotation, −1 for an improper one.</summary>
    public int Determinant =>
        _rotation[0] * (_rotation[4] * _rotation[8] - _rotation[5] * _rotation[7])
        - _rotation[1] * (_rotation[3] * _rotation[8] - _rotation[5] * _rotation[6])
        + _rotation[2] * (_rotation[3] * _rotation[7] - _rotation[4] * _rotation[6]);

    /// <summary>R·s + t (no wrapping).</summary>
    public Vec3 Apply(Vec3 s) => new(
        _rotation[0] * s.X + _rotation[1] * s.Y + _rotation[2] * s.Z + Translation.X,
        _rotation[3] * s.X + _rotation[4] * s.Y + _rotation[5] * s.Z + Translation.Y,
        _rotation[6] * s.X + _rotation[7] * s.Y + _rotation[8] * s.Z + Translation.Z);

    /// <summary>Parses the xyz form ("-x+1/2,y,-z"), as <see cref="TryParse"/> does.</summary>
    /// <exception cref="FormatException">The text is not a valid operation; the message says why.</exception>
    public static SymmetryOperation Parse(string text) =>
        TryParse(text, out var op, out var error) ? op : throw new FormatException(error);

    /// <summary>
    /// Parses the xyz form: three components separated by commas (or, without commas, by blanks), each a sum of
    /// signed terms x, y, z (any case, optionally with an integer coefficient "2x" or "2*x") and constants
    /// ("1/2", "0.5", "-1/3"). The rotation part must be an integer matrix with determinant ±1.
    /// </summary>
    public static bool TryParse(string text, out SymmetryOperation operation, out string error)
    {
        operation = Identity;
        error = "";
        var parts = text.Split(',');
        if (parts.Length == 1) parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            error = $"symmetry operation '{text}' does not have three components";
            return false;
        }
        var r = new int[3, 3];
        var t = new double[3];
        for (int i = 0; i < 3; i++)
        {
            if (!TryParseComponent(parts[i], i, r, t, out error))
            {
                error = $"symmetry operation '{text}': {error}";
                return false;
            }
        }
        var op = new SymmetryOperation(r, new Vec3(t[0], t[1], t[2]));
        int det = op.Determinant;
        if (det != 1 && det != -1)
        {
            error = $"symmetry operation '{text}' is not a symmetry operation (determinant {det})";
            return false;
        }
        operation = op;
        return true;
    }

    private static bool TryParseComponent(string component, int row, int[,] r, double[] t, out string error)
    {
        error = "";
        var s = new StringBuilder(component.Length);
        foreach (char ch in component)
            if (!char.IsWhiteSpace(ch)) s.Append(char.ToLowerInvariant(ch));
        string c = s.ToString();
        if (c.Length == 0)
        {
            error = "empty component";
            return false;
        }
        int i = 0;
        bool first = true;
        while (i < c.Length)
        {
            int sign = 1;
            if (c[i] == '+' || c[i] == '-')
            {
                sign = c[i] == '-' ? -1 : 1;
                i++;
            }
            else if (!first)
            {
                error = $"expected + or - at '{c[i..]}'";
                return false;
            }
            first = false;
            if (i >= c.Length)
            {
                error = $"term missing after the sign in '{component.Trim()}'";
                return false;
            }
            double value = 1;
            bool hasNumber = false;
            if (char.IsAsciiDigit(c[i]) || c[i] == '.')
            {
                int start = i;
                while (i < c.Length && (char.IsAsciiDigit(c[i]) || c[i] == '.')) i++;
                if (!double.TryParse(c.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    error = $"'{c[start..i]}' is not a number";
                    return false;
                }
                if (i < c.Length && c[i] == '/')
                {
                    i++;
                    int dstart = i;
                    while (i < c.Length && (char.IsAsciiDigit(c[i]) || c[i] == '.')) i++;
                    if (!double.TryParse(c.AsSpan(dstart, i - dstart), NumberStyles.Float, CultureInfo.InvariantCulture, out double den) || den == 0)
                    {
                        error = $"bad fraction in '{component.Trim()}'";
                        return false;
                    }
                    value /= den;
                }
                hasNumber = true;
                if (i < c.Length && c[i] == '*') i++;
            }
            if (i < c.Length && c[i] is 'x' or 'y' or 'z')
            {
                int col = c[i] - 'x';
                i++;
                if (value != Math.Round(value))
                {
                    error = $"non-integer coefficient {value.ToString(CultureInfo.InvariantCulture)} of {(char)('x' + col)}";
                    return false;
                }
                r[row, col] += sign * (int)value;
            }
            else if (hasNumber)
            {
                t[row] += sign * value;
            }
            else
            {
                error = $"unexpected '{c[i]}' in '{component.Trim()}'";
                return false;
            }
        }
        return true;
    }

    /// <summary>True when <paramref name="other"/> has the same rotation and exactly the same translation.</summary>
    public bool Equals(SymmetryOperation? other)
    {
        if (other is null) return false;
        for (int k = 0; k < 9; k++)
            if (_rotation[k] != other._rotation[k]) return false;
        return Translation == other.Translation;
    }

    /// <summary>True when <paramref name="obj"/> is a <see cref="SymmetryOperation"/> with the same rotation and translation.</summary>
    public override bool Equals(object? obj) => Equals(obj as SymmetryOperation);

    /// <summary>A hash of the rotation and translation, consistent with <see cref="Equals(SymmetryOperation?)"/>.</summary>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int v in _rotation) h.Add(v);
        h.Add(Translation);
        return h.ToHashCode();
    }

    /// <summary>The xyz form, e.g. "-x+1/2,y,-z" (translations as decimals when they are not n/2, n/3, n/4 or n/6).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 3; i++)
        {
            if (i > 0) sb.Append(',');
            int len = sb.Length;
            for (int j = 0; j < 3; j++)
            {
                int v = _rotation[i * 3 + j];
                if (v == 0) continue;
                sb.Append(v < 0 ? "-" : sb.Length > len ? "+" : "");
                if (Math.Abs(v) != 1) sb.Append(Math.Abs(v).ToString(CultureInfo.InvariantCulture));
                sb.Append((char)('x' + j));
            }
            double tr = Translation[i];
            if (tr != 0)
            {
                sb.Append(tr < 0 ? "-" : sb.Length > len ? "+" : "");
                sb.Append(FormatFraction(Math.Abs(tr)));
            }
            if (sb.Length == len) sb.Append('0');
        }
        return sb.ToString();
    }

    private static string FormatFraction(double v)
    {
        foreach (int den in (ReadOnlySpan<int>)[2, 3, 4, 6])
        {
            double num = v * den;
            if (Math.Abs(num - Math.Round(num)) < 1e-9)
            {
                long n = (long)Math.Round(num);
                return n % den == 0 ? (n / den).ToString(CultureInfo.InvariantCulture) : $"{n}/{den}";
            }
        }
        return v.ToString("R", CultureInfo.InvariantCulture);
    }
}
