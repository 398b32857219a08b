namespace ZifPhase.Descriptors.Soap;

/// <summary>
/// DScribe 2.1.1's GTO radial basis (refs/README.md §2): for each l, primitives r^l exp(−α_kl r²) with decay radii
/// a_k = linspace(1, r_cut, n_max), α_kl = −ln(10⁻³ / a_k^l) / a_k², orthonormalised on [0, ∞) with weight r² by
/// Löwdin's β^(l) = S^(−1/2), S_kk' = ½ Γ(l + 3/2) (α_k + α_k')^(−(l + 3/2)).
/// <para>
/// S is badly conditioned (cond 6e10 at l = 0 up to 4e14 at l = 9 for n_max 12), so S and its inverse square root
/// are computed in double-double arithmetic (cyclic Jacobi eigendecomposition, ~32 digits) and only the final β are
/// rounded to double. <see cref="ExactBetas"/> keeps the unrounded values for the radial tables.
/// </para>
/// </summary>
internal sealed class GtoBasis
{
    public int NMax { get; }
    public int LMax { get; }

    /// <summary>α_kl at [l * NMax + k] (DScribe's flattened layout).</summary>
    public double[] Alphas { get; }

    /// <summary>β^(l)_nk at [(l * NMax + n) * NMax + k] (DScribe's flattened layout).</summary>
    public double[] Betas { get; }

    /// <summary>The same β before rounding to double (equal to <see cref="Betas"/> for an injected basis).</summary>
    internal DoubleDouble[] ExactBetas { get; }

    private GtoBasis(int nMax, int lMax, double[] alphas, double[] betas, DoubleDouble[] exactBetas)
    {
        NMax = nMax;
        LMax = lMax;
        Alphas = alphas;
        Betas = betas;
        ExactBetas = exactBetas;
    }

    public double Alpha(int l, int k) => Alphas[l * NMax + k];
    public double Beta(int l, int n, int k) => Betas[(l * NMax + n) * NMax + k];

    /// <summary>The decay radii a_k exactly as numpy.linspace(1, r_cut, n_max) computes them.</summary>
    public static double[] DecayRadii(double rCut, int nMax)
    {
        var a = new double[nMax];
        if (nMax == 1)
        {
            a[0] = 1.0;
            return a;
        }
        double step = (rCut - 1.0) / (nMax - 1);
        for (int k = 0; k < nMax; k++) a[k] = k * step + 1.0;
        a[nMax - 1] = rCut;
        return a;
    }

    /// <summary>α_kl = −ln(threshold / a_k^l) / a_k² with threshold 10⁻³, evaluated in DScribe's operation order.</summary>
    public static double[] ComputeAlphas(double rCut, int nMax, int lMax)
    {
        var a = DecayRadii(rCut, nMax);
        var alphas = new double[(lMax + 1) * nMax];
        for (int l = 0; l <= lMax; l++)
            for (int k = 0; k < nMax; k++)
                alphas[l * nMax + k] = -Math.Log(1e-3 / Math.Pow(a[k], l)) / (a[k] * a[k]);
        return alphas;
    }

    /// <summary>Builds the basis for r_cut, n_max, l_max.</summary>
    /// <exception cref="ZifPhaseException">S is not positive definite, or n_max is too large for the basis's tables (settings of the user's spec).</exception>
    public static GtoBasis Create(double rCut, int nMax, int lMax)
    {
        if (!(rCut > 1)) throw new ArgumentException($"soap: the GTO basis needs r_cut > 1 Å, not {rCut}");
        if (nMax < 1) throw new ArgumentException($"soap: n_max must be ≥ 1, not {nMax}");
        if ((long)(lMax + 1) * nMax * nMax > Array.MaxLength)
            throw new ZifPhaseException($"soap: n_max {nMax} is too large for the GTO basis; lower n_max");
        var alphas = ComputeAlphas(rCut, nMax, lMax);
        var exact = new DoubleDouble[(lMax + 1) * nMax * nMax];
        for (int l = 0; l <= lMax; l++)
        {
            var beta = InverseSqrt(Overlap(alphas.AsSpan(l * nMax, nMax), l), nMax, l);
            Array.Copy(beta, 0, exact, l * nMax * nMax, nMax * nMax);
        }
        var betas = exact.Select(b => b.ToDouble()).ToArray();
        return new GtoBasis(nMax, lMax, alphas, betas, exact);
    }

    /// <summary>A basis given explicitly, e.g. DScribe's own gto_alphas[l][k] and gto_betas[l][n][k].</summary>
    public static GtoBasis FromArrays(double[][] alphas, double[][][] betas)
    {
        int lMax = alphas.Length - 1;
        if (lMax < 0 || betas.Length != alphas.Length) throw new ArgumentException("basis: alphas and betas need one entry per l");
        int nMax = alphas[0].Length;
        var a = new double[(lMax + 1) * nMax];
        var b = new double[(lMax + 1) * nMax * nMax];
        for (int l = 0; l <= lMax; l++)
        {
            if (alphas[l].Length != nMax || betas[l].Length != nMax) throw new ArgumentException("basis: inconsistent n_max");
            alphas[l].CopyTo(a, l * nMax);
            for (int n = 0; n < nMax; n++)
            {
                if (betas[l][n].Length != nMax) throw new ArgumentException("basis: inconsistent n_max");
                betas[l][n].CopyTo(b, (l * nMax + n) * nMax);
            }
        }
        return new GtoBasis(nMax, lMax, a, b, b.Select(x => (DoubleDouble)x).ToArray());
    }

