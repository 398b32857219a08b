using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZifPhase.Descriptors;

/// <summary>
/// Atom-centred symmetry functions G1–G5 exactly as DScribe 2.1.1's ACSF (refs/README.md, "ACSF"): η in Å⁻²,
/// R_s in Å, κ in Å⁻¹; rows of <c>g2_params</c> are [η, R_s], of <c>g3_params</c> [κ] (written to JSON as DScribe's
/// flat list of κ), of <c>g4_params</c> and <c>g5_params</c> [η, ζ, λ]. G1 is present unless <c>"g1": false</c>.
/// </summary>
public sealed record AcsfSpec : DescriptorSpec
{
    /// <summary>
    /// DScribe always writes G1 (Σ fc, one column per species, first in each species block); <c>"g1": false</c>
    /// is our extension that drops those columns, leaving DScribe's other columns in DScribe's order.
    /// </summary>
    public bool G1 { get; init; } = true;
    /// <summary>
    /// G2 = Σ exp(−η(r − R_s)²)·f_c(r) per neighbour species: one row [η (Å⁻²), R_s (Å)] per function (Behler 2011; DScribe's g2_params).
    /// </summary>
    public IReadOnlyList<double[]> G2Params { get; init; } = [];
    /// <summary>
    /// G3 = Σ cos(κr)·f_c(r) per neighbour species: one row [κ (Å⁻¹)] per function (DScribe's g3_params, a flat list in JSON).
    /// </summary>
    [JsonConverter(typeof(FlatKappasConverter))]
    public IReadOnlyList<double[]> G3Params { get; init; } = [];
    /// <summary>
    /// G4, the angular function over neighbour pairs j, k including r_jk: 2^(1−ζ) Σ (1 + λ cos θ)^ζ exp(−η(r_ij² + r_ik² + r_jk²)) f_c f_c f_c; one row [η (Å⁻²), ζ, λ = ±1] per function (DScribe's g4_params).
    /// </summary>
    public IReadOnlyList<double[]> G4Params { get; init; } = [];
    /// <summary>
    /// G5, G4 without r_jk in the exponent and without its cutoff factor; one row [η (Å⁻²), ζ, λ = ±1] per function (DScribe's g5_params).
    /// </summary>
    public IReadOnlyList<double[]> G5Params { get; init; } = [];

    /// <summary>1 Bohr in Å (CODATA 2018), for η given in Bohr⁻² by the paper.</summary>
    public const double BohrInAngstrom = 0.529177210903;

    /// <summary>The paper's η values in Bohr⁻².</summary>
    public static IReadOnlyList<double> PaperEtasPerBohr2 { get; } = [0.005, 0.0075, 0.01, 0.02];

    /// <summary>
    /// The paper's 12 BPSF: Zn neighbours, r_cut 13 Å, G2 with η1..η4 (R_s 0), then G4 with λ = +1 and then
    /// λ = −1 for η1..η4 (ζ 1); DScribe's G1 column is dropped (<c>g1: false</c>). DScribe writes (1 + λ cos θ); the paper writes (1 − λ cos θ),
    /// so the paper's λ = ∓1 is DScribe's λ = ±1: the same two functions, labels swapped.
    /// </summary>
    public static AcsfSpec PaperBpsf { get; } = CreatePaperBpsf();

    private static AcsfSpec CreatePaperBpsf()
    {
        var etas = PaperEtasPerBohr2.Select(e => e / (BohrInAngstrom * BohrInAngstrom)).ToArray();
        return new AcsfSpec
        {
            Species = ["Zn"],
            RCut = 13.0,
            G1 = false,
            G2Params = etas.Select(e => new[] { e, 0.0 }).ToArray(),
            G4Params = new[] { 1.0, -1.0 }.SelectMany(lambda => etas.Select(e => new[] { e, 1.0, lambda })).ToArray(),
            Periodic = true,
        };
    }

    /// <summary>This kind's line in <see cref="DescriptorKinds"/>: its name, its JSON keys (DScribe's ACSF arguments) and its reader.</summary>
    internal static DescriptorKind Kind => new("acsf", typeof(AcsfSpec), Keys, Read);

    private static readonly string[] Keys =
        ["kind", "species", "r_cut", "g1", "g2_params", "g3_params", "g4_params", "g5_params", "periodic", "sparse", "dtype"];

    private const string RowsG2 = "a list of [eta, r_s] pairs, e.g. [[0.5, 0.0]]";
    private const string RowsG45 = "a list of [eta, zeta, lambda] rows, e.g. [[0.005, 1.0, 1.0]]";

    private static AcsfSpec Read(DescriptorSpecReader.Reader r) => new()
    {
        Species = r.Species(),
        RCut = r.OptionalNumber("r_cut", "a positive number (Å)")
               ?? throw new ArgumentException($"{r.Prefix}: missing 'r_cut' (a positive number, Å)"),
        G1 = r.OptionalBool("g1") ?? true,
        G2Params = r.Rows("g2_params", 2, RowsG2),
        G3Params = r.Kappas(),
        G4Params = r.Rows("g4_params", 3, RowsG45),
        G5Params = r.Rows("g5_params", 3, RowsG45),
        Periodic = r.Periodic(),
        Dtype = r.Dtype(),
    };

    private protected override string Prefix => "acsf spec";

    /// <summary>
    /// A new <see cref="Acsf.AcsfDescriptor"/> with these settings; <paramref name="maxDegreeOfParallelism"/> −1 uses every core.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid (see <see cref="Validate"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    public override IDescriptor Create(int maxDegreeOfParallelism = -1) => new Acsf.AcsfDescriptor(this, maxDegreeOfParallelism);

    /// <summary>
    /// Checks the common settings and that every parameter row has its width (g2 [η, R_s], g3 [κ], g4 and g5 [η, ζ, λ]) of finite numbers.
    /// </summary>
    /// <exception cref="ArgumentException">The message names the first invalid setting.</exception>
    public override void Validate()
    {
        base.Validate();
        Check(G2Params, 2, "g2_params", "[eta, r_s]");
        Check(G3Params, 1, "g3_params", "[kappa]");
        Check(G4Params, 3, "g4_params", "[eta, zeta, lambda]");
        Check(G5Params, 3, "g5_params", "[eta, zeta, lambda]");
    }

    private static void Check(IReadOnlyList<double[]> rows, int width, string name, string shape)
    {
        foreach (var r in rows)
            if (r is null || r.Length != width || r.Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"acsf spec: every row of '{name}' must be {shape} of finite numbers");
    }

    /// <summary>Writes <c>g3_params</c> as DScribe's flat list of κ (<c>[1.0, 2.0]</c>); reads that or one-element rows.</summary>
    private sealed class FlatKappasConverter : JsonConverter<IReadOnlyList<double[]>>
    {
        public override IReadOnlyList<double[]> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [e.GetDouble()])
                .ToArray();
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<double[]> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var row in value) writer.WriteNumberValue(row[0]);
            writer.WriteEndArray();
        }
    }
}
