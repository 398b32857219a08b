using System.Globalization;
using System.Text.Json.Serialization;

namespace ZifPhase.Descriptors;

public enum SoapCompressionMode
{
    Off,
    Crossover,
    Mu2,
    Mu1nu1,
}

/// <summary>DScribe's <c>compression</c> argument: <c>{"mode":"mu2","species_weighting":{"Zn":2.0}}</c>.</summary>
public sealed record SoapCompression
{
    public SoapCompressionMode Mode { get; init; } = SoapCompressionMode.Off;
    public IReadOnlyDictionary<string, double>? SpeciesWeighting { get; init; }
}

/// <summary>
/// DScribe's <c>weighting</c> argument: <c>{"function":"poly","r0":9,"c":1,"m":2,"w0":1}</c> (poly, pow, exp);
/// <c>threshold</c> sets the automatic cutoff of pow and exp (default 1e-2).
/// </summary>
public sealed record SoapWeighting
{
    public string? Function { get; init; }
    public double? R0 { get; init; }
    public double? C { get; init; }
    public double? D { get; init; }
    public double? M { get; init; }
    public double? W0 { get; init; }
    public double Threshold { get; init; } = 1e-2;
}

public enum SoapAverage
{
    Off,
    Inner,
    Outer,
}

/// <summary>Smooth Overlap of Atomic Positions with DScribe 2.1.1's GTO radial basis (refs/README.md).</summary>
public sealed record SoapSpec : DescriptorSpec
{
    public required int NMax { get; init; }
    public required int LMax { get; init; }
    public double Sigma { get; init; } = 1.0;
    public string Rbf { get; init; } = "gto";
    public SoapCompression Compression { get; init; } = new();
    public SoapWeighting? Weighting { get; init; }
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

    public override IDescriptor Create(int maxDegreeOfParallelism = -1) => new Soap.SoapDescriptor(this, maxDegreeOfParallelism);

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

    [JsonIgnore]
    public int SpeciesCount => SortedSpecies.Count;
}
