using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors.Soap;

/// <summary>
/// The SOAP partial power spectrum p_{n n' l} = π √(8/(2l+1)) Σ_m c_{nlm} c_{n'lm} in DScribe 2.1.1's output order
/// (refs/README.md §4–5). Coefficients come as channels × (l_max+1)² rows (lm = l² + l + m) × NPad lanes (n).
/// <list type="bullet">
/// <item>off: s1 ≤ s2 (species sorted by Z), l, n, n' (n' ≥ n when s1 = s2, else all n'), n' fastest;</item>
/// <item>crossover: s, l, n, n' ≥ n;</item>
/// <item>mu2: one element-agnostic channel: l, n, n' ≥ n;</item>
/// <item>mu1nu1: s, l, n, n' (all), pairing c^s with the sum over species Σ_t c^t.</item>
/// </list>
/// </summary>
internal sealed class PowerSpectrum
{
    public SoapCompressionMode Mode { get; }
    public int SpeciesCount { get; }
    public int NMax { get; }
    public int LMax { get; }
    public int NPad { get; }
    /// <summary>Number of coefficient channels: 1 for mu2, else one per species.</summary>
    public int Channels { get; }
    public int Dimension { get; }
    /// <summary>Doubles in one channel's coefficients: (l_max+1)² × NPad.</summary>
    public int ChannelLength { get; }

    private readonly double[] _prefactor;

