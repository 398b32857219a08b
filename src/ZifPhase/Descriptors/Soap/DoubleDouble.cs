using System.Runtime.CompilerServices;

namespace ZifPhase.Descriptors.Soap;

/// <summary>
/// Unevaluated sum hi + lo of two doubles (|lo| ≤ ulp(hi)/2): about 32 significant digits. Used only to set up the
/// GTO basis and the radial tables once per descriptor, where the overlap matrices are too ill-conditioned
/// (cond up to 4e14 at n_max 12) for plain double arithmetic. Algorithms: Dekker/Knuth error-free transformations
/// (two-sum, FMA two-product) as in the QD library of Hida, Li and Bailey.
/// </summary>
internal readonly struct DoubleDouble : IComparable<DoubleDouble>
{
    public readonly double Hi;
    public readonly double Lo;

    public DoubleDouble(double hi, double lo)
    {
        Hi = hi;
        Lo = lo;
    }

    public static readonly DoubleDouble Zero = new(0, 0);
    public static readonly DoubleDouble One = new(1, 0);
    /// <summary>π to 32 digits.</summary>
    public static readonly DoubleDouble Pi = new(3.141592653589793116e+00, 1.224646799147353207e-16);
    /// <summary>ln 2 to 32 digits.</summary>
    public static readonly DoubleDouble Ln2 = new(6.931471805599452862e-01, 2.319046813846299558e-17);

    public static implicit operator DoubleDouble(double x) => new(x, 0);
    public double ToDouble() => Hi + Lo;
    public override string ToString() => FormattableString.Invariant($"{Hi:R} + {Lo:R}");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DoubleDouble QuickTwoSum(double a, double b)
    {
        double s = a + b;
        return new DoubleDouble(s, b - (s - a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DoubleDouble TwoSum(double a, double b)
    {
        double s = a + b;
        double bb = s - a;
        return new DoubleDouble(s, (a - (s - bb)) + (b - bb));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DoubleDouble TwoProd(double a, double b)
    {
        double p = a * b;
        return new DoubleDouble(p, Math.FusedMultiplyAdd(a, b, -p));
    }

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var s = TwoSum(a.Hi, b.Hi);
        var t = TwoSum(a.Lo, b.Lo);
        double e = s.Lo + t.Hi;
        s = QuickTwoSum(s.Hi, e);
        e = s.Lo + t.Lo;
        return QuickTwoSum(s.Hi, e);
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);
    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + -b;

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        var p = TwoProd(a.Hi, b.Hi);
        double e = p.Lo + (a.Hi * b.Lo + a.Lo * b.Hi);
        return QuickTwoSum(p.Hi, e);
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        double q1 = a.Hi / b.Hi;
        var r = a - b * q1;
        double q2 = r.Hi / b.Hi;
        r -= b * q2;
        double q3 = r.Hi / b.Hi;
        return QuickTwoSum(q1, q2) + q3;
    }

    /// <summary>Multiplication by a power of two (exact).</summary>
    public DoubleDouble ScaleB(int n) => new(Math.ScaleB(Hi, n), Math.ScaleB(Lo, n));

    public static bool operator <(DoubleDouble a, DoubleDouble b) => a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo);
    public static bool operator >(DoubleDouble a, DoubleDouble b) => b < a;
    public int CompareTo(DoubleDouble other) => this < other ? -1 : other < this ? 1 : 0;

    public static DoubleDouble Abs(DoubleDouble a) => a.Hi < 0 || (a.Hi == 0 && a.Lo < 0) ? -a : a;

    public static DoubleDouble Sqrt(DoubleDouble a)
    {
        if (a.Hi <= 0)
        {
            if (a.Hi == 0 && a.Lo == 0) return Zero;
            throw new ArgumentOutOfRangeException(nameof(a), "square root of a negative number");
        }
        // Karp's trick: one Newton step on 1/sqrt from a double estimate.
        double x = 1.0 / Math.Sqrt(a.Hi);
        double ax = a.Hi * x;
        var diff = a - TwoProd(ax, ax);
        return TwoSum(ax, diff.Hi * (x * 0.5));
    }

    /// <summary>Integer power by repeated squaring.</summary>
    public static DoubleDouble Pow(DoubleDouble a, int n)
    {
        if (n < 0) return One / Pow(a, -n);
        var result = One;
        var b = a;
        while (n > 0)
        {
            if ((n & 1) != 0) result *= b;
            b *= b;
            n >>= 1;
        }
        return result;
    }

    /// <summary>e^a to about 30 digits: a = k ln 2 + r, e^(r/2^10) by Taylor series, squared 10 times.</summary>
    public static DoubleDouble Exp(DoubleDouble a)
    {
        if (a.Hi < -745) return Zero;
        if (a.Hi > 709) throw new OverflowException("exp overflow");
        double k = Math.Round(a.Hi / Ln2.Hi);
        var r = (a - Ln2 * k).ScaleB(-10);
        // expm1(r) by Taylor series: |r| < 3.4e-4, 10 terms reach 1e-40.
        var term = r;
        var sum = r;
        for (int i = 2; i <= 10; i++)
        {
            term = term * r / i;
            sum += term;
        }
        // expm1(2x) = expm1(x) (expm1(x) + 2), ten times.
        for (int i = 0; i < 10; i++) sum = sum * (sum + 2.0);
        return (sum + 1.0).ScaleB((int)k);
    }

    /// <summary>Natural logarithm by Newton iteration on Exp.</summary>
    public static DoubleDouble Log(DoubleDouble a)
    {
        if (a.Hi <= 0) throw new ArgumentOutOfRangeException(nameof(a), "log of a non-positive number");
        DoubleDouble x = Math.Log(a.Hi);
        for (int i = 0; i < 2; i++) x = x + a * Exp(-x) - 1.0;
        return x;
    }
}
