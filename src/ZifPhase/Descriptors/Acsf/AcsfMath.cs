using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ZifPhase.Descriptors.Acsf;

/// <summary>
/// The vector math of the ACSF kernels on four lanes of <see cref="Vector256{T}"/>: exp to ~2 ulp, the cutoff
/// function from R², integer powers, unaligned loads and stores, lane masks. Unit-tested against scalar
/// <see cref="Math"/> on the ranges the kernels use (AcsfMathTests).
/// </summary>
internal static class AcsfMath
{
    /// <summary>Lanes of <see cref="Vector256{T}"/> of double.</summary>
    public const int W = 4;

    /// <summary>LaneMasks[n]: the first n lanes all ones, the others zero (n = 0 … 4).</summary>
    public static readonly Vector256<double>[] LaneMasks = BuildLaneMasks();

    /// <summary>(0, 1, 2, 3): the lane numbers.</summary>
    public static Vector256<double> Iota => Vector256.Create(0.0, 1.0, 2.0, 3.0);

    /// <summary>4 in every lane: the step of <see cref="Iota"/> from one vector to the next.</summary>
    public static Vector256<double> Four => Vector256.Create(4.0);

    private static Vector256<double>[] BuildLaneMasks()
    {
        var m = new Vector256<double>[W + 1];
        for (int n = 0; n <= W; n++)
            m[n] = Vector256.Create(n > 0 ? -1L : 0L, n > 1 ? -1L : 0L, n > 2 ? -1L : 0L, n > 3 ? -1L : 0L).AsDouble();
        return m;
    }

    /// <summary>b², b⁴, b⁸, b¹⁶ as far as powers up to <paramref name="maxPower"/> need them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>) BinaryPowers(Vector256<double> b1, int maxPower)
    {
        Vector256<double> b2 = default, b4 = default, b8 = default, b16 = default;
        if (maxPower >= 2) b2 = b1 * b1;
        if (maxPower >= 4) b4 = b2 * b2;
        if (maxPower >= 8) b8 = b4 * b4;
        if (maxPower >= 16) b16 = b8 * b8;
        return (b2, b4, b8, b16);
    }

    /// <summary>bⁿ (1 ≤ n ≤ 16) as the product of the binary powers that n's bits select.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Power(int n, Vector256<double> b1, Vector256<double> b2, Vector256<double> b4, Vector256<double> b8, Vector256<double> b16) => n switch
    {
        1 => b1,
        2 => b2,
        3 => b2 * b1,
        4 => b4,
        5 => b4 * b1,
        6 => b4 * b2,
        7 => b4 * b2 * b1,
        8 => b8,
        9 => b8 * b1,
        10 => b8 * b2,
        11 => b8 * b2 * b1,
        12 => b8 * b4,
        13 => b8 * b4 * b1,
        14 => b8 * b4 * b2,
        15 => b8 * b4 * b2 * b1,
        _ => b16,
    };

    /// <summary>
    /// bⁿ for any integer n by binary exponentiation (1/b^|n| for n &lt; 0): the angular factor's integer ζ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> IntegerPower(Vector256<double> b, int n)
    {
        var pow = Vector256<double>.One;
        for (int e = Math.Abs(n); e > 0; e >>= 1)
        {
            if ((e & 1) != 0) pow *= b;
            b *= b;
        }
        return n < 0 ? Vector256<double>.One / pow : pow;
    }

    // cos(y) = Σ (−1)^n y^{2n}/(2n)!, n ≤ 10: truncation below 2e-17 for y ≤ π/2.
    private const double Cos1 = -1.0 / 2, Cos2 = 1.0 / 24, Cos3 = -1.0 / 720, Cos4 = 1.0 / 40320, Cos5 = -1.0 / 3628800,
        Cos6 = 1.0 / 479001600, Cos7 = -1.0 / 87178291200, Cos8 = 1.0 / 20922789888000, Cos9 = -1.0 / 6402373705728000,
        Cos10 = 1.0 / 2432902008176640000;

