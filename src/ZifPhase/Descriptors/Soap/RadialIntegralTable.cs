using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ZifPhase.Descriptors.Soap;

/// <summary>
/// The radial part of DScribe's analytic GTO expansion (refs/README.md §3) without the r^l factor:
/// F_nl(r) = Σ_k β_nk^(l) π^(3/2) η^(−3/2) (1 + α_kl/η)^(−(l+3/2)) exp(−α_kl r² / (1 + α_kl/η)),
/// so that c_nlm = Σ_j w_j F_nl(r_j) r_j^l Y_lm(r̂_j).
/// <para>
/// Tabulated as piecewise quintic Hermite polynomials (value, first and second derivative matched at the nodes;
/// error O(h⁶)) on a uniform grid over [0, r_max], per (l, n), with the node data computed in double-double so that
/// the cancellation between the large β of an ill-conditioned basis does not enter the table. Coefficients of one
/// interval lie together, [interval][l][power][n padded to a multiple of 4], so one neighbour reads one contiguous
/// block and all n come out as Vector256 lanes. <see cref="EvaluateExact"/> sums the Gaussians directly in double,
/// as DScribe does, for validation.
/// </para>
/// </summary>
internal sealed class RadialIntegralTable
{
    public const int Order = 5;
    private const int Powers = Order + 1;

    public int NMax { get; }
    public int LMax { get; }
    /// <summary>n_max rounded up to a multiple of 4 (padding lanes hold zeros).</summary>
    public int NPad { get; }
    public double RMax { get; }
    public int Intervals { get; }

    private readonly double _invH;
    private readonly double[] _coefficients;
    // Exact evaluation: F_nl(r) = Σ_k B[l][n][k] exp(−A[l][k] r²) in double.
    private readonly double[] _b, _a;