    public PowerSpectrum(SoapCompressionMode mode, int speciesCount, int nMax, int lMax)
    {
        Mode = mode;
        SpeciesCount = speciesCount;
        NMax = nMax;
        LMax = lMax;
        NPad = (nMax + 3) / 4 * 4;
        Channels = mode == SoapCompressionMode.Mu2 ? 1 : speciesCount;
        ChannelLength = (lMax + 1) * (lMax + 1) * NPad;
        int s = speciesCount, l1 = lMax + 1, tri = nMax * (nMax + 1) / 2;
        Dimension = mode switch
        {
            SoapCompressionMode.Off => s * nMax * (s * nMax + 1) / 2 * l1,
            SoapCompressionMode.Crossover => s * tri * l1,
            SoapCompressionMode.Mu2 => tri * l1,
            SoapCompressionMode.Mu1nu1 => s * nMax * nMax * l1,
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
        _prefactor = new double[l1];
        for (int l = 0; l <= lMax; l++) _prefactor[l] = Math.PI * Math.Sqrt(8.0 / (2 * l + 1));
    }

    /// <summary>Scratch doubles <see cref="Write"/> needs.</summary>
    public int ScratchLength => NPad * NPad + (Mode == SoapCompressionMode.Mu1nu1 ? ChannelLength : 0);

    /// <summary>Feature names in output order: p_l3_n2_n5 (mu2), p_Zn-N_l3_n2_n5 (off, crossover), p_Zn-all_l3_n2_n5 (mu1nu1).</summary>
    public string[] FeatureNames(IReadOnlyList<Element> species)
    {
        var names = new List<string>(Dimension);
        void Block(string prefix, bool upper)
        {
            for (int l = 0; l <= LMax; l++)
                for (int n = 0; n < NMax; n++)
                    for (int n2 = upper ? n : 0; n2 < NMax; n2++)
                        names.Add($"{prefix}l{l}_n{n}_n{n2}");
        }
        switch (Mode)
        {
            case SoapCompressionMode.Off:
                for (int s1 = 0; s1 < SpeciesCount; s1++)
                    for (int s2 = s1; s2 < SpeciesCount; s2++)
                        Block($"p_{species[s1].Symbol}-{species[s2].Symbol}_", s1 == s2);
                break;
            case SoapCompressionMode.Crossover:
                for (int s = 0; s < SpeciesCount; s++) Block($"p_{species[s].Symbol}-{species[s].Symbol}_", true);
                break;
            case SoapCompressionMode.Mu2:
                Block("p_", true);
                break;
            case SoapCompressionMode.Mu1nu1:
                for (int s = 0; s < SpeciesCount; s++) Block($"p_{species[s].Symbol}-all_", false);
                break;
        }
        return names.ToArray();
    }

    /// <summary>Writes one row of <see cref="Dimension"/> values from the coefficients of all channels.</summary>
    public void Write(ReadOnlySpan<double> coefficients, Span<double> row, Span<double> scratch)
    {
        if (coefficients.Length < Channels * ChannelLength) throw new ArgumentException("coefficients too short");
        if (row.Length < Dimension) throw new ArgumentException("row too short");
        if (scratch.Length < ScratchLength) throw new ArgumentException("scratch too short");
        var gram = scratch[..(NPad * NPad)];
        int idx = 0;
        switch (Mode)
        {
            case SoapCompressionMode.Off:
                for (int s1 = 0; s1 < SpeciesCount; s1++)
                    for (int s2 = s1; s2 < SpeciesCount; s2++)
                        idx = Block(Channel(coefficients, s1), Channel(coefficients, s2), s1 == s2, gram, row, idx);
                break;
            case SoapCompressionMode.Crossover:
                for (int s = 0; s < SpeciesCount; s++)
                    idx = Block(Channel(coefficients, s), Channel(coefficients, s), true, gram, row, idx);
                break;
            case SoapCompressionMode.Mu2:
                idx = Block(Channel(coefficients, 0), Channel(coefficients, 0), true, gram, row, idx);
                break;
            case SoapCompressionMode.Mu1nu1:
                var total = scratch.Slice(NPad * NPad, ChannelLength);
                total.Clear();
                for (int t = 0; t < SpeciesCount; t++)
                {
                    var c = Channel(coefficients, t);
                    for (int i = 0; i < ChannelLength; i++) total[i] += c[i];
                }
                for (int s = 0; s < SpeciesCount; s++)
                    idx = Block(Channel(coefficients, s), total, false, gram, row, idx);
                break;
        }
        if (idx != Dimension) throw new InvalidOperationException($"power spectrum wrote {idx} of {Dimension} values");
    }

    private ReadOnlySpan<double> Channel(ReadOnlySpan<double> coefficients, int s) => coefficients.Slice(s * ChannelLength, ChannelLength);

    private int Block(ReadOnlySpan<double> c1, ReadOnlySpan<double> c2, bool upper, Span<double> gram, Span<double> row, int idx)
    {
        for (int l = 0; l <= LMax; l++)
        {
            Gram(c1, c2, l, gram);
            double pre = _prefactor[l];
            for (int n = 0; n < NMax; n++)
                for (int n2 = upper ? n : 0; n2 < NMax; n2++)
                    row[idx++] = pre * gram[n * NPad + n2];
        }
        return idx;
    }

    /// <summary>gram[n * NPad + n'] = Σ_m c1[l, m, n] c2[l, m, n'] for n &lt; NMax.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gram(ReadOnlySpan<double> c1, ReadOnlySpan<double> c2, int l, Span<double> gram)
    {
        int nPad = NPad, nv = nPad / 4, first = l * l * nPad, rows = 2 * l + 1;
        ref double a = ref MemoryMarshal.GetReference(c1);
        ref double b = ref MemoryMarshal.GetReference(c2);
        ref double g = ref MemoryMarshal.GetReference(gram);
        for (int n = 0; n < NMax; n++)
            for (int v = 0; v < nv; v++)
            {
                var acc = Vector256<double>.Zero;
                for (int m = 0; m < rows; m++)
                {
                    int o = first + m * nPad;
                    acc = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref a, o + n)),
                        Vector256.LoadUnsafe(ref b, (nuint)(o + 4 * v)), acc);
                }
                acc.StoreUnsafe(ref g, (nuint)(n * nPad + 4 * v));
            }
    }
}
