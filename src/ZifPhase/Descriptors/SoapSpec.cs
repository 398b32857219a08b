using System.Globalization;
using System.Text.Json.Serialization;

namespace ZifPhase.Descriptors;

/// <summary>
/// DScribe's SOAP compression modes (Darby et al., npj Comput. Mater. 8, 166 (2022)), which shrink the power spectrum over species.
/// </summary>
public enum SoapCompressionMode
{
    /// <summary>No compression: one block per species pair (Z, Z′) and radial pair (n, n′).</summary>
    Off,
    /// <summary>Only pairs of the same species (Z = Z′), all radial pairs n ≤ n′.</summary>
    Crossover,
    /// <summary>
    /// All species summed into one element-agnostic density (optionally weighted): n_max(n_max + 1)/2 × (l_max + 1) values.
    /// </summary>
    Mu2,
    /// <summary>Species-summed density times per-species density: species × n_max² × (l_max + 1) values.</summary>
    Mu1nu1,
}

/// <summary>DScribe's <c>compression</c> argument: <c>{"mode":"mu2","species_weighting":{"Zn":2.0}}</c>.</summary>
public sealed record SoapCompression
{
    /// <summary>Which compression applies (DScribe's compression.mode).</summary>
    public SoapCompressionMode Mode { get; init; } = SoapCompressionMode.Off;
    /// <summary>
    /// Weight per element symbol in the summed density of mu2 and mu1nu1 (DScribe's species_weighting); null gives every species 1.
    /// </summary>
    public IReadOnlyDictionary<string, double>? SpeciesWeighting { get; init; }
}

/// <summary>
/// DScribe's <c>weighting</c> argument: <c>{"function":"poly","r0":9,"c":1,"m":2,"w0":1}</c> (poly, pow, exp);
/// <c>threshold</c> sets the automatic cutoff of pow and exp (default 1e-2).
/// </summary>
public sealed record SoapWeighting
{
    /// <summary>"poly", "pow" or "exp" (DScribe's weighting.function); null: no radial weighting.</summary>
    public string? Function { get; init; }
    /// <summary>
    /// r0 in Å, the length scale of the weighting (poly: w = c(1 + 2(r/r0)³ − 3(r/r0)²)^m, zero beyond r0; pow: w = c/(d + (r/r0)^m); exp: w = c/(d + exp(r/r0)); DScribe SOAP docs).
    /// </summary>
    public double? R0 { get; init; }
    /// <summary>c, the scale of the weighting (dimensionless).</summary>
    public double? C { get; init; }
    /// <summary>d, the offset in the denominator of pow and exp (dimensionless).</summary>
    public double? D { get; init; }
    /// <summary>m, the exponent of poly and pow (dimensionless).</summary>
    public double? M { get; init; }
    /// <summary>w0, the weight of the centre atom itself (dimensionless); null leaves it as the function gives.</summary>
    public double? W0 { get; init; }
    /// <summary>
    /// Weight below which pow and exp are cut off: the automatic cutoff radius is where w falls to this value (default 1e-2).
    /// </summary>
    public double Threshold { get; init; } = 1e-2;
}

/// <summary>DScribe's average argument: whether one row describes each centre or the whole set of centres.</summary>
public enum SoapAverage
{
    /// <summary>One row per centre.</summary>
    Off,
    /// <summary>One row: the power spectrum of the centres' averaged expansion coefficients.</summary>
    Inner,
    /// <summary>One row: the average of the centres' power spectra.</summary>
    Outer,
}

/// <summary>Smooth Overlap of Atomic Positions with DScribe 2.1.1's GTO radial basis (refs/README.md).</summary>
public sealed record SoapSpec : DescriptorSpec
{
    /// <summary>DScribe's n_max: number of GTO radial basis functions, 1 or more.</summary>
    public required int NMax { get; init; }
    /// <summary>DScribe's l_max: highest spherical-harmonic degree, 0 to 9 (DScribe's GTO limit).</summary>
    public required int LMax { get; init; }
    /// <summary>DScribe's sigma: width in Å of the Gaussian placed on each neighbour (default 1 Å).</summary>
    public double Sigma { get; init; } = 1.0;
    /// <summary>DScribe's rbf: the radial basis; only "gto" is supported.</summary>
    public string Rbf { get; init; } = "gto";
    /// <summary>DScribe's compression: how the power spectrum is reduced over species.</summary>
    public SoapCompression Compression { get; init; } = new();
    /// <summary>DScribe's weighting: a radial weight on neighbour densities, or null for none.</summary>
    public SoapWeighting? Weighting { get; init; }
    /// <summary>DScribe's average: per-centre rows, or one averaged row (inner or outer).</summary>
    public SoapAverage Average { get; init; } = SoapAverage.Off;

    /// <summary>The paper's SOAP: all atoms in one element-agnostic channel (mu2), r_cut 9 Å, n_max 12, l_max 9, σ 1 Å: 780 values.</summary>
    public static SoapSpec PaperSoap { get; } = new()
    {
        Species = ["H", "C", "N", "Zn"],
        RCut = 9.0,
        NMax = 12,
        LMax = 9,
        Sigma = 1.0,
        Compression = new SoapCompression { Mode = SoapCompressionMode.Mu2 },
        Periodic = true,
    };

