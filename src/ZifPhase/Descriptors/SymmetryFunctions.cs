using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ZifPhase.Neighbors;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors;

/// <summary>
/// Behler–Parrinello atom-centred symmetry functions G1–G5, numerically as DScribe 2.1.1's ACSF
/// (refs/README.md, "DScribe 2.1.1 ACSF"):
/// <list type="bullet">
/// <item>neighbours j of centre i: every atom of a species in <see cref="AcsfSpec"/>.Species and every periodic
/// image (self-images of the centre included) with 0 &lt; R_ij ≤ r_cut; cutoff fc(R) = ½[cos(πR/r_cut) + 1];</item>
/// <item>G1 = Σ fc(R_ij); G2 = Σ exp(−η(R_ij − R_s)²) fc(R_ij); G3 = Σ cos(κR_ij) fc(R_ij);</item>
/// <item>G4 = Σ_{unordered {j,k}} 2^{1−ζ}(1 + λcosθ_ijk)^ζ exp(−η(R_ij² + R_ik² + R_jk²)) fc(R_ij) fc(R_ik) fc(R_jk),
/// pairs with R_jk &gt; r_cut skipped; G5 the same without the R_jk factors and without that condition;</item>
/// <item>row layout: for each species t (sorted by Z) [G1, G2…, G3…]; then for each species pair a ≥ b, at
/// index a(a+1)/2 + b, [G4…, G5…], each in the order of the spec's parameter rows.</item>
/// </list>
/// Unlike DScribe, which rejects a structure holding an element outside its species, atoms of other elements
/// are simply not neighbours: <see cref="AcsfSpec.PaperBpsf"/> (species Zn) on a full ZIF frame sees only the Zn
/// atoms, exactly as DScribe on the Zn-only structure. Centres may be atoms of any element.
/// <para>
/// Speed: the neighbours of a centre are gathered per species into padded structure-of-arrays buffers, the
/// per-neighbour factors fc(R)·exp(−ηR²) are computed once per η, and the pair loop runs over k with
/// <see cref="Vector256{T}"/>: exp(−η(R_ij² + R_ik² + R_jk²)) = w_j·w_k·exp(−ηR_jk²), where the exp(−ηR_jk²)
/// of all G4 η come from one vector exp when the η are small integer multiples of a common base (the paper's
/// 1 : 1.5 : 2 : 4), fc(R_jk) is a polynomial in R_jk² (no square root) and cosθ a dot product of unit vectors.
/// Rows are parallel over centres; each row is computed by one thread, so results do not depend on the thread
/// count.
/// </para>
/// </summary>
public sealed class SymmetryFunctions : IDescriptor
{
    private const int W = 4; // lanes of Vector256<double>

    private readonly AcsfSpec _spec;
    private readonly Element[] _species;
    private readonly int[] _speciesOfZ;
    private readonly double _rc, _rc2, _fcScale;
    private readonly int _radialWidth, _angularWidth;

    // Per-neighbour weights w_e(R) = fc(R)·exp(−η_e R²) for the distinct η of G2 (with R_s = 0), G4 and G5.
    private readonly double[] _wEta;
    // G2: weight index (R_s = 0), or −1 with η and R_s for the general form.
    private readonly int[] _g2W;
    private readonly double[] _g2Eta, _g2Rs;
    private readonly double[] _g3Kappa;
    // Angular factors 2^{1−ζ}(1 + λ cosθ)^ζ, one per distinct (λ, ζ).
    private readonly double[] _aLambda, _aZeta;
    private readonly int[] _aIntZeta; // integer ζ, or int.MinValue for the exp/log form
    // G4: distinct η of the exp(−η R_jk²) factor; weight, exp and angular factor index of every parameter row.
    private readonly double[] _eEta;
    private readonly int[] _g4W, _g4E, _g4A;
    private readonly int[] _eWeight; // weight index of each distinct G4 η
    // exp(−η_e R_jk²) = b^{n_e} with b = exp(−β R_jk²) when every η_e = n_e β (small n_e); else one exp per η.
    private readonly double _eBeta;
    private readonly int[]? _ePower;
    private readonly int _maxPower;
    private readonly int _pairRows; // rows of the per-j pair buffer: cosθ, T_e, angular factors
    private readonly int[] _g5W, _g5A;
    private readonly int[] _fWeight, _g5F; // distinct G5 weight indices; each G5 row's index among them
    private readonly bool _zeta1; // every G4 and G5 row has ζ = 1: the moment kernel applies

    public SymmetryFunctions(AcsfSpec spec, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "use -1 (all cores) or a positive count");
        _spec = spec;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        _species = spec.SortedSpecies.ToArray();
        _speciesOfZ = new int[Element.All.Count + 2];
        Array.Fill(_speciesOfZ, -1);
        for (int s = 0; s < _species.Length; s++) _speciesOfZ[_species[s].Z] = s;
        _rc = spec.RCut;
        _rc2 = _rc * _rc;
        double y = Math.PI / (2 * _rc);
        _fcScale = y * y;

