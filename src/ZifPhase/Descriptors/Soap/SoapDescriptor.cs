using System.Collections.Concurrent;
using ZifPhase.Neighbors;
using ZifPhase.Parallelism;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors.Soap;

/// <summary>How the radial integrals F_nl(r) are evaluated.</summary>
internal enum RadialEvaluation
{
    /// <summary>Quintic Hermite tables (the fast default; relative error far below the reference tolerances).</summary>
    Spline,
    /// <summary>Direct sums of Gaussians in double, as DScribe does (slow; for validation).</summary>
    Exact,
}

/// <summary>
/// Smooth Overlap of Atomic Positions with DScribe 2.1.1's GTO radial basis, numerically compatible with
/// <c>dscribe.descriptors.SOAP</c> (refs/README.md): same basis, analytic radial integrals, real spherical
/// harmonics, power-spectrum prefactor π√(8/(2l+1)), output order, compression modes (off, crossover, mu2,
/// mu1nu1, species weighting), radial weighting (poly, pow, exp, w0) and averaging (off, inner, outer).
/// <para>
/// Neighbours: every atom of a species and every periodic image within <see cref="Cutoff"/> = r_cut + σ√(−2 ln 0.001)
/// (inclusive), plus the centre itself at r = 0 when its element is a species. Atoms whose element is not a
/// species are ignored (DScribe raises an error for such systems instead); a centre of another element gets no
/// self term. An atom sitting exactly on its centre is not in the neighbour list, so unlike DScribe it adds nothing.
/// </para>
/// <para>
/// Averaging: with <see cref="SoapAverage.Inner"/> or <see cref="SoapAverage.Outer"/>, <see cref="Compute"/> writes
/// ONE row of <see cref="Dimension"/> values whatever the number of centres (see <see cref="RowCount"/>).
/// </para>
/// <para>
/// Species weighting (<see cref="SoapCompression.SpeciesWeighting"/>) multiplies the weight of every atom of that
/// element, the centre included, in every compression mode; it must name each species once. r_cut must exceed
/// 1 Å (GTO basis). DScribe's default r_cut for a weighting function is available as <see cref="InferRCut"/>.
/// </para>
/// <para>
/// Accuracy: rows agree with DScribe 2.1.1 to ‖Δ‖/‖p‖ ≤ 7e-7 with the paper settings (n_max 12, where DScribe's own
/// β are orthonormal only to 6e-7 and ours to 4e-12) and to ~1e-12 with n_max 4; with DScribe's α and β injected,
/// to ~5e-11. The radial tables (quintic Hermite, 128 intervals) add at most ~2e-10.
/// </para>
/// <para>
/// Rows are independent of the thread count, bit for bit: centres are processed in fixed chunks and averages are
/// reduced in chunk order. Compute is thread-safe; per-thread scratch is pooled, so nothing is allocated per centre.
/// </para>
/// </summary>
public sealed class SoapDescriptor : IDescriptor
{
    /// <summary>Padding of the neighbour cutoff beyond r_cut, in units of σ: √(−2 ln 0.001) (DScribe's get_cutoff_padding).</summary>
    public static readonly double CutoffPaddingPerSigma = Math.Sqrt(-2 * Math.Log(0.001));

    internal const int BlockSize = 64;
    private const int ChunkSize = 8;
    internal const int DefaultIntervals = 128;

    private readonly Element[] _species;
    private readonly int[] _channelOfZ;       // species index of an atomic number, −1 if not a species
    private readonly double[] _speciesWeight; // per species
    private readonly SoapWeightingFunction _weighting;
    // A plain locked stack, not a ConcurrentBag: a bag keeps its items in ThreadLocal storage of the threads that
    // added them, which outlives the descriptor; a process that creates many descriptors (the Python binding)
    // grew by ~30 KB per descriptor.
    private readonly Stack<SoapWorkspace> _workspaces = new();
    private string[]? _featureNames;

    internal GtoBasis Basis { get; }
    internal RadialIntegralTable Radial { get; }
    internal RealSphericalHarmonics Harmonics { get; }
    internal PowerSpectrum Spectrum { get; }
    internal RadialEvaluation RadialMode { get; }

    /// <summary>The settings this descriptor was built from.</summary>
    public SoapSpec Spec { get; }
    DescriptorSpec IDescriptor.Spec => Spec;
    /// <summary>
    /// Values per row, from n_max, l_max, the species and the compression mode (DScribe's get_number_of_features); 780 for the paper's SOAP.
    /// </summary>
    public int Dimension => Spectrum.Dimension;
    /// <summary>Radius (Å) the neighbour list must cover: r_cut, or the automatic cutoff of a pow or exp weighting.</summary>
    public double Cutoff { get; }
    /// <summary>The spec's species: only atoms of these elements enter the neighbour density.</summary>
    public IReadOnlyCollection<Element> NeighborElements { get; }