    /// <summary>
    /// fc(R) = ½[cos(πR/r_cut) + 1] = cos²(πR/(2 r_cut)), from R² with a polynomial in u = (πR/(2 r_cut))² (valid
    /// for R ≤ r_cut; finite but meaningless beyond, where callers mask it). Estrin's scheme.
    /// <paramref name="fcScale"/> is (π/(2 r_cut))².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Fc(Vector256<double> d2, double fcScale)
    {
        var u = d2 * Vector256.Create(fcScale);
        var u2 = u * u;
        var u4 = u2 * u2;
        var u8 = u4 * u4;
        var p01 = Fma(u, Cos1, Vector256<double>.One);
        var p23 = Fma(u, Cos3, Vector256.Create(Cos2));
        var p45 = Fma(u, Cos5, Vector256.Create(Cos4));
        var p67 = Fma(u, Cos7, Vector256.Create(Cos6));
        var p89 = Fma(u, Cos9, Vector256.Create(Cos8));
        var q03 = Vector256.FusedMultiplyAdd(p23, u2, p01);
        var q47 = Vector256.FusedMultiplyAdd(p67, u2, p45);
        var q810 = Fma(u2, Cos10, p89);
        var q07 = Vector256.FusedMultiplyAdd(q47, u4, q03);
        var c = Vector256.FusedMultiplyAdd(q810, u8, q07);
        return c * c;
    }

    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01; // fdlibm's split of ln 2: Ln2Hi has 21 trailing zero bits
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double RoundMagic = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer in the low bits

    // 1/n!, n = 1..13: with |r| ≤ ln2/2 the truncation is below 2e-16 relative.
    private const double ExpC1 = 1.0, ExpC2 = 1.0 / 2, ExpC3 = 1.0 / 6, ExpC4 = 1.0 / 24, ExpC5 = 1.0 / 120,
        ExpC6 = 1.0 / 720, ExpC7 = 1.0 / 5040, ExpC8 = 1.0 / 40320, ExpC9 = 1.0 / 362880, ExpC10 = 1.0 / 3628800,
        ExpC11 = 1.0 / 39916800, ExpC12 = 1.0 / 479001600, ExpC13 = 1.0 / 6227020800;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> x, double a, Vector256<double> b) =>
        Vector256.FusedMultiplyAdd(x, Vector256.Create(a), b);

    /// <summary>
    /// exp(x) on four lanes to ~2 ulp (<see cref="Vector256.Exp(Vector256{double})"/> runs at scalar speed in .NET 10):
    /// x = n ln2 + r with Cody–Waite reduction, a degree-13 Taylor polynomial for e^r, and 2^n put into the exponent
    /// bits. Arguments below −708 give 0 (true value below 3.3e-308), above 709 are clamped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        var under = Vector256.LessThan(x, Vector256.Create(-708.0));
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-708.0)), Vector256.Create(709.0));
        var magic = Vector256.Create(RoundMagic);
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), magic);
        var n = t - magic;
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        // Estrin's scheme: a short dependency chain, so that independent lanes of work overlap.
        var r2 = r * r;
        var r4 = r2 * r2;
        var r8 = r4 * r4;
        var p01 = Fma(r, ExpC1, Vector256<double>.One);
        var p23 = Fma(r, ExpC3, Vector256.Create(ExpC2));
        var p45 = Fma(r, ExpC5, Vector256.Create(ExpC4));
        var p67 = Fma(r, ExpC7, Vector256.Create(ExpC6));
        var p89 = Fma(r, ExpC9, Vector256.Create(ExpC8));
        var p1011 = Fma(r, ExpC11, Vector256.Create(ExpC10));
        var p1213 = Fma(r, ExpC13, Vector256.Create(ExpC12));
        var q03 = Vector256.FusedMultiplyAdd(p23, r2, p01);
        var q47 = Vector256.FusedMultiplyAdd(p67, r2, p45);
        var q811 = Vector256.FusedMultiplyAdd(p1011, r2, p89);
        var q07 = Vector256.FusedMultiplyAdd(q47, r4, q03);
        var q813 = Vector256.FusedMultiplyAdd(p1213, r4, q811);
        var p = Vector256.FusedMultiplyAdd(q813, r8, q07);
        var bits = (t.AsInt64() - magic.AsInt64() + Vector256.Create(1023L)) << 52;
        return Vector256.AndNot(p * bits.AsDouble(), under);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double[] a, int i) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double[] a, int i, Vector256<double> v) =>
        v.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

    /// <summary>Σ a[from … to − 1], to − from a multiple of <see cref="W"/>, in four lane sums.</summary>
    public static double SumVec(double[] a, int from, int to)
    {
        var acc = Vector256<double>.Zero;
        for (int k = from; k < to; k += W) acc += Load(a, k);
        return Vector256.Sum(acc);
    }
}