        int n2 = spec.G2Params.Count, n3 = spec.G3Params.Count, n4 = spec.G4Params.Count, n5 = spec.G5Params.Count;
        _radialWidth = 1 + n2 + n3;
        _angularWidth = n4 + n5;
        int s2 = _species.Length;
        RowWidth = _radialWidth * s2 + _angularWidth * (s2 * (s2 + 1) / 2);
        Dimension = spec.G1 ? RowWidth : RowWidth - s2;

        var wEta = new List<double>();
        int WeightIndex(double eta)
        {
            int i = wEta.IndexOf(eta);
            if (i < 0)
            {
                i = wEta.Count;
                wEta.Add(eta);
            }
            return i;
        }
        var aKeys = new List<(double Lambda, double Zeta)>();
        int AngularIndex(double lambda, double zeta)
        {
            int i = aKeys.IndexOf((lambda, zeta));
            if (i < 0)
            {
                i = aKeys.Count;
                aKeys.Add((lambda, zeta));
            }
            return i;
        }

        _g2W = new int[n2];
        _g2Eta = new double[n2];
        _g2Rs = new double[n2];
        for (int p = 0; p < n2; p++)
        {
            _g2Eta[p] = spec.G2Params[p][0];
            _g2Rs[p] = spec.G2Params[p][1];
            _g2W[p] = -1;
        }
        _g3Kappa = spec.G3Params.Select(r => r[0]).ToArray();

        var eEta = new List<double>();
        _g4W = new int[n4];
        _g4E = new int[n4];
        _g4A = new int[n4];
        for (int p = 0; p < n4; p++)
        {
            var r = spec.G4Params[p];
            _g4W[p] = WeightIndex(r[0]);
            int e = eEta.IndexOf(r[0]);
            if (e < 0)
            {
                e = eEta.Count;
                eEta.Add(r[0]);
            }
            _g4E[p] = e;
            _g4A[p] = AngularIndex(r[2], r[1]);
        }
        _g5W = new int[n5];
        _g5A = new int[n5];
        for (int p = 0; p < n5; p++)
        {
            var r = spec.G5Params[p];
            _g5W[p] = WeightIndex(r[0]);
            _g5A[p] = AngularIndex(r[2], r[1]);
        }
        // G2 with R_s = 0 reuses a weight when its η is among them anyway (G4/G5), else gets its own.
        for (int p = 0; p < n2; p++)
            if (_g2Rs[p] == 0) _g2W[p] = WeightIndex(_g2Eta[p]);

        _wEta = wEta.ToArray();
        _fWeight = _g5W.Distinct().ToArray();
        _g5F = _g5W.Select(w => Array.IndexOf(_fWeight, w)).ToArray();
        _zeta1 = spec.G4Params.Concat(spec.G5Params).All(r => r[1] == 1);
        _eEta = eEta.ToArray();
        _eWeight = _eEta.Select(e => wEta.IndexOf(e)).ToArray();
        _aLambda = aKeys.Select(k => k.Lambda).ToArray();
        _aZeta = aKeys.Select(k => k.Zeta).ToArray();
        _aIntZeta = aKeys.Select(k => k.Zeta == Math.Round(k.Zeta) && Math.Abs(k.Zeta) <= 64 ? (int)k.Zeta : int.MinValue).ToArray();

        (_eBeta, _ePower) = PowerBase(_eEta, _rc2);
        _maxPower = _ePower?.Max() ?? 0;
        _pairRows = _angularWidth == 0 ? 0 : 1 + _eEta.Length + _aLambda.Length;

