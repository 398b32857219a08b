using System.Runtime.Intrinsics;
using ZifPhase.Neighbors;
using ZifPhase.Parallelism;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors.Acsf;

/// <summary>
/// Atom-centred symmetry functions (ACSF; Behler–Parrinello, the paper's "BPSF") G1–G5, numerically as DScribe
/// 2.1.1's ACSF (refs/README.md, "DScribe 2.1.1 ACSF"):
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
/// The parts: <see cref="AcsfTables"/> compiles the spec (layout, names, η power base), <see cref="AcsfWorkspace"/>
/// gathers a centre's neighbours, <see cref="AcsfKernels"/> computes the terms with the vector math of
/// <see cref="AcsfMath"/>. Speed: the neighbours of a centre are gathered per species into padded
/// structure-of-arrays buffers, the per-neighbour factors fc(R)·exp(−ηR²) are computed once per η, and the pair
/// loop runs over k with <see cref="Vector256{T}"/>: exp(−η(R_ij² + R_ik² + R_jk²)) = w_j·w_k·exp(−ηR_jk²), where
/// the exp(−ηR_jk²) of all G4 η come from one vector exp when the η are small integer multiples of a common base
/// (the paper's 1 : 1.5 : 2 : 4), fc(R_jk) is a polynomial in R_jk² (no square root) and cosθ a dot product of
/// unit vectors. Rows are parallel over centres (<see cref="CentreParallel"/>); each row is computed by one
/// thread, so results do not depend on the thread count.
/// </para>
/// </summary>
public sealed class AcsfDescriptor : IDescriptor
{
    /// <summary>Centres per chunk of the parallel loop.</summary>
    private const int ChunkSize = 8;

    private readonly AcsfTables _t;

