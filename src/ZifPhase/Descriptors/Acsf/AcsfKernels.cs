using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static ZifPhase.Descriptors.Acsf.AcsfMath;

namespace ZifPhase.Descriptors.Acsf;

/// <summary>
/// The ACSF kernels on the gathered neighbours of one centre (<see cref="AcsfWorkspace"/>): the radial terms
/// G1–G3 per species, and G4/G5 per species pair — the moment kernel <see cref="AngularZeta1"/> when every ζ is
/// 1 (the paper's functions), the general kernel <see cref="Angular"/> otherwise. Same pairs, same terms in both.
/// </summary>
internal static class AcsfKernels
{
    /// <summary>G1, G2 and G3 of species group <paramref name="species"/> into <paramref name="output"/> from its offset.</summary>
    public static void Radial(AcsfTables t, AcsfWorkspace s, int species, Span<double> output)
    {
        double[] r = s.R, fc = s.Fc, wt = s.Wt;
        int stride = s.Capacity;
        int o = species * t.RadialWidth;
        int a0 = s.Start[species], a1 = s.Start[species + 1];
        output[o] = SumVec(fc, a0, a1);
        var g2W = t.G2W;
        for (int p = 0; p < g2W.Length; p++)
        {
            if (g2W[p] >= 0)
            {
                output[o + 1 + p] = SumVec(wt, g2W[p] * stride + a0, g2W[p] * stride + a1);
                continue;
            }
            var acc = Vector256<double>.Zero;
            var eta = Vector256.Create(-t.G2Eta[p]);
            var rs = Vector256.Create(t.G2Rs[p]);
            for (int k = a0; k < a1; k += W)
            {
                var dr = Load(r, k) - rs;
                acc += Exp(eta * dr * dr) * Load(fc, k);
            }
            output[o + 1 + p] = Vector256.Sum(acc);
        }
        var g3Kappa = t.G3Kappa;
        for (int p = 0; p < g3Kappa.Length; p++)
        {
            double sum = 0, kappa = g3Kappa[p];
            for (int k = a0; k < a1; k++) sum += Math.Cos(kappa * r[k]) * fc[k];
            output[o + 1 + g2W.Length + p] = sum;
        }
    }

    /// <summary>
    /// G4 and G5 when every ζ is 1, so that the angular factor is 1 + λ cosθ: per distinct η (in groups of up to
    /// four, accumulators in registers) S₀ = Σ T and S₁ = Σ T cosθ over the pairs, T the pair's weight, and then
    /// G = S₀ + λ S₁ for every λ. Same pairs, same terms as <see cref="Angular"/>; the rounding error of each
    /// term stays ~ε·T, as (1 + λ cosθ)·T would have it.
    /// </summary>
    public static void AngularZeta1(AcsfTables t, AcsfWorkspace s, int aStart, int aCount, int bStart, int bPadded, bool same, Span<double> block)
    {
        int n4 = t.G4W.Length, nE = t.EEta.Length, nF = t.FWeight.Length;
        Span<double> m4 = stackalloc double[2 * nE];
        Span<double> m5 = stackalloc double[2 * nF];
        var pairs = new PairRange(aStart, aCount, bStart, bPadded, same);
        for (int e0 = 0; e0 < nE; e0 += 4) Moments<G4Pairs>(t, s, pairs, t.EWeight, e0, m4.Slice(2 * e0));
        for (int f0 = 0; f0 < nF; f0 += 4) Moments<G5Pairs>(t, s, pairs, t.FWeight, f0, m5.Slice(2 * f0));
        for (int p = 0; p < n4; p++)
            block[p] = m4[2 * t.G4E[p]] + t.ALambda[t.G4A[p]] * m4[2 * t.G4E[p] + 1];
        for (int p = 0; p < t.G5W.Length; p++)
            block[n4 + p] = m5[2 * t.G5F[p]] + t.ALambda[t.G5A[p]] * m5[2 * t.G5F[p] + 1];
    }

    /// <summary>j over group a, k over group b (k &lt; j when a = b, so every unordered pair once); b padded to whole vectors.</summary>
    private readonly record struct PairRange(int AStart, int ACount, int BStart, int BPadded, bool Same);

    private interface IGroupSize
    {
        static abstract int N { get; }
    }

    private readonly struct Size1 : IGroupSize { public static int N => 1; }
    private readonly struct Size2 : IGroupSize { public static int N => 2; }
    private readonly struct Size3 : IGroupSize { public static int N => 3; }
    private readonly struct Size4 : IGroupSize { public static int N => 4; }

    /// <summary>Which angular function a moment kernel computes: G4 (with the R_jk factors and condition) or G5.</summary>
    private interface IPairKind
    {
        static abstract bool WithJk { get; }
    }