    public RadialIntegralTable(GtoBasis basis, double sigma, double rMax, int intervals, bool withSpline = true)
    {
        if (!(rMax > 0)) throw new ArgumentOutOfRangeException(nameof(rMax));
        if (intervals < 1) throw new ArgumentOutOfRangeException(nameof(intervals));
        NMax = basis.NMax;
        LMax = basis.LMax;
        NPad = (NMax + 3) / 4 * 4;
        RMax = rMax;
        Intervals = intervals;
        _invH = intervals / rMax;
        int nMax = NMax, lMax = LMax;

        // Double-double prefactors: A_kl = α/(1 + α/η), B_nlk = β_nk π^{3/2} η^{−3/2} (1 + α/η)^{−(l+3/2)}.
        DoubleDouble eta = DoubleDouble.One / ((DoubleDouble)sigma * sigma * 2.0);
        var piOverEta = DoubleDouble.Pi / eta;
        var pre = piOverEta * DoubleDouble.Sqrt(piOverEta); // π^{3/2} η^{−3/2}
        var aDd = new DoubleDouble[(lMax + 1) * nMax];
        var bDd = new DoubleDouble[(lMax + 1) * nMax * nMax];
        _a = new double[aDd.Length];
        _b = new double[bDd.Length];
        for (int l = 0; l <= lMax; l++)
            for (int k = 0; k < nMax; k++)
            {
                DoubleDouble alpha = basis.Alpha(l, k);
                var onePlus = DoubleDouble.One + alpha / eta;
                aDd[l * nMax + k] = alpha / onePlus;
                _a[l * nMax + k] = aDd[l * nMax + k].ToDouble();
                var factor = pre / (DoubleDouble.Pow(onePlus, l + 1) * DoubleDouble.Sqrt(onePlus));
                for (int n = 0; n < nMax; n++)
                {
                    int i = (l * nMax + n) * nMax + k;
                    bDd[i] = basis.ExactBetas[i] * factor;
                    _b[i] = bDd[i].ToDouble();
                }
            }

        if (!withSpline)
        {
            _coefficients = [];
            return;
        }

        // Node data: value, h·derivative, h²·second derivative of every F_nl at r_i = i·h. The Gaussians at the nodes
        // follow from e_(i+1) = e_i · g · q^i with g = exp(−a h²), q = g² (two exponentials per (l, k), all in
        // double-double, so the recurrence loses nothing that matters).
        DoubleDouble hDd = (DoubleDouble)rMax / intervals;
        double h = hDd.ToDouble();
        int nodes = intervals + 1;
        int lk = (lMax + 1) * nMax;
        var gauss = new DoubleDouble[lk];
        var step = new DoubleDouble[lk];
        var ratio = new DoubleDouble[lk];
        for (int i = 0; i < lk; i++)
        {
            gauss[i] = DoubleDouble.One;
            step[i] = DoubleDouble.Exp(-(aDd[i] * hDd * hDd));
            ratio[i] = step[i] * step[i];
        }
        var f0 = new double[nodes * (lMax + 1) * nMax];
        var f1 = new double[f0.Length];
        var f2 = new double[f0.Length];
        var d1 = new DoubleDouble[nMax];
        var d2 = new DoubleDouble[nMax];
        for (int node = 0; node < nodes; node++)
        {
            var r = hDd * node;
            var r2 = r * r;
            for (int l = 0; l <= lMax; l++)
            {
                for (int k = 0; k < nMax; k++)
                {
                    var a = aDd[l * nMax + k];
                    var e = gauss[l * nMax + k];
                    // d/dr exp(−a r²) = −2 a r e;  d²/dr² = (4 a² r² − 2 a) e; scaled by h and h².
                    d1[k] = -(a * r * hDd * 2.0) * e;
                    d2[k] = (a * a * r2 * 4.0 - a * 2.0) * hDd * hDd * e;
                }
                for (int n = 0; n < nMax; n++)
                {
                    DoubleDouble v = DoubleDouble.Zero, dv = DoubleDouble.Zero, ddv = DoubleDouble.Zero;
                    for (int k = 0; k < nMax; k++)
                    {
                        var b = bDd[(l * nMax + n) * nMax + k];
                        v += b * gauss[l * nMax + k];
                        dv += b * d1[k];
                        ddv += b * d2[k];
                    }
                    int idx = (node * (lMax + 1) + l) * nMax + n;
                    f0[idx] = v.ToDouble();
                    f1[idx] = dv.ToDouble();
                    f2[idx] = ddv.ToDouble();
                }
            }
            for (int i = 0; i < lk; i++)
            {
                gauss[i] *= step[i];
                step[i] *= ratio[i];
            }
        }

        // Quintic Hermite coefficients on t ∈ [0, 1] per interval.
        _coefficients = new double[intervals * (lMax + 1) * Powers * NPad];
        for (int i = 0; i < intervals; i++)
            for (int l = 0; l <= lMax; l++)
                for (int n = 0; n < nMax; n++)
                {
                    int p = (i * (lMax + 1) + l) * nMax + n;
                    int q = ((i + 1) * (lMax + 1) + l) * nMax + n;
                    double y0 = f0[p], y1 = f0[q], s0 = f1[p], s1 = f1[q], c0 = f2[p], c1 = f2[q];
                    double delta = y1 - y0 - s0 - 0.5 * c0;
                    double deltaP = s1 - s0 - c0;
                    double deltaPp = c1 - c0;
                    int baseIdx = (i * (lMax + 1) + l) * Powers * NPad + n;
                    _coefficients[baseIdx + 0 * NPad] = y0;
                    _coefficients[baseIdx + 1 * NPad] = s0;
                    _coefficients[baseIdx + 2 * NPad] = 0.5 * c0;
                    _coefficients[baseIdx + 3 * NPad] = 10 * delta - 4 * deltaP + 0.5 * deltaPp;
                    _coefficients[baseIdx + 4 * NPad] = -15 * delta + 7 * deltaP - deltaPp;
                    _coefficients[baseIdx + 5 * NPad] = 6 * delta - 3 * deltaP + 0.5 * deltaPp;
                }
    }

