using System.Text.Json;
using ZifPhase.Descriptors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>One SOAP block of a DScribe 2.1.1 reference file (tests/references/dscribe/*.json).</summary>
public sealed record SoapReferenceBlock(
    string File,
    string Name,
    SoapSpec Spec,
    Frame Frame,
    int[] Centres,
    double[][] Output,
    double[][] Alphas,
    double[][][] Betas)
{
    public override string ToString() => $"{File}:{Name}";
}

/// <summary>Reads the reference JSON files with System.Text.Json (cached: each file is parsed once per test run).</summary>
public static class SoapReference
{
    public static readonly string[] Files =
        ["a_triclinic_periodic.json", "c_cubic_one_zn.json", "real_zif4_lewis.json", "real_zif4cpII_widmer_pbca.json"];

    private static readonly Lazy<IReadOnlyList<SoapReferenceBlock>> Cache = new(LoadAll);

    public static IReadOnlyList<SoapReferenceBlock> All => Cache.Value;

    public static IEnumerable<object[]> BlockNames() => All.Select(b => new object[] { b.File, b.Name });

    public static SoapReferenceBlock Get(string file, string name) => All.Single(b => b.File == file && b.Name == name);

    private static List<SoapReferenceBlock> LoadAll()
    {
        var blocks = new List<SoapReferenceBlock>();
        foreach (var file in Files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(TestPaths.References("dscribe", file)));
            var root = doc.RootElement;
            var full = ReadFrame(root.GetProperty("structure"));
            var znOnly = ReadFrame(root.GetProperty("structure_zn_only"));
            foreach (var block in root.GetProperty("descriptors").EnumerateArray())
            {
                if (block.GetProperty("dscribe_class").GetString() != "SOAP") continue;
                string name = block.GetProperty("name").GetString()!;
                var kw = block.GetProperty("dscribe_kwargs");
                var spec = ReadSpec(kw);
                // The Zn-only blocks ran on structure_zn_only (species=["Zn"] rejects other elements).
                var frame = name.Contains("Zn_only_structure", StringComparison.Ordinal) ? znOnly : full;
                var centres = block.GetProperty("create_kwargs").GetProperty("centers").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var output = ReadMatrix(block.GetProperty("output[center][feature]"));
                var alphas = ReadMatrix(block.GetProperty("gto_alphas[l][k]"));
                var betas = block.GetProperty("gto_betas[l][n][k]").EnumerateArray().Select(ReadMatrix).ToArray();
                if (output.Length != centres.Length) throw new InvalidDataException($"{file}:{name}: {output.Length} rows for {centres.Length} centres");
                blocks.Add(new SoapReferenceBlock(file, name, spec, frame, centres, output, alphas, betas));
            }
        }
        return blocks;
    }

    private static SoapSpec ReadSpec(JsonElement kw)
    {
        var mode = SoapCompressionMode.Off;
        if (kw.TryGetProperty("compression", out var comp) && comp.ValueKind == JsonValueKind.Object)
        {
            mode = comp.GetProperty("mode").GetString() switch
            {
                "off" => SoapCompressionMode.Off,
                "crossover" => SoapCompressionMode.Crossover,
                "mu2" => SoapCompressionMode.Mu2,
                "mu1nu1" => SoapCompressionMode.Mu1nu1,
                var m => throw new InvalidDataException($"unknown compression mode {m}"),
            };
            if (comp.TryGetProperty("species_weighting", out var sw) && sw.ValueKind != JsonValueKind.Null)
                throw new InvalidDataException("species_weighting in a reference block is not handled by this reader");
        }
        if (kw.TryGetProperty("weighting", out var w) && w.ValueKind != JsonValueKind.Null)
            throw new InvalidDataException("weighting in a reference block is not handled by this reader");
        if (kw.TryGetProperty("average", out var avg) && avg.GetString() != "off")
            throw new InvalidDataException("averaged reference blocks are not handled by this reader");
        return new SoapSpec
        {
            Species = kw.GetProperty("species").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            RCut = kw.GetProperty("r_cut").GetDouble(),
            NMax = kw.GetProperty("n_max").GetInt32(),
            LMax = kw.GetProperty("l_max").GetInt32(),
            Sigma = kw.GetProperty("sigma").GetDouble(),
            Rbf = kw.GetProperty("rbf").GetString()!,
            Periodic = kw.GetProperty("periodic").GetBoolean(),
            Compression = new SoapCompression { Mode = mode },
        };
    }

    private static Frame ReadFrame(JsonElement s)
    {
        var positions = s.GetProperty("positions").EnumerateArray()
            .Select(p => new Vec3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble())).ToArray();
        var elements = s.GetProperty("numbers").EnumerateArray().Select(z => Element.FromZ(z.GetInt32())).ToArray();
        var rows = s.GetProperty("cell").EnumerateArray()
            .Select(p => new Vec3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble())).ToArray();
        var pbc = s.GetProperty("pbc").EnumerateArray().Select(b => b.GetBoolean()).ToArray();
        return new Frame(positions, elements, new Cell(rows[0], rows[1], rows[2], default, pbc[0], pbc[1], pbc[2]));
    }

    private static double[][] ReadMatrix(JsonElement e) =>
        e.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
}
