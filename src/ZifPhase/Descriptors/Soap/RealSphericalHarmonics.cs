using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ZifPhase.Descriptors.Soap;

/// <summary>
/// Regular solid harmonics r^l Y_lm(r̂) for l ≤ l_max with orthonormal real (tesseral) Y_lm, from Cartesian
/// components without trigonometry or division, four points at a time (Vector256).
/// <para>
/// Y_l0 = N_l0 P_l(cos θ), Y_lm = √2 N_lm P_l^m(cos θ) cos mφ and Y_l,−m = √2 N_lm P_l^m(cos θ) sin mφ (m &gt; 0), with
/// N_lm = √((2l+1)/(4π) (l−m)!/(l+m)!) and P_l^m without the Condon–Shortley phase (the power spectrum sums squares
/// over m, so signs and the order of m do not matter). Output index lm = l² + l + m for m = −l..l.
/// </para>
/// <para>
/// With A_m + i B_m = (x + i y)^m and Q_l^m = norm · r^(l−m) P_l^m / sin^m θ (a polynomial in z and r²):
/// r^l Y_l,±m = Q_l^m · (A_m or B_m), Q_m^m = const, Q_(m+1)^m = a z Q_m^m,
/// Q_l^m = a_lm z Q_(l−1)^m − b_lm r² Q_(l−2)^m with a_lm = √((4l²−1)/(l²−m²)),
/// b_lm = √((2l+1)(l−m−1)(l+m−1)/((2l−3)(l²−m²))): every Q stays of order one, so the recursion is stable.
/// </para>
/// </summary>
internal sealed class RealSphericalHarmonics
{
    public int LMax { get; }
    public int Count => (LMax + 1) * (LMax + 1);

    // Per (l, m ≥ 0), packed at l(l+1)/2 + m: the recursion coefficients.
    private readonly double[] _a, _b;
    private readonly double[] _diagonal; // Q_m^m

    public RealSphericalHarmonics(int lMax)
    {
        if (lMax < 0) throw new ArgumentOutOfRangeException(nameof(lMax));
        LMax = lMax;
        int packed = (lMax + 1) * (lMax + 2) / 2;
        _a = new double[packed];
        _b = new double[packed];
        _diagonal = new double[lMax + 1];
        for (int m = 0; m <= lMax; m++)
        {
            // Q_m^m = N'_mm (2m−1)!! with N'_mm = √((2m+1)/(4π)/(2m)!) (× √2 for m > 0).
            double oddFactorial = 1, factorial = 1;
            for (int i = 3; i <= 2 * m - 1; i += 2) oddFactorial *= i;
            for (int i = 2; i <= 2 * m; i++) factorial *= i;
            double q = Math.Sqrt((2 * m + 1) / (4 * Math.PI) / factorial) * oddFactorial;
            _diagonal[m] = m > 0 ? q * Math.Sqrt(2.0) : q;
            for (int l = m + 1; l <= lMax; l++)
            {
                double lm2 = (double)(l - m) * (l + m);
                _a[Packed(l, m)] = Math.Sqrt((4.0 * l * l - 1) / lm2);
                _b[Packed(l, m)] = l >= m + 2 ? Math.Sqrt((2.0 * l + 1) * (l - m - 1) * (l + m - 1) / ((2.0 * l - 3) * lm2)) : 0;
            }
        }
    }

    private static int Packed(int l, int m) => l * (l + 1) / 2 + m;

    /// <summary>
    /// Writes w·r^l Y_lm of the four points (x, y, z)[j..j+3] to values[lm * stride + j .. + 3], for lm = 0..Count−1.
    /// Vectors are read from and written to arrays at offset j; the caller pads inputs to a multiple of four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute4(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, ReadOnlySpan<double> weight,
        int j, Span<double> values, int stride)
    {
        if (j + 4 > x.Length || j + 4 > y.Length || j + 4 > z.Length || j + 4 > weight.Length
            || (Count - 1) * stride + j + 4 > values.Length)
            throw new ArgumentOutOfRangeException(nameof(j));
        var vx = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(x), (nuint)j);
        var vy = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(y), (nuint)j);
        var vz = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(z), (nuint)j);
        var vw = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(weight), (nuint)j);
        var r2 = vx * vx + vy * vy + vz * vz;
        ref double dst = ref MemoryMarshal.GetReference(values);
        int lMax = LMax;
        // A_m + i B_m = w (x + i y)^m
        var am = vw;
        var bm = Vector256<double>.Zero;
        for (int m = 0; m <= lMax; m++)
        {
            if (m > 0)
            {
                var an = vx * am - vy * bm;
                bm = vx * bm + vy * am;
                am = an;
            }
            var qPrev2 = Vector256.Create(_diagonal[m]);
            Store(ref dst, m, m, qPrev2, am, bm, stride, j);
            if (m == lMax) break;
            var qPrev1 = Vector256.Create(_a[Packed(m + 1, m)]) * vz * qPrev2;
            Store(ref dst, m + 1, m, qPrev1, am, bm, stride, j);
            for (int l = m + 2; l <= lMax; l++)
            {
                int p = Packed(l, m);
                var q = Vector256.Create(_a[p]) * vz * qPrev1 - Vector256.Create(_b[p]) * r2 * qPrev2;
                Store(ref dst, l, m, q, am, bm, stride, j);
                qPrev2 = qPrev1;
                qPrev1 = q;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double dst, int l, int m, Vector256<double> q, Vector256<double> am, Vector256<double> bm, int stride, int j)
    {
        int centre = l * l + l;
        (q * am).StoreUnsafe(ref dst, (nuint)((centre + m) * stride + j));
        if (m > 0) (q * bm).StoreUnsafe(ref dst, (nuint)((centre - m) * stride + j));
    }

    /// <summary>r^l Y_lm at one point, values[lm] for lm = 0..Count−1 (a convenience for tests and set-up).</summary>
    public void Compute(double x, double y, double z, Span<double> values)
    {
        if (values.Length < Count) throw new ArgumentException("values too short", nameof(values));
        Span<double> px = [x, 0, 0, 0], py = [y, 0, 0, 0], pz = [z, 0, 0, 0], pw = [1, 0, 0, 0];
        Span<double> buffer = stackalloc double[4 * Count];
        Compute4(px, py, pz, pw, 0, buffer, 4);
        for (int i = 0; i < Count; i++) values[i] = buffer[4 * i];
    }
}