        FeatureNames = BuildNames("G4") ?? BuildNames("R")!;
        NeighborElements = _species;
    }

    /// <summary>The settings this descriptor was built from.</summary>
    public AcsfSpec Spec => _spec;

    DescriptorSpec IDescriptor.Spec => _spec;

    /// <summary>Threads for <see cref="Compute(Frame, ReadOnlySpan{int})"/>: −1 for all cores, or a positive count. Rows do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>Values per row: DScribe's layout (<see cref="RowWidth"/>), less the G1 columns when the spec has <c>g1: false</c>.</summary>
    public int Dimension { get; }

    /// <summary>Width of DScribe's row layout, G1 columns included; the offsets below index into it.</summary>
    public int RowWidth { get; }

    /// <summary><c>G1_Zn</c>, <c>G2_Zn_eta0.01786_rs0</c>, <c>G3_Zn_kappa0.5</c>, <c>G4_Zn-Zn_eta0.01786_zeta1_lambda-1</c>, <c>G5_N-Zn_…</c>.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    public double Cutoff => _rc;

    public IReadOnlyCollection<Element> NeighborElements { get; }

    /// <summary>Species sorted by atomic number (the row layout's order).</summary>
    public IReadOnlyList<Element> Species => _species;

    /// <summary>Offset of the G1 value of species <paramref name="t"/> (index in <see cref="Species"/>) in DScribe's row layout.</summary>
    public int RadialOffset(int t) => t * _radialWidth;

    /// <summary>Offset of the first G4 value of the species pair (a, b) in DScribe's row layout (order of a and b irrelevant).</summary>
    public int AngularOffset(int a, int b)
    {
        if (a < b) (a, b) = (b, a);
        return _species.Length * _radialWidth + (a * (a + 1) / 2 + b) * _angularWidth;
    }

    private string[]? BuildNames(string format)
    {
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        var names = new string[RowWidth];
        int o = 0;
        foreach (var t in _species)
        {
            names[o++] = $"G1_{t.Symbol}";
            foreach (var r in _spec.G2Params) names[o++] = $"G2_{t.Symbol}_eta{F(r[0])}_rs{F(r[1])}";
            foreach (var r in _spec.G3Params) names[o++] = $"G3_{t.Symbol}_kappa{F(r[0])}";
        }
        for (int a = 0; a < _species.Length; a++)
        for (int b = 0; b <= a; b++)
        {
            string pair = $"{_species[b].Symbol}-{_species[a].Symbol}";
            foreach (var r in _spec.G4Params) names[o++] = $"G4_{pair}_eta{F(r[0])}_zeta{F(r[1])}_lambda{F(r[2])}";
            foreach (var r in _spec.G5Params) names[o++] = $"G5_{pair}_eta{F(r[0])}_zeta{F(r[1])}_lambda{F(r[2])}";
        }
        if (!_spec.G1) names = names.Where(n => !n.StartsWith("G1_", StringComparison.Ordinal)).ToArray();
        return names.Distinct().Count() == names.Length ? names : null;
    }

    /// <summary>
    /// A base β with η_e = n_e β (integers n_e ≤ 16) such that the exponent −η_e R² at R ≤ r_cut changes by at
    /// most 1e-14, so that exp(−η_e R²) = exp(−β R²)^{n_e} to ~1e-14 relative (plus ~n_e ulp of rounding in the
    /// products); null when the η have no such base.
    /// </summary>
    private static (double Beta, int[]? Powers) PowerBase(double[] etas, double rc2)
    {
        if (etas.Length < 2) return (0, null);
        double min = etas.Min();
        if (!(min > 0)) return (0, null);
        for (int q = 1; q <= 8; q++)
        {
            double beta = min / q;
            var n = new int[etas.Length];
            bool ok = true;
            for (int e = 0; e < etas.Length && ok; e++)
            {
                double ratio = etas[e] / beta;
                n[e] = (int)Math.Round(ratio);
                double exponentError = Math.Abs(etas[e] - n[e] * beta) * rc2;
                ok = n[e] >= 1 && n[e] <= 16 && exponentError <= 1e-14;
            }
            if (ok) return (beta, n);
        }
        return (0, null);
    }

    /// <summary>Builds the neighbour list and computes the rows of the given centres.</summary>
    public double[] Compute(Frame frame, ReadOnlySpan<int> centres) =>
        DescriptorExtensions.Compute(this, frame, centres, MaxDegreeOfParallelism);

    public void Compute(Frame frame, NeighborList neighbors, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(neighbors);
        int centres = neighbors.CentreCount;
        if (output.Length != (long)centres * Dimension)
            throw new ArgumentException($"output holds {output.Length} values, expected {centres} centres × {Dimension}", nameof(output));
        if (neighbors.Cutoff < _rc)
            throw new ArgumentException($"the neighbour list covers {neighbors.Cutoff} Å, the descriptor needs {_rc} Å", nameof(neighbors));
        if (centres == 0) return;
        if (_spec.G1)
        {
            ComputeRows(frame, neighbors, output);
            return;
        }
        // g1: false drops the G1 column of each species from DScribe's layout (the paper's 12 BPSF).
        var full = System.Buffers.ArrayPool<double>.Shared.Rent(centres * RowWidth);
        try
        {
            ComputeRows(frame, neighbors, full.AsSpan(0, centres * RowWidth));
            for (int c = 0; c < centres; c++)
            {
                var src = full.AsSpan(c * RowWidth, RowWidth);
                var dst = output.Slice(c * Dimension, Dimension);
                int o = 0;
                for (int k = 0; k < RowWidth; k++)
                    if (k >= _species.Length * _radialWidth || k % _radialWidth != 0) dst[o++] = src[k];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(full);
        }
    }

    private void ComputeRows(Frame frame, NeighborList neighbors, Span<double> output)
    {
        int centres = neighbors.CentreCount;

        // Species index of every atom (−1: not a neighbour species), once per call.
        var atomSpecies = new sbyte[frame.AtomCount];
        var elements = frame.Elements;
        for (int i = 0; i < atomSpecies.Length; i++) atomSpecies[i] = (sbyte)_speciesOfZ[elements[i].Z];
        int dop = MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
        const int chunk = 8;
        int chunks = (centres + chunk - 1) / chunk;
        unsafe
        {
            fixed (double* outPtr = output)
            {
                nint address = (nint)outPtr;
                void Body(int c, Scratch scratch)
                {
                    int first = c * chunk, end = Math.Min(centres, first + chunk);
                    var rows = new Span<double>((double*)address + (long)first * RowWidth, (end - first) * RowWidth);
                    for (int row = first; row < end; row++)
                        ComputeRow(neighbors, row, atomSpecies, rows.Slice((row - first) * RowWidth, RowWidth), scratch);
                }
                if (dop == 1 || chunks == 1)
                {
                    var scratch = new Scratch();
                    for (int c = 0; c < chunks; c++) Body(c, scratch);
                }
                else
                {
                    Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = dop },
                        () => new Scratch(),
                        (c, _, scratch) =>
                        {
                            Body(c, scratch);
                            return scratch;
                        },
                        _ => { });
                }
            }
        }
    }

    /// <summary>Per-thread buffers, grown as needed: neighbours of one centre by species, padded to whole vectors.</summary>
    private sealed class Scratch
    {
        public int Capacity;
        public double[] X = [], Y = [], Z = [], Ux = [], Uy = [], Uz = [], R = [], Fc = [], Wt = [], Pair = [];
        public int[] Start = [], Count = [];
        public int[] Fill = [];

        public void Ensure(int capacity, int weights, int pairRows, int species)
        {
            if (Start.Length < species + 1)
            {
                Start = new int[species + 1];
                Count = new int[species];
                Fill = new int[species];
            }
            if (capacity <= Capacity && Wt.Length >= Capacity * weights && Pair.Length >= Capacity * pairRows) return;
            capacity = Math.Max(capacity, 2 * Capacity);
            Capacity = capacity;
            X = new double[capacity];
            Y = new double[capacity];
            Z = new double[capacity];
            Ux = new double[capacity];
            Uy = new double[capacity];
            Uz = new double[capacity];
            R = new double[capacity];
            Fc = new double[capacity];
            Wt = new double[capacity * weights];
            Pair = new double[capacity * pairRows];
        }
    }

    private void ComputeRow(NeighborList list, int row, sbyte[] atomSpecies, Span<double> output, Scratch s)
    {
        output.Clear();
        int ns = _species.Length;
        int begin = list.Offsets[row], end = list.Offsets[row + 1];
        var nbr = list.Neighbors;
        var dist = list.Distances;
        var vec = list.Vectors;
        double rc = _rc;

        // Gather the neighbours within r_cut by species, each group padded to whole vectors.
        s.Ensure(end - begin + ns * W, _wEta.Length, _pairRows, ns);
        int stride = s.Capacity;
        double[] x = s.X, y = s.Y, z = s.Z, ux = s.Ux, uy = s.Uy, uz = s.Uz, r = s.R, fc = s.Fc, wt = s.Wt;
        var count = s.Count.AsSpan(0, ns);
        var start = s.Start;
        var fill = s.Fill.AsSpan(0, ns);
        start[0] = 0;
        if (ns == 1)
        {
            int k = 0;
            for (int q = begin; q < end; q++)
            {
                if (atomSpecies[nbr[q]] != 0 || !(dist[q] <= rc)) continue;
                var v = vec[q];
                x[k] = v.X;
                y[k] = v.Y;
                z[k] = v.Z;
                r[k] = dist[q];
                k++;
            }
            count[0] = k;
            fill[0] = k;
            start[1] = (k + W - 1) / W * W;
        }
        else
        {
            count.Clear();
            for (int q = begin; q < end; q++)
            {
                int t = atomSpecies[nbr[q]];
                if (t >= 0 && dist[q] <= rc) count[t]++;
            }
            for (int t = 0; t < ns; t++)
            {
                start[t + 1] = start[t] + (count[t] + W - 1) / W * W;
                fill[t] = start[t];
            }
            for (int q = begin; q < end; q++)
            {
                int t = atomSpecies[nbr[q]];
                if (t < 0 || !(dist[q] <= rc)) continue;
                int k = fill[t]++;
                var v = vec[q];
                x[k] = v.X;
                y[k] = v.Y;
                z[k] = v.Z;
                r[k] = dist[q];
            }
        }
        int cap = start[ns];
        if (cap == 0) return;
        for (int t = 0; t < ns; t++)
            for (int k = fill[t]; k < start[t + 1]; k++)
                x[k] = y[k] = z[k] = r[k] = 0; // padding: zero weight, finite everything

        // Per-neighbour factors, vectorised over all slots: unit vectors, fc(R) and w_e = fc·exp(−η_e R²), all
        // zero on padding.
        for (int k = 0; k < cap; k += W)
        {
            var vx = Load(x, k);
            var vy = Load(y, k);
            var vz = Load(z, k);
            var d = Load(r, k);
            var valid = Vector256.GreaterThan(d, Vector256<double>.Zero);
            var inv = Vector256<double>.One / d;
            Store(ux, k, (vx * inv) & valid);
            Store(uy, k, (vy * inv) & valid);
            Store(uz, k, (vz * inv) & valid);
            var d2 = vx * vx + vy * vy + vz * vz;
            var f = Fc(d2) & valid;
            Store(fc, k, f);
            for (int e = 0; e < _wEta.Length; e++)
                Store(wt, e * stride + k, f * Exp(Vector256.Create(-_wEta[e]) * d2));
        }

        // Radial terms.
        for (int t = 0; t < ns; t++)
        {
            int o = t * _radialWidth;
            int a0 = start[t], a1 = start[t + 1];
            output[o] = SumVec(fc, a0, a1);
            for (int p = 0; p < _g2W.Length; p++)
            {
                if (_g2W[p] >= 0)
                {
                    output[o + 1 + p] = SumVec(wt, _g2W[p] * stride + a0, _g2W[p] * stride + a1);
                    continue;
                }
                var acc = Vector256<double>.Zero;
                var eta = Vector256.Create(-_g2Eta[p]);
                var rs = Vector256.Create(_g2Rs[p]);
                for (int k = a0; k < a1; k += W)
                {
                    var dr = Load(r, k) - rs;
                    acc += Exp(eta * dr * dr) * Load(fc, k);
                }
                output[o + 1 + p] = Vector256.Sum(acc);
            }
            for (int p = 0; p < _g3Kappa.Length; p++)
            {
                double sum = 0, kappa = _g3Kappa[p];
                for (int k = a0; k < a1; k++) sum += Math.Cos(kappa * r[k]) * fc[k];
                output[o + 1 + _g2W.Length + p] = sum;
            }
        }

        if (_angularWidth == 0) return;
        for (int a = 0; a < ns; a++)
        for (int b = 0; b <= a; b++)
        {
            var block = output.Slice(AngularOffset(a, b), _angularWidth);
            if (_zeta1) AngularZeta1(s, start[a], count[a], start[b], start[b + 1] - start[b], a == b, stride, block);
            else Angular(s, start[a], count[a], start[b], start[b + 1] - start[b], a == b, stride, block);
        }
    }

    /// <summary>
    /// G4 and G5 when every ζ is 1, so that the angular factor is 1 + λ cosθ: per distinct η (in groups of up to
    /// four, accumulators in registers) S₀ = Σ T and S₁ = Σ T cosθ over the pairs, T the pair's weight, and then
    /// G = S₀ + λ S₁ for every λ. Same pairs, same terms as <see cref="Angular"/>; the rounding error of each
    /// term stays ~ε·T, as (1 + λ cosθ)·T would have it.
    /// </summary>
    private void AngularZeta1(Scratch s, int aStart, int aCount, int bStart, int bPadded, bool same, int stride, Span<double> block)
    {
        int n4 = _g4W.Length, nE = _eEta.Length, nF = _fWeight.Length;
        Span<double> m4 = stackalloc double[2 * nE];
        Span<double> m5 = stackalloc double[2 * nF];
        for (int e0 = 0; e0 < nE; e0 += 4)
        {
            var part = m4.Slice(2 * e0);
            switch (Math.Min(4, nE - e0))
            {
                case 1: G4Group<Size1>(s, aStart, aCount, bStart, bPadded, same, stride, e0, part); break;
                case 2: G4Group<Size2>(s, aStart, aCount, bStart, bPadded, same, stride, e0, part); break;
                case 3: G4Group<Size3>(s, aStart, aCount, bStart, bPadded, same, stride, e0, part); break;
                default: G4Group<Size4>(s, aStart, aCount, bStart, bPadded, same, stride, e0, part); break;
            }
        }
        for (int f0 = 0; f0 < nF; f0 += 4)
        {
            var part = m5.Slice(2 * f0);
            switch (Math.Min(4, nF - f0))
            {
                case 1: G5Group<Size1>(s, aStart, aCount, bStart, bPadded, same, stride, f0, part); break;
                case 2: G5Group<Size2>(s, aStart, aCount, bStart, bPadded, same, stride, f0, part); break;
                case 3: G5Group<Size3>(s, aStart, aCount, bStart, bPadded, same, stride, f0, part); break;
                default: G5Group<Size4>(s, aStart, aCount, bStart, bPadded, same, stride, f0, part); break;
            }
        }
        for (int p = 0; p < n4; p++)
            block[p] = m4[2 * _g4E[p]] + _aLambda[_g4A[p]] * m4[2 * _g4E[p] + 1];
        for (int p = 0; p < _g5W.Length; p++)
            block[n4 + p] = m5[2 * _g5F[p]] + _aLambda[_g5A[p]] * m5[2 * _g5F[p] + 1];
    }

    private interface IGroupSize
    {
        static abstract int N { get; }
    }

    private readonly struct Size1 : IGroupSize { public static int N => 1; }
    private readonly struct Size2 : IGroupSize { public static int N => 2; }
    private readonly struct Size3 : IGroupSize { public static int N => 3; }
    private readonly struct Size4 : IGroupSize { public static int N => 4; }

    /// <summary>S₀ and S₁ of G4 for the distinct η e0 … e0 + N − 1 (see <see cref="AngularZeta1"/>).</summary>
    private void G4Group<TSize>(Scratch s, int aStart, int aCount, int bStart, int bPadded, bool same, int stride, int e0, Span<double> result)
        where TSize : struct, IGroupSize
    {
        int n = TSize.N;
        double[] x = s.X, y = s.Y, z = s.Z, ux = s.Ux, uy = s.Uy, uz = s.Uz, wt = s.Wt;
        int o0 = _eWeight[e0] * stride;
        int o1 = n > 1 ? _eWeight[e0 + 1] * stride : 0;
        int o2 = n > 2 ? _eWeight[e0 + 2] * stride : 0;
        int o3 = n > 3 ? _eWeight[e0 + 3] * stride : 0;
        var ePower = _ePower;
        bool power = ePower is not null;
        int p0 = power ? ePower![e0] : 0;
        int p1 = power && n > 1 ? ePower![e0 + 1] : 0;
        int p2 = power && n > 2 ? ePower![e0 + 2] : 0;
        int p3 = power && n > 3 ? ePower![e0 + 3] : 0;
        var ne0 = Vector256.Create(-_eEta[e0]);
        var ne1 = Vector256.Create(n > 1 ? -_eEta[e0 + 1] : 0);
        var ne2 = Vector256.Create(n > 2 ? -_eEta[e0 + 2] : 0);
        var ne3 = Vector256.Create(n > 3 ? -_eEta[e0 + 3] : 0);
        var negBeta = Vector256.Create(-_eBeta);
        var rc2 = Vector256.Create(_rc2);
        int maxPower = _maxPower;
        var zero = Vector256<double>.Zero;
        Vector256<double> z00 = zero, z01 = zero, z02 = zero, z03 = zero, z10 = zero, z11 = zero, z12 = zero, z13 = zero;

        for (int jl = 0; jl < aCount; jl++)
        {
            int j = aStart + jl;
            int kEnd = same ? jl : bPadded;
            if (kEnd == 0) continue;
            var xj = Vector256.Create(x[j]);
            var yj = Vector256.Create(y[j]);
            var zj = Vector256.Create(z[j]);
            var uxj = Vector256.Create(ux[j]);
            var uyj = Vector256.Create(uy[j]);
            var uzj = Vector256.Create(uz[j]);
            Vector256<double> a00 = zero, a01 = zero, a02 = zero, a03 = zero, a10 = zero, a11 = zero, a12 = zero, a13 = zero;
            var laneK = Iota;
            var end = Vector256.Create((double)kEnd);
            for (int kl = 0; kl < kEnd; kl += W)
            {
                int k = bStart + kl;
                var lanes = Vector256.LessThan(laneK, end);
                laneK += Four;
                var dx = Load(x, k) - xj;
                var dy = Load(y, k) - yj;
                var dz = Load(z, k) - zj;
                var d2 = dx * dx + dy * dy + dz * dz;
                // Whole vectors of k beyond r_cut from j contribute nothing: skip their exp and fc.
                var inRange = Vector256.LessThanOrEqual(d2, rc2) & lanes;
                if (inRange == Vector256<double>.Zero) continue;
                var cos = uxj * Load(ux, k) + uyj * Load(uy, k) + uzj * Load(uz, k);
                var f = Fc(d2) & inRange;
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
                var t0 = Load(wt, o0 + k) * e0v * f;
                a00 += t0;
                a10 = Vector256.FusedMultiplyAdd(t0, cos, a10);
                if (n > 1)
                {
                    var t1 = Load(wt, o1 + k) * e1v * f;
                    a01 += t1;
                    a11 = Vector256.FusedMultiplyAdd(t1, cos, a11);
                }
                if (n > 2)
                {
                    var t2 = Load(wt, o2 + k) * e2v * f;
                    a02 += t2;
                    a12 = Vector256.FusedMultiplyAdd(t2, cos, a12);
                }
                if (n > 3)
                {
                    var t3 = Load(wt, o3 + k) * e3v * f;
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

    /// <summary>S₀ and S₁ of G5 for the distinct G5 η f0 … f0 + N − 1 (no R_jk factor, no R_jk condition).</summary>
    private void G5Group<TSize>(Scratch s, int aStart, int aCount, int bStart, int bPadded, bool same, int stride, int f0, Span<double> result)
        where TSize : struct, IGroupSize
    {
        int n = TSize.N;
        double[] ux = s.Ux, uy = s.Uy, uz = s.Uz, wt = s.Wt;
        int o0 = _fWeight[f0] * stride;
        int o1 = n > 1 ? _fWeight[f0 + 1] * stride : 0;
        int o2 = n > 2 ? _fWeight[f0 + 2] * stride : 0;
        int o3 = n > 3 ? _fWeight[f0 + 3] * stride : 0;
        var zero = Vector256<double>.Zero;
        Vector256<double> z00 = zero, z01 = zero, z02 = zero, z03 = zero, z10 = zero, z11 = zero, z12 = zero, z13 = zero;
        for (int jl = 0; jl < aCount; jl++)
        {
            int j = aStart + jl;
            int kEnd = same ? jl : bPadded;
            if (kEnd == 0) continue;
            var uxj = Vector256.Create(ux[j]);
            var uyj = Vector256.Create(uy[j]);
            var uzj = Vector256.Create(uz[j]);
            Vector256<double> a00 = zero, a01 = zero, a02 = zero, a03 = zero, a10 = zero, a11 = zero, a12 = zero, a13 = zero;
            var laneK = Iota;
            var end = Vector256.Create((double)kEnd);
            for (int kl = 0; kl < kEnd; kl += W)
            {
                int k = bStart + kl;
                var lanes = Vector256.LessThan(laneK, end);
                laneK += Four;
                var cos = uxj * Load(ux, k) + uyj * Load(uy, k) + uzj * Load(uz, k);
                var t0 = Load(wt, o0 + k) & lanes;
                a00 += t0;
                a10 = Vector256.FusedMultiplyAdd(t0, cos, a10);
                if (n > 1)
                {
                    var t1 = Load(wt, o1 + k) & lanes;
                    a01 += t1;
                    a11 = Vector256.FusedMultiplyAdd(t1, cos, a11);
                }
                if (n > 2)
                {
                    var t2 = Load(wt, o2 + k) & lanes;
                    a02 += t2;
                    a12 = Vector256.FusedMultiplyAdd(t2, cos, a12);
                }
                if (n > 3)
                {
                    var t3 = Load(wt, o3 + k) & lanes;
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

    private static readonly Vector256<double>[] LaneMasks = BuildLaneMasks();
    private static Vector256<double> Iota => Vector256.Create(0.0, 1.0, 2.0, 3.0);
    private static Vector256<double> Four => Vector256.Create(4.0);

    private static Vector256<double>[] BuildLaneMasks()
    {
        var m = new Vector256<double>[W + 1];
        for (int n = 0; n <= W; n++)
            m[n] = Vector256.Create(n > 0 ? -1L : 0L, n > 1 ? -1L : 0L, n > 2 ? -1L : 0L, n > 3 ? -1L : 0L).AsDouble();
        return m;
    }

    /// <summary>
    /// G4 and G5 of one species pair: j over group a, k over group b (k &lt; j when a = b, so every unordered
    /// pair once). For each j, simple loops over the k vectors: first the pair factors (cosθ, fc(R_jk),
    /// exp(−ηR_jk²), angular factors, masked beyond the last k), then one dot product per parameter row, scaled
    /// by j's weight. The loops keep their accumulator in a register whatever the number of parameters.
    /// </summary>
    private void Angular(Scratch s, int aStart, int aCount, int bStart, int bPadded, bool same, int stride, Span<double> block)
    {
        int n4 = _g4W.Length, n5 = _g5W.Length, np = n4 + n5;
        int nA = _aLambda.Length, nE = _eEta.Length;
        Span<Vector256<double>> tot = stackalloc Vector256<double>[np];
        tot.Clear();
        double[] x = s.X, y = s.Y, z = s.Z, ux = s.Ux, uy = s.Uy, uz = s.Uz, wt = s.Wt, buf = s.Pair;
        // Rows of the pair buffer (length stride each, indexed by k − bStart).
        int rowCos = 0, rowT = stride, rowA = rowT + nE * stride;
        var rc2 = Vector256.Create(_rc2);
        var negBeta = Vector256.Create(-_eBeta);
        var ePower = _ePower;
        int maxPower = _maxPower;
        var masks = LaneMasks;

        for (int jl = 0; jl < aCount; jl++)
        {
            int j = aStart + jl;
            int kEnd = same ? jl : bPadded;
            if (kEnd == 0) continue;
            var xj = Vector256.Create(x[j]);
            var yj = Vector256.Create(y[j]);
            var zj = Vector256.Create(z[j]);
            var uxj = Vector256.Create(ux[j]);
            var uyj = Vector256.Create(uy[j]);
            var uzj = Vector256.Create(uz[j]);

            // Pair factors: cosθ, and T_e = w_k · exp(−η_e R_jk²) · fc(R_jk), zero past kEnd (only when a = b).
            for (int kl = 0; kl < kEnd; kl += W)
            {
                int k = bStart + kl;
                var cos = uxj * Load(ux, k) + uyj * Load(uy, k) + uzj * Load(uz, k);
                Store(buf, rowCos + kl, cos);
                if (n4 == 0) continue;
                var dx = Load(x, k) - xj;
                var dy = Load(y, k) - yj;
                var dz = Load(z, k) - zj;
                var d2 = dx * dx + dy * dy + dz * dz;
                var fjk = Fc(d2) & Vector256.LessThanOrEqual(d2, rc2) & masks[Math.Min(W, kEnd - kl)];
                if (ePower is not null)
                {
                    var b1 = Exp(negBeta * d2);
                    var (b2, b4, b8, b16) = BinaryPowers(b1, maxPower);
                    for (int e = 0; e < nE; e++)
                        Store(buf, rowT + e * stride + kl, Load(wt, _eWeight[e] * stride + k) * Power(ePower[e], b1, b2, b4, b8, b16) * fjk);
                }
                else
                {
                    for (int e = 0; e < nE; e++)
                        Store(buf, rowT + e * stride + kl, Load(wt, _eWeight[e] * stride + k) * Exp(Vector256.Create(-_eEta[e]) * d2) * fjk);
                }
            }
            for (int m = 0; m < nA; m++)
            {
                int ra = rowA + m * stride;
                var lambda = Vector256.Create(_aLambda[m]);
                if (_aIntZeta[m] == 1)
                {
                    for (int kl = 0; kl < kEnd; kl += W)
                        Store(buf, ra + kl, (Vector256<double>.One + lambda * Load(buf, rowCos + kl)) & masks[Math.Min(W, kEnd - kl)]);
                }
                else
                {
                    for (int kl = 0; kl < kEnd; kl += W)
                        Store(buf, ra + kl, AngularFactor(m, Load(buf, rowCos + kl)) & masks[Math.Min(W, kEnd - kl)]);
                }
            }

            // One dot product over k per parameter row.
            for (int p = 0; p < n4; p++)
            {
                int rt = rowT + _g4E[p] * stride, ra = rowA + _g4A[p] * stride;
                var acc = Vector256<double>.Zero;
                for (int kl = 0; kl < kEnd; kl += W) acc += Load(buf, rt + kl) * Load(buf, ra + kl);
                tot[p] += Vector256.Create(wt[_g4W[p] * stride + j]) * acc;
            }
            for (int p = 0; p < n5; p++)
            {
                int rw = _g5W[p] * stride + bStart, ra = rowA + _g5A[p] * stride;
                var acc = Vector256<double>.Zero;
                for (int kl = 0; kl < kEnd; kl += W) acc += Load(wt, rw + kl) * Load(buf, ra + kl);
                tot[n4 + p] += Vector256.Create(wt[_g5W[p] * stride + j]) * acc;
            }
        }
        for (int p = 0; p < np; p++) block[p] = Vector256.Sum(tot[p]);
    }

    /// <summary>b², b⁴, b⁸, b¹⁶ as far as powers up to <paramref name="maxPower"/> need them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>) BinaryPowers(Vector256<double> b1, int maxPower)
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
    private static Vector256<double> Power(int n, Vector256<double> b1, Vector256<double> b2, Vector256<double> b4, Vector256<double> b8, Vector256<double> b16) => n switch
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

    /// <summary>2^{1−ζ}(1 + λ cosθ)^ζ written as DScribe does, 2·(½(1 + λ cosθ))^ζ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> AngularFactor(int m, Vector256<double> cos)
    {
        double lambda = _aLambda[m];
        int n = _aIntZeta[m];
        if (n == 1) return Vector256<double>.One + Vector256.Create(lambda) * cos;
        var half = Vector256.Create(0.5) * (Vector256<double>.One + Vector256.Create(lambda) * cos);
        Vector256<double> pow;
        if (n != int.MinValue)
        {
            pow = Vector256<double>.One;
            var b = half;
            for (int e = Math.Abs(n); e > 0; e >>= 1)
            {
                if ((e & 1) != 0) pow *= b;
                b *= b;
            }
            if (n < 0) pow = Vector256<double>.One / pow;
        }
        else
        {
            pow = Exp(Vector256.Create(_aZeta[m]) * Vector256.Log(half));
        }
        return Vector256.Create(2.0) * pow;
    }

    // cos(y) = Σ (−1)^n y^{2n}/(2n)!, n ≤ 10: truncation below 2e-17 for y ≤ π/2.
    private const double Cos1 = -1.0 / 2, Cos2 = 1.0 / 24, Cos3 = -1.0 / 720, Cos4 = 1.0 / 40320, Cos5 = -1.0 / 3628800,
        Cos6 = 1.0 / 479001600, Cos7 = -1.0 / 87178291200, Cos8 = 1.0 / 20922789888000, Cos9 = -1.0 / 6402373705728000,
        Cos10 = 1.0 / 2432902008176640000;

    /// <summary>
    /// fc(R) = ½[cos(πR/r_cut) + 1] = cos²(πR/(2 r_cut)), from R² with a polynomial in u = (πR/(2 r_cut))² (valid
    /// for R ≤ r_cut; finite but meaningless beyond, where callers mask it). Estrin's scheme.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> Fc(Vector256<double> d2)
    {
        var u = d2 * Vector256.Create(_fcScale);
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
    internal static Vector256<double> Exp(Vector256<double> x)
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
    private static Vector256<double> Load(double[] a, int i) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(double[] a, int i, Vector256<double> v) =>
        v.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(a), (nuint)i);

    private static double SumVec(double[] a, int from, int to)
    {
        var acc = Vector256<double>.Zero;
        for (int k = from; k < to; k += W) acc += Load(a, k);
        return Vector256.Sum(acc);
    }
}