    /// <summary>
    /// Builds the lookup tables of <paramref name="spec"/>; <paramref name="maxDegreeOfParallelism"/> is −1 for all cores or a positive thread count.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">The spec is invalid (see <see cref="AcsfSpec.Validate"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public AcsfDescriptor(AcsfSpec spec, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        CentreParallel.CheckThreads(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        _t = new AcsfTables(spec);
    }

    /// <summary>The settings this descriptor was built from.</summary>
    public AcsfSpec Spec => _t.Spec;

    DescriptorSpec IDescriptor.Spec => _t.Spec;

    /// <summary>Threads for <see cref="Compute(Frame, ReadOnlySpan{int})"/>: −1 for all cores, or a positive count. Rows do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>Values per row: DScribe's layout (<see cref="RowWidth"/>), less the G1 columns when the spec has <c>g1: false</c>.</summary>
    public int Dimension => _t.Dimension;

    /// <summary>Width of DScribe's row layout, G1 columns included; the offsets below index into it.</summary>
    public int RowWidth => _t.RowWidth;

    /// <summary><c>G1_Zn</c>, <c>G2_Zn_eta0.01786_rs0</c>, <c>G3_Zn_kappa0.5</c>, <c>G4_Zn-Zn_eta0.01786_zeta1_lambda-1</c>, <c>G5_N-Zn_…</c>.</summary>
    public IReadOnlyList<string> FeatureNames => _t.FeatureNames;

    /// <summary>
    /// The spec's r_cut in Å: the cosine cutoff f_c(r) = ½(cos(πr/r_c) + 1) of every G reaches 0 there (Behler 2011; DScribe ACSF).
    /// </summary>
    public double Cutoff => _t.Rc;

    /// <summary>The spec's species: only atoms of these elements count as neighbours.</summary>
    public IReadOnlyCollection<Element> NeighborElements => _t.Species;

    /// <summary>Species sorted by atomic number (the row layout's order).</summary>
    public IReadOnlyList<Element> Species => _t.Species;

    /// <summary>Offset of the G1 value of species <paramref name="t"/> (index in <see cref="Species"/>) in DScribe's row layout.</summary>
    public int RadialOffset(int t) => t * _t.RadialWidth;

    /// <summary>Offset of the first G4 value of the species pair (a, b) in DScribe's row layout (order of a and b irrelevant).</summary>
    public int AngularOffset(int a, int b) => _t.AngularOffset(a, b);

    /// <summary>Builds the neighbour list and computes the rows of the given centres.</summary>
    public double[] Compute(Frame frame, ReadOnlySpan<int> centres) =>
        DescriptorExtensions.Compute(this, frame, centres, MaxDegreeOfParallelism);

    /// <summary>
    /// Writes one row of <see cref="Dimension"/> values per centre of <paramref name="neighbors"/> into <paramref name="output"/> (centres × Dimension, row-major), as DScribe 2.1.1 ACSF computes them.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> or <paramref name="neighbors"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not centres × Dimension long, or the neighbour list's cutoff is below <see cref="Cutoff"/>.</exception>
    public void Compute(Frame frame, NeighborList neighbors, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(neighbors);
        int centres = neighbors.CentreCount;
        if (output.Length != (long)centres * Dimension)
            throw new ArgumentException($"output holds {output.Length} values, expected {centres} centres × {Dimension}", nameof(output));
        if (neighbors.Cutoff < _t.Rc)
            throw new ArgumentException($"the neighbour list covers {neighbors.Cutoff} Å, the descriptor needs {_t.Rc} Å", nameof(neighbors));
        if (centres == 0) return;
        if (_t.Spec.G1)
        {
            ComputeRows(frame, neighbors, output);
            return;
        }
        // g1: false drops the G1 column of each species from DScribe's layout (the paper's 12 BPSF).
        int rowWidth = RowWidth, dimension = Dimension, radialEnd = _t.Species.Length * _t.RadialWidth, radialWidth = _t.RadialWidth;
        var full = System.Buffers.ArrayPool<double>.Shared.Rent(centres * rowWidth);
        try
        {
            ComputeRows(frame, neighbors, full.AsSpan(0, centres * rowWidth));
            for (int c = 0; c < centres; c++)
            {
                var src = full.AsSpan(c * rowWidth, rowWidth);
                var dst = output.Slice(c * dimension, dimension);
                int o = 0;
                for (int k = 0; k < rowWidth; k++)
                    if (k >= radialEnd || k % radialWidth != 0) dst[o++] = src[k];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(full);
        }
    }

    private void ComputeRows(Frame frame, NeighborList neighbors, Span<double> output)
    {
        // Species index of every atom (−1: not a neighbour species), once per call.
        var atomSpecies = new sbyte[frame.AtomCount];
        var elements = frame.Elements;
        var speciesOfZ = _t.SpeciesOfZ;
        for (int i = 0; i < atomSpecies.Length; i++) atomSpecies[i] = (sbyte)speciesOfZ[elements[i].Z];
        int rowWidth = RowWidth;
        CentreParallel.For(output, neighbors.CentreCount, ChunkSize, MaxDegreeOfParallelism, static () => new AcsfWorkspace(),
            (_, first, end, rows, workspace) =>
            {
                for (int row = first; row < end; row++)
                    ComputeRow(neighbors, row, atomSpecies, rows.Slice(row * rowWidth, rowWidth), workspace);
            });
    }

    private void ComputeRow(NeighborList list, int row, sbyte[] atomSpecies, Span<double> output, AcsfWorkspace s)
    {
        output.Clear();
        var t = _t;
        if (s.Gather(t, list, row, atomSpecies) == 0) return;
        int ns = t.Species.Length;
        for (int species = 0; species < ns; species++) AcsfKernels.Radial(t, s, species, output);
        if (t.AngularWidth == 0) return;
        var start = s.Start;
        var count = s.Count;
        for (int a = 0; a < ns; a++)
        for (int b = 0; b <= a; b++)
        {
            var block = output.Slice(t.AngularOffset(a, b), t.AngularWidth);
            if (t.Zeta1) AcsfKernels.AngularZeta1(t, s, start[a], count[a], start[b], start[b + 1] - start[b], a == b, block);
            else AcsfKernels.Angular(t, s, start[a], count[a], start[b], start[b + 1] - start[b], a == b, block);
        }
    }
}