    /// <summary>True when the spline coefficients were built (<see cref="Evaluate"/> may be used).</summary>
    public bool HasSpline => _coefficients.Length > 0;

    /// <summary>
    /// Spline values F_nl(r) for every l and n: dest[l * lStride + n] for n &lt; NPad (padding lanes get 0).
    /// r must lie in [0, RMax] (values beyond are extrapolated from the last interval).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Evaluate(double r, ref double dest, int lStride)
    {
        double t = r * _invH;
        int i = (int)t;
        if (i >= Intervals) i = Intervals - 1;
        var u = Vector256.Create(t - i);
        int nv = NPad / 4;
        int blockLength = Powers * NPad;
        ref double block = ref MemoryMarshal.GetArrayDataReference(_coefficients);
        nuint offset = (nuint)(i * (LMax + 1) * blockLength);
        for (int l = 0; l <= LMax; l++, offset += (nuint)blockLength)
        {
            ref double target = ref Unsafe.Add(ref dest, l * lStride);
            for (int v = 0; v < nv; v++)
            {
                nuint o = offset + (nuint)(4 * v);
                var acc = Vector256.LoadUnsafe(ref block, o + (nuint)(5 * NPad));
                acc = Vector256.FusedMultiplyAdd(acc, u, Vector256.LoadUnsafe(ref block, o + (nuint)(4 * NPad)));
                acc = Vector256.FusedMultiplyAdd(acc, u, Vector256.LoadUnsafe(ref block, o + (nuint)(3 * NPad)));
                acc = Vector256.FusedMultiplyAdd(acc, u, Vector256.LoadUnsafe(ref block, o + (nuint)(2 * NPad)));
                acc = Vector256.FusedMultiplyAdd(acc, u, Vector256.LoadUnsafe(ref block, o + (nuint)NPad));
                acc = Vector256.FusedMultiplyAdd(acc, u, Vector256.LoadUnsafe(ref block, o));
                acc.StoreUnsafe(ref target, (nuint)(4 * v));
            }
        }
    }

    /// <summary>F_nl(r) summed directly in double (DScribe's way), same layout as <see cref="Evaluate"/>.</summary>
    public void EvaluateExact(double r, ref double dest, int lStride)
    {
        int nMax = NMax;
        Span<double> e = stackalloc double[nMax];
        double r2 = r * r;
        for (int l = 0; l <= LMax; l++)
        {
            for (int k = 0; k < nMax; k++) e[k] = Math.Exp(-_a[l * nMax + k] * r2);
            ref double target = ref Unsafe.Add(ref dest, l * lStride);
            for (int n = 0; n < NPad; n++)
            {
                double sum = 0;
                if (n < nMax)
                    for (int k = 0; k < nMax; k++) sum += _b[(l * nMax + n) * nMax + k] * e[k];
                Unsafe.Add(ref target, n) = sum;
            }
        }
    }

    /// <summary>F_nl(r) by the spline, one value (tests).</summary>
    public double Spline(int l, int n, double r)
    {
        Span<double> buffer = stackalloc double[(LMax + 1) * NPad];
        Evaluate(r, ref MemoryMarshal.GetReference(buffer), NPad);
        return buffer[l * NPad + n];
    }

    /// <summary>F_nl(r) summed in double, one value (tests).</summary>
    public double Exact(int l, int n, double r)
    {
        Span<double> buffer = stackalloc double[(LMax + 1) * NPad];
        EvaluateExact(r, ref MemoryMarshal.GetReference(buffer), NPad);
        return buffer[l * NPad + n];
    }

    /// <summary>Bytes held by the spline coefficients.</summary>
    public long SizeInBytes => (long)_coefficients.Length * sizeof(double);
}