    private readonly struct G4Pairs : IPairKind { public static bool WithJk => true; }
    private readonly struct G5Pairs : IPairKind { public static bool WithJk => false; }

    private static void Moments<TKind>(AcsfTables t, AcsfWorkspace s, PairRange pairs, int[] weights, int g0, Span<double> result)
        where TKind : struct, IPairKind
    {
        switch (Math.Min(4, weights.Length - g0))
        {
            case 1: Moments<Size1, TKind>(t, s, pairs, weights, g0, result); break;
            case 2: Moments<Size2, TKind>(t, s, pairs, weights, g0, result); break;
            case 3: Moments<Size3, TKind>(t, s, pairs, weights, g0, result); break;
            default: Moments<Size4, TKind>(t, s, pairs, weights, g0, result); break;
        }
    }

    /// <summary>
    /// S₀ and S₁ (see <see cref="AngularZeta1"/>) for the N weights <paramref name="weights"/>[g0 … g0 + N − 1]:
    /// for G4 the distinct G4 η, T = w_j·w_k·exp(−ηR_jk²)·fc(R_jk) (vectors of k all beyond r_cut from j skipped);
    /// for G5 the distinct G5 weights, T = w_j·w_k (no R_jk factor, no R_jk condition).
    /// </summary>
    private static void Moments<TSize, TKind>(AcsfTables t, AcsfWorkspace s, PairRange pairs, int[] weights, int g0, Span<double> result)
        where TSize : struct, IGroupSize
        where TKind : struct, IPairKind
    {
        int n = TSize.N;
        bool jk = TKind.WithJk;
        int aStart = pairs.AStart, aCount = pairs.ACount, bStart = pairs.BStart, bPadded = pairs.BPadded;
        bool same = pairs.Same;
        int stride = s.Capacity;
        double[] x = s.X, y = s.Y, z = s.Z, ux = s.Ux, uy = s.Uy, uz = s.Uz, wt = s.Wt;
        int o0 = weights[g0] * stride;
        int o1 = n > 1 ? weights[g0 + 1] * stride : 0;
        int o2 = n > 2 ? weights[g0 + 2] * stride : 0;
        int o3 = n > 3 ? weights[g0 + 3] * stride : 0;
        var ePower = t.EPower;
        bool power = jk && ePower is not null;
        int p0 = power ? ePower![g0] : 0;
        int p1 = power && n > 1 ? ePower![g0 + 1] : 0;
        int p2 = power && n > 2 ? ePower![g0 + 2] : 0;
        int p3 = power && n > 3 ? ePower![g0 + 3] : 0;
        var eEta = t.EEta;
        var ne0 = Vector256.Create(jk ? -eEta[g0] : 0);
        var ne1 = Vector256.Create(jk && n > 1 ? -eEta[g0 + 1] : 0);
        var ne2 = Vector256.Create(jk && n > 2 ? -eEta[g0 + 2] : 0);
        var ne3 = Vector256.Create(jk && n > 3 ? -eEta[g0 + 3] : 0);
        var negBeta = Vector256.Create(-t.EBeta);
        var rc2 = Vector256.Create(t.Rc2);
        double fcScale = t.FcScale;
        int maxPower = t.MaxPower;
        var zero = Vector256<double>.Zero;
        Vector256<double> z00 = zero, z01 = zero, z02 = zero, z03 = zero, z10 = zero, z11 = zero, z12 = zero, z13 = zero;

        for (int jl = 0; jl < aCount; jl++)
        {
            int j = aStart + jl;
            int kEnd = same ? jl : bPadded;
            if (kEnd == 0) continue;
            var pj = new PairVectors(s, j);
            Vector256<double> a00 = zero, a01 = zero, a02 = zero, a03 = zero, a10 = zero, a11 = zero, a12 = zero, a13 = zero;
            var laneK = Iota;
            var end = Vector256.Create((double)kEnd);
            for (int kl = 0; kl < kEnd; kl += W)
            {
                int k = bStart + kl;
                var lanes = Vector256.LessThan(laneK, end);
                laneK += Four;
                Vector256<double> cos, t0, t1 = zero, t2 = zero, t3 = zero;
                if (jk)
                {
                    var d2 = pj.Distance2(x, y, z, k);
                    // Whole vectors of k beyond r_cut from j contribute nothing: skip their exp and fc.
                    var inRange = Vector256.LessThanOrEqual(d2, rc2) & lanes;
                    if (inRange == Vector256<double>.Zero) continue;
                    cos = pj.Cos(ux, uy, uz, k);
                    var f = Fc(d2, fcScale) & inRange;
                    Vector256<double> e0v, e1v = zero, e2v = zero, e3v = zero;
                    if (power)
                    {
                        var b1 = Exp(negBeta * d2);
                        var (b2, b4, b8, b16) = BinaryPowers(b1, maxPower);
                        e0v = Power(p0, b1, b2, b4, b8, b16);
                        if (n > 1) e1v = Power(p1, b1, b2, b4, b8, b16);
                        if (n > 2) e2v = Power(p2, b1, b2, b4, b8, b16);
                        if (n > 3) e3v = Power(p3, b1, b2, b4, b8, b16);
                    }
                    else
                    {
                        e0v = Exp(ne0 * d2);
                        if (n > 1) e1v = Exp(ne1 * d2);
                        if (n > 2) e2v = Exp(ne2 * d2);
                        if (n > 3) e3v = Exp(ne3 * d2);
                    }
                    t0 = Load(wt, o0 + k) * e0v * f;
                    if (n > 1) t1 = Load(wt, o1 + k) * e1v * f;
                    if (n > 2) t2 = Load(wt, o2 + k) * e2v * f;
                    if (n > 3) t3 = Load(wt, o3 + k) * e3v * f;
                }
                else
                {
                    cos = pj.Cos(ux, uy, uz, k);
                    t0 = Load(wt, o0 + k) & lanes;
                    if (n > 1) t1 = Load(wt, o1 + k) & lanes;
                    if (n > 2) t2 = Load(wt, o2 + k) & lanes;
                    if (n > 3) t3 = Load(wt, o3 + k) & lanes;
                }
                a00 += t0;
                a10 = Vector256.FusedMultiplyAdd(t0, cos, a10);
                if (n > 1)
                {
                    a01 += t1;
                    a11 = Vector256.FusedMultiplyAdd(t1, cos, a11);
                }
                if (n > 2)
                {
                    a02 += t2;
                    a12 = Vector256.FusedMultiplyAdd(t2, cos, a12);
                }
                if (n > 3)
                {
                    a03 += t3;
                    a13 = Vector256.FusedMultiplyAdd(t3, cos, a13);
                }
            }
            var w0 = Vector256.Create(wt[o0 + j]);
            z00 = Vector256.FusedMultiplyAdd(w0, a00, z00);
            z10 = Vector256.FusedMultiplyAdd(w0, a10, z10);
            if (n > 1)
            {
                var w1 = Vector256.Create(wt[o1 + j]);
                z01 = Vector256.FusedMultiplyAdd(w1, a01, z01);
                z11 = Vector256.FusedMultiplyAdd(w1, a11, z11);
            }
            if (n > 2)
            {
                var w2 = Vector256.Create(wt[o2 + j]);
                z02 = Vector256.FusedMultiplyAdd(w2, a02, z02);
                z12 = Vector256.FusedMultiplyAdd(w2, a12, z12);
            }
            if (n > 3)
            {
                var w3 = Vector256.Create(wt[o3 + j]);
                z03 = Vector256.FusedMultiplyAdd(w3, a03, z03);
                z13 = Vector256.FusedMultiplyAdd(w3, a13, z13);
            }
        }
        result[0] = Vector256.Sum(z00);
        result[1] = Vector256.Sum(z10);
        if (n > 1) { result[2] = Vector256.Sum(z01); result[3] = Vector256.Sum(z11); }
        if (n > 2) { result[4] = Vector256.Sum(z02); result[5] = Vector256.Sum(z12); }
        if (n > 3) { result[6] = Vector256.Sum(z03); result[7] = Vector256.Sum(z13); }
    }