    /// <summary>Threads <see cref="Compute"/> may use: −1 for all cores, or a positive count. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>
    /// Builds the GTO basis and radial tables of <paramref name="spec"/> (DScribe 2.1.1), using every core.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">The spec is invalid (see <see cref="SoapSpec.Validate"/>).</exception>
    public SoapDescriptor(SoapSpec spec) : this(spec, -1) { }

    /// <summary>
    /// Builds the GTO basis and radial tables of <paramref name="spec"/>; <paramref name="maxDegreeOfParallelism"/> is −1 for all cores or a positive thread count.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentException">The spec is invalid (see <see cref="SoapSpec.Validate"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public SoapDescriptor(SoapSpec spec, int maxDegreeOfParallelism) : this(spec, null, RadialEvaluation.Spline, maxDegreeOfParallelism) { }

    /// <summary>With an explicit basis (e.g. DScribe's stored α and β) and radial evaluation; for validation.</summary>
    internal SoapDescriptor(SoapSpec spec, GtoBasis? basis, RadialEvaluation radial, int maxDegreeOfParallelism = -1, int intervals = DefaultIntervals)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        CentreParallel.CheckThreads(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        Spec = spec;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        RadialMode = radial;
        _species = spec.SortedSpecies.ToArray();
        NeighborElements = Array.AsReadOnly(_species);
        _channelOfZ = new int[Element.All.Count + 1];
        Array.Fill(_channelOfZ, -1);
        for (int s = 0; s < _species.Length; s++) _channelOfZ[_species[s].Z] = s;
        _speciesWeight = SpeciesWeights(spec, _species);
        _weighting = new SoapWeightingFunction(spec.Weighting);
        Cutoff = spec.RCut + spec.Sigma * CutoffPaddingPerSigma;

        if (basis is not null && (basis.NMax != spec.NMax || basis.LMax != spec.LMax))
            throw new ArgumentException("soap: the given basis does not match n_max and l_max of the spec");
        Basis = basis ?? BasisCache.GetOrAdd((spec.RCut, spec.NMax, spec.LMax), k => new Lazy<GtoBasis>(() => GtoBasis.Create(k.RCut, k.NMax, k.LMax))).Value;
        bool spline = radial == RadialEvaluation.Spline;
        Radial = basis is null && spline
            ? TableCache.GetOrAdd((spec.RCut, spec.NMax, spec.LMax, spec.Sigma, intervals),
                k => new Lazy<RadialIntegralTable>(() => new RadialIntegralTable(Basis, k.Sigma, Cutoff, k.Intervals))).Value
            : new RadialIntegralTable(Basis, spec.Sigma, Cutoff, intervals, spline);
        Harmonics = new RealSphericalHarmonics(spec.LMax);
        Spectrum = new PowerSpectrum(spec.Compression.Mode, _species.Length, spec.NMax, spec.LMax);
    }

    // Bases and tables are pure functions of their parameters; building them costs ~0.1 s, so share them.
    private static readonly ConcurrentDictionary<(double RCut, int NMax, int LMax), Lazy<GtoBasis>> BasisCache = new();
    private static readonly ConcurrentDictionary<(double RCut, int NMax, int LMax, double Sigma, int Intervals), Lazy<RadialIntegralTable>> TableCache = new();

    internal static double[] SpeciesWeights(SoapSpec spec, Element[] species)
    {
        var weights = new double[species.Length];
        Array.Fill(weights, 1.0);
        var given = spec.Compression.SpeciesWeighting;
        if (given is null) return weights;
        var seen = new bool[species.Length];
        foreach (var (symbol, weight) in given)
        {
            if (!Element.TryFromSymbol(symbol, out var e))
                throw new ArgumentException($"soap spec: 'compression.species_weighting': unknown element '{symbol}'");
            int s = Array.IndexOf(species, e);
            if (s < 0) throw new ArgumentException($"soap spec: 'compression.species_weighting' names {e.Symbol}, which is not in 'species'");
            if (!double.IsFinite(weight)) throw new ArgumentException($"soap spec: 'compression.species_weighting': the weight of {e.Symbol} must be a finite number");
            weights[s] = weight;
            seen[s] = true;
        }
        for (int s = 0; s < species.Length; s++)
            if (!seen[s]) throw new ArgumentException($"soap spec: 'compression.species_weighting' must give a weight for every species; {species[s].Symbol} is missing");
        return weights;
    }

    /// <summary>DScribe's default r_cut for a weighting function (r0 for poly; where pow or exp fall to the threshold).</summary>
    public static double? InferRCut(SoapWeighting weighting) => SoapWeightingFunction.InferRCut(weighting);