    /// <summary>½ Γ(l + 3/2) = √π (2l + 1)!! / 2^(l + 2), in double-double.</summary>
    internal static DoubleDouble HalfGamma(int l)
    {
        double oddFactorial = 1;
        for (int i = 3; i <= 2 * l + 1; i += 2) oddFactorial *= i; // exact: 19!! < 2^53
        return (DoubleDouble.Sqrt(DoubleDouble.Pi) * oddFactorial).ScaleB(-(l + 2));
    }

    /// <summary>(α_k + α_k')^(−(l + 3/2)) times ½ Γ(l + 3/2), the overlap of two primitives, in double-double.</summary>
    internal static DoubleDouble[] Overlap(ReadOnlySpan<double> alphas, int l)
    {
        int n = alphas.Length;
        var s = new DoubleDouble[n * n];
        var c = HalfGamma(l);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                var sum = (DoubleDouble)alphas[i] + alphas[k];
                s[i * n + k] = c / (DoubleDouble.Pow(sum, l + 1) * DoubleDouble.Sqrt(sum));
            }
        return s;
    }

    /// <summary>S^(−1/2) of a symmetric positive definite matrix by cyclic Jacobi in double-double.</summary>
    internal static DoubleDouble[] InverseSqrt(DoubleDouble[] s, int n, int l)
    {
        var (values, vectors) = SymmetricEigen(s, n);
        var result = new DoubleDouble[n * n];
        var inv = new DoubleDouble[n];
        for (int i = 0; i < n; i++)
        {
            if (!(values[i].Hi > 0))
                throw new ZifPhaseException(
                    $"soap: the GTO overlap matrix for l = {l} is not positive definite; lower n_max or raise r_cut");
            inv[i] = DoubleDouble.One / DoubleDouble.Sqrt(values[i]);
        }
        for (int a = 0; a < n; a++)
            for (int b = a; b < n; b++)
            {
                var sum = DoubleDouble.Zero;
                for (int i = 0; i < n; i++) sum += vectors[a * n + i] * vectors[b * n + i] * inv[i];
                result[a * n + b] = sum;
                result[b * n + a] = sum;
            }
        return result;
    }

    /// <summary>
    /// Eigenvalues and eigenvectors (columns of V, row-major [row * n + column]) of a symmetric matrix by cyclic
    /// Jacobi rotations, with the relative off-diagonal test |a_pq| ≤ ε √(a_pp a_qq) that keeps small eigenvalues
    /// accurate to high relative precision.
    /// </summary>
    internal static (DoubleDouble[] Values, DoubleDouble[] Vectors) SymmetricEigen(DoubleDouble[] matrix, int n)
    {
        var a = (DoubleDouble[])matrix.Clone();
        var v = new DoubleDouble[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = DoubleDouble.One;
        const double eps = 1e-33;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    var apq = a[p * n + q];
                    if (apq.Hi == 0) continue;
                    var app = a[p * n + p];
                    var aqq = a[q * n + q];
                    double scale = Math.Sqrt(Math.Abs(app.Hi * aqq.Hi));
                    if (Math.Abs(apq.Hi) <= eps * scale) continue;
                    rotated = true;
                    var theta = (aqq - app) / (apq * 2.0);
                    var root = DoubleDouble.Sqrt(theta * theta + 1.0);
                    var t = DoubleDouble.One / (DoubleDouble.Abs(theta) + root);
                    if (theta.Hi < 0) t = -t;
                    var c = DoubleDouble.One / DoubleDouble.Sqrt(t * t + 1.0);
                    var sn = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        var akp = a[k * n + p];
                        var akq = a[k * n + q];
                        a[k * n + p] = c * akp - sn * akq;
                        a[k * n + q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        var apk = a[p * n + k];
                        var aqk = a[q * n + k];
                        a[p * n + k] = c * apk - sn * aqk;
                        a[q * n + k] = sn * apk + c * aqk;
                    }
                    a[p * n + q] = DoubleDouble.Zero;
                    a[q * n + p] = DoubleDouble.Zero;
                    for (int k = 0; k < n; k++)
                    {
                        var vkp = v[k * n + p];
                        var vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - sn * vkq;
                        v[k * n + q] = sn * vkp + c * vkq;
                    }
                }
            if (!rotated) break;
        }
        var values = new DoubleDouble[n];
        for (int i = 0; i < n; i++) values[i] = a[i * n + i];
        return (values, v);
    }

    /// <summary>max |β S β − I| over all l, with the rounded (double) β and S in double-double.</summary>
    public double OrthonormalityError()
    {
        double worst = 0;
        int n = NMax;
        for (int l = 0; l <= LMax; l++)
        {
            var s = Overlap(Alphas.AsSpan(l * n, n), l);
            var bs = new DoubleDouble[n * n];
            for (int i = 0; i < n; i++)
                for (int k = 0; k < n; k++)
                {
                    var sum = DoubleDouble.Zero;
                    for (int q = 0; q < n; q++) sum += (DoubleDouble)Beta(l, i, q) * s[q * n + k];
                    bs[i * n + k] = sum;
                }
            for (int i = 0; i < n; i++)
                for (int k = 0; k < n; k++)
                {
                    var sum = DoubleDouble.Zero;
                    for (int q = 0; q < n; q++) sum += bs[i * n + q] * Beta(l, k, q);
                    double e = Math.Abs((sum - (i == k ? 1.0 : 0.0)).ToDouble());
                    worst = Math.Max(worst, e);
                }
        }
        return worst;
    }
}