    /// <summary>This kind's line in <see cref="DescriptorKinds"/>: its name, its JSON keys (DScribe's SOAP arguments) and its reader.</summary>
    internal static DescriptorKind Kind => new("soap", typeof(SoapSpec), Keys, Read);

    private static readonly string[] Keys =
        ["kind", "species", "r_cut", "n_max", "l_max", "sigma", "rbf", "weighting", "compression", "average", "periodic", "sparse", "dtype"];

    private static SoapSpec Read(DescriptorSpecReader.Reader r)
    {
        var weighting = r.Weighting();
        double rCut = r.OptionalNumber("r_cut", "a positive number (Å)") ?? 0;
        // DScribe: "if not r_cut: r_cut = self._infer_r_cut(weighting)"; a missing, null or zero r_cut is inferred.
        if (rCut == 0)
        {
            if (weighting?.Function is null)
                throw new ArgumentException($"{r.Prefix}: missing 'r_cut' (a positive number, Å; DScribe infers it only from a weighting 'function')");
            _ = new Soap.SoapWeightingFunction(weighting);
            rCut = Soap.SoapWeightingFunction.InferRCut(weighting)!.Value;
            if (!(rCut > 0) || !double.IsFinite(rCut))
                throw new ArgumentException($"{r.Prefix}: 'r_cut' inferred from the weighting is {DescriptorSpecReader.Number(rCut)}; give a positive 'r_cut'");
        }
        var rbf = r.OptionalString("rbf", "\"gto\"") ?? "gto";
        if (rbf == "polynomial") throw new ArgumentException($"{r.Prefix}: rbf 'polynomial' is not supported; use 'gto'");
        return new SoapSpec
        {
            Species = r.Species(),
            RCut = rCut,
            NMax = r.RequiredWhole("n_max", "a whole number ≥ 1"),
            LMax = r.RequiredWhole("l_max", "a whole number from 0 to 9"),
            Sigma = r.OptionalNumber("sigma", "a positive number (Å)") ?? 1.0,
            Rbf = rbf,
            Weighting = weighting,
            Compression = r.Compression(),
            Average = r.OptionalString("average", "\"off\", \"inner\" or \"outer\"") switch
            {
                null or "off" => SoapAverage.Off,
                "inner" => SoapAverage.Inner,
                "outer" => SoapAverage.Outer,
                var other => throw r.Wrong("average", "\"off\", \"inner\" or \"outer\"", $"\"{other}\""),
            },
            Periodic = r.Periodic(),
            Dtype = r.Dtype(),
        };
    }

    private protected override string Prefix => "soap spec";

    /// <summary>
    /// A new <see cref="Soap.SoapDescriptor"/> with these settings; <paramref name="maxDegreeOfParallelism"/> −1 uses every core.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid (see <see cref="Validate"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public override IDescriptor Create(int maxDegreeOfParallelism = -1) => new Soap.SoapDescriptor(this, maxDegreeOfParallelism);

    /// <summary>
    /// Checks the common settings and n_max ≥ 1, 0 ≤ l_max ≤ 9, σ &gt; 0 Å, rbf "gto", r_cut &gt; 1 Å, the compression, the weighting and the species weights.
    /// </summary>
    /// <exception cref="ArgumentException">The message names the first invalid setting.</exception>
    public override void Validate()
    {
        base.Validate();
        if (NMax < 1) throw new ArgumentException($"soap spec: 'n_max' must be a whole number ≥ 1, not {NMax}");
        if (LMax < 0 || LMax > 9) throw new ArgumentException($"soap spec: 'l_max' must be a whole number from 0 to 9 (DScribe's GTO limit), not {LMax}");
        if (!(Sigma > 0) || double.IsInfinity(Sigma)) throw new ArgumentException($"soap spec: 'sigma' must be a positive number (Å), not {Sigma.ToString(CultureInfo.InvariantCulture)}");
        if (Rbf == "polynomial") throw new ArgumentException("soap spec: rbf 'polynomial' is not supported; use 'gto'");
        if (Rbf != "gto") throw new ArgumentException($"soap spec: 'rbf' must be \"gto\" (DScribe's \"polynomial\" is not supported), not \"{Rbf}\"");
        if (!(RCut > 1)) throw new ArgumentException($"soap spec: the GTO basis needs 'r_cut' > 1 Å, not {RCut.ToString(CultureInfo.InvariantCulture)}");
        if (Compression is null) throw new ArgumentException("soap spec: 'compression' must be an object such as {\"mode\": \"off\"}");
        _ = new Soap.SoapWeightingFunction(Weighting);
        _ = Soap.SoapDescriptor.SpeciesWeights(this, SortedSpecies.ToArray());
    }

    /// <summary>Number of distinct species (the elements the densities are split over).</summary>
    [JsonIgnore]
    public int SpeciesCount => SortedSpecies.Count;
}