    /// <summary>
    /// G4 and G5 of one species pair for any ζ: j over group a, k over group b (k &lt; j when a = b, so every
    /// unordered pair once). For each j, simple loops over the k vectors: first the pair factors (cosθ, fc(R_jk),
    /// exp(−ηR_jk²), angular factors, masked beyond the last k), then one dot product per parameter row, scaled
    /// by j's weight. The loops keep their accumulator in a register whatever the number of parameters.
    /// </summary>
    public static void Angular(AcsfTables t, AcsfWorkspace s, int aStart, int aCount, int bStart, int bPadded, bool same, Span<double> block)
    {
        int n4 = t.G4W.Length, n5 = t.G5W.Length, np = n4 + n5;
        int nA = t.ALambda.Length, nE = t.EEta.Length;
        int stride = s.Capacity;
        Span<Vector256<double>> tot = stackalloc Vector256<double>[np];
        tot.Clear();
        double[] x = s.X, y = s.Y, z = s.Z, ux = s.Ux, uy = s.Uy, uz = s.Uz, wt = s.Wt, buf = s.Pair;
        // Rows of the pair buffer (length stride each, indexed by k − bStart).
        int rowCos = 0, rowT = stride, rowA = rowT + nE * stride;
        var rc2 = Vector256.Create(t.Rc2);
        var negBeta = Vector256.Create(-t.EBeta);
        var ePower = t.EPower;
        int maxPower = t.MaxPower;
        var masks = LaneMasks;

        for (int jl = 0; jl < aCount; jl++)
        {
            int j = aStart + jl;
            int kEnd = same ? jl : bPadded;
            if (kEnd == 0) continue;
            var pj = new PairVectors(s, j);

            // Pair factors: cosθ, and T_e = w_k · exp(−η_e R_jk²) · fc(R_jk), zero past kEnd (only when a = b).
            for (int kl = 0; kl < kEnd; kl += W)
            {
                int k = bStart + kl;
                var cos = pj.Cos(ux, uy, uz, k);
                Store(buf, rowCos + kl, cos);
                if (n4 == 0) continue;
                var d2 = pj.Distance2(x, y, z, k);
                var fjk = Fc(d2, t.FcScale) & Vector256.LessThanOrEqual(d2, rc2) & masks[Math.Min(W, kEnd - kl)];
                if (ePower is not null)
                {
                    var b1 = Exp(negBeta * d2);
                    var (b2, b4, b8, b16) = BinaryPowers(b1, maxPower);
                    for (int e = 0; e < nE; e++)
                        Store(buf, rowT + e * stride + kl, Load(wt, t.EWeight[e] * stride + k) * Power(ePower[e], b1, b2, b4, b8, b16) * fjk);
                }
                else
                {
                    for (int e = 0; e < nE; e++)
                        Store(buf, rowT + e * stride + kl, Load(wt, t.EWeight[e] * stride + k) * Exp(Vector256.Create(-t.EEta[e]) * d2) * fjk);
                }
            }
            for (int m = 0; m < nA; m++)
            {
                int ra = rowA + m * stride;
                for (int kl = 0; kl < kEnd; kl += W)
                    Store(buf, ra + kl, AngularFactor(t, m, Load(buf, rowCos + kl)) & masks[Math.Min(W, kEnd - kl)]);
            }

            // One dot product over k per parameter row.
            for (int p = 0; p < n4; p++)
            {
                int rt = rowT + t.G4E[p] * stride, ra = rowA + t.G4A[p] * stride;
                var acc = Vector256<double>.Zero;
                for (int kl = 0; kl < kEnd; kl += W) acc += Load(buf, rt + kl) * Load(buf, ra + kl);
                tot[p] += Vector256.Create(wt[t.G4W[p] * stride + j]) * acc;
            }
            for (int p = 0; p < n5; p++)
            {
                int rw = t.G5W[p] * stride + bStart, ra = rowA + t.G5A[p] * stride;
                var acc = Vector256<double>.Zero;
                for (int kl = 0; kl < kEnd; kl += W) acc += Load(wt, rw + kl) * Load(buf, ra + kl);
                tot[n4 + p] += Vector256.Create(wt[t.G5W[p] * stride + j]) * acc;
            }
        }
        for (int p = 0; p < np; p++) block[p] = Vector256.Sum(tot[p]);
    }