    /// <summary>Rows <see cref="Compute"/> writes for this many centres: 1 when averaging, else one per centre.</summary>
    public int RowCount(int centres) => Spec.Average == SoapAverage.Off ? centres : 1;

    /// <summary>p_l3_n2_n5 (mu2), p_Zn-N_l3_n2_n5 (off, crossover: species pair), p_Zn-all_l3_n2_n5 (mu1nu1), in output order.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames ??= Spectrum.FeatureNames(_species);

    /// <summary>
    /// Writes the SOAP rows of the neighbour list's centres: centres × <see cref="Dimension"/> values (average off), or
    /// ONE row of <see cref="Dimension"/> values for average inner/outer, whatever the number of centres.
    /// The list must have been built on <paramref name="frame"/> with a cutoff of at least <see cref="Cutoff"/>
    /// (entries beyond it are skipped) and contain at least the atoms of <see cref="NeighborElements"/>.
    /// </summary>
    public void Compute(Frame frame, NeighborList neighbors, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(neighbors);
        if (neighbors.Cutoff < Cutoff * (1 - 1e-12))
            throw new ArgumentException($"soap: the neighbour list reaches {neighbors.Cutoff} Å but the descriptor needs {Cutoff} Å", nameof(neighbors));
        int centres = neighbors.CentreCount;
        bool averaged = Spec.Average != SoapAverage.Off;
        if (averaged && centres == 0) throw new ArgumentException("soap: averaging needs at least one centre", nameof(neighbors));
        long expected = (long)RowCount(centres) * Dimension;
        if (output.Length != expected)
            throw new ArgumentException($"soap: output holds {output.Length} values, {RowCount(centres)} rows × {Dimension} need {expected}", nameof(output));
        foreach (int c in neighbors.Centres)
            if ((uint)c >= (uint)frame.AtomCount) throw new ArgumentException("soap: the neighbour list does not belong to this frame", nameof(neighbors));

        int chunks = CentreParallel.ChunkCount(centres, ChunkSize);
        int partialLength = Spec.Average switch
        {
            SoapAverage.Inner => Spectrum.Channels * Spectrum.ChannelLength,
            SoapAverage.Outer => Dimension,
            _ => 0,
        };
        var partials = averaged ? new double[chunks * partialLength] : null;
        CentreParallel.For(output, centres, ChunkSize, MaxDegreeOfParallelism, Rent,
            (chunk, first, end, rows, ws) => RunChunk(chunk, first, end, ws, frame, neighbors, rows, partials, partialLength),
            Return);

        if (!averaged) return;
        // Ordered reduction over chunks: the same sums whatever the thread count.
        var total = new double[partialLength];
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            var p = partials.AsSpan(chunk * partialLength, partialLength);
            for (int i = 0; i < partialLength; i++) total[i] += p[i];
        }
        double inv = 1.0 / centres;
        for (int i = 0; i < partialLength; i++) total[i] *= inv;
        if (Spec.Average == SoapAverage.Outer)
        {
            total.CopyTo(output);
        }
        else
        {
            var ws = Rent();
            Spectrum.Write(total, output, ws.Scratch);
            Return(ws);
        }
    }

    private SoapWorkspace Rent()
    {
        lock (_workspaces)
            if (_workspaces.TryPop(out var ws)) return ws;
        return new SoapWorkspace(this);
    }

    private void Return(SoapWorkspace ws)
    {
        lock (_workspaces) _workspaces.Push(ws);
    }

    private void RunChunk(int chunk, int first, int last, SoapWorkspace ws, Frame frame, NeighborList neighbors, Span<double> output, double[]? partials, int partialLength)
    {
        int dim = Dimension;
        var partial = partials is null ? default : partials.AsSpan(chunk * partialLength, partialLength);
        for (int row = first; row < last; row++)
        {
            ws.Expand(frame, neighbors, row);
            switch (Spec.Average)
            {
                case SoapAverage.Off:
                    Spectrum.Write(ws.Coefficients, output.Slice(row * dim, dim), ws.Scratch);
                    break;
                case SoapAverage.Inner:
                    for (int i = 0; i < partialLength; i++) partial[i] += ws.Coefficients[i];
                    break;
                case SoapAverage.Outer:
                    Spectrum.Write(ws.Coefficients, ws.Row, ws.Scratch);
                    for (int i = 0; i < partialLength; i++) partial[i] += ws.Row[i];
                    break;
            }
        }
    }

    // ------------------------------------------------------------------ accessors for the workspace

    internal int ChannelOf(Element e) => _channelOfZ[e.Z];
    internal double SpeciesWeight(int species) => _speciesWeight[species];
    /// <summary>Species index by atomic number (−1: not a species).</summary>
    internal int[] ChannelOfZ => _channelOfZ;
    internal double[] SpeciesWeightTable => _speciesWeight;
    internal SoapWeightingFunction Weighting => _weighting;
}