    /// <summary>
    /// Neighbour j of a pair loop broadcast to every lane: its position and unit vector, for R_jk² and cosθ_ijk
    /// of four k at a time.
    /// </summary>
    private readonly struct PairVectors(AcsfWorkspace s, int j)
    {
        private readonly Vector256<double> _x = Vector256.Create(s.X[j]), _y = Vector256.Create(s.Y[j]), _z = Vector256.Create(s.Z[j]);
        private readonly Vector256<double> _ux = Vector256.Create(s.Ux[j]), _uy = Vector256.Create(s.Uy[j]), _uz = Vector256.Create(s.Uz[j]);

        /// <summary>R_jk² of the four k from slot <paramref name="k"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<double> Distance2(double[] x, double[] y, double[] z, int k)
        {
            var dx = Load(x, k) - _x;
            var dy = Load(y, k) - _y;
            var dz = Load(z, k) - _z;
            return dx * dx + dy * dy + dz * dz;
        }

        /// <summary>cosθ_ijk = û_j·û_k of the four k from slot <paramref name="k"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<double> Cos(double[] ux, double[] uy, double[] uz, int k) =>
            _ux * Load(ux, k) + _uy * Load(uy, k) + _uz * Load(uz, k);
    }

    /// <summary>2^{1−ζ}(1 + λ cosθ)^ζ written as DScribe does, 2·(½(1 + λ cosθ))^ζ; 1 + λ cosθ for ζ = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AngularFactor(AcsfTables t, int m, Vector256<double> cos)
    {
        double lambda = t.ALambda[m];
        int n = t.AIntZeta[m];
        if (n == 1) return Vector256<double>.One + Vector256.Create(lambda) * cos;
        var half = Vector256.Create(0.5) * (Vector256<double>.One + Vector256.Create(lambda) * cos);
        var pow = n != int.MinValue ? IntegerPower(half, n) : Exp(Vector256.Create(t.AZeta[m]) * Vector256.Log(half));
        return Vector256.Create(2.0) * pow;
    }
}
