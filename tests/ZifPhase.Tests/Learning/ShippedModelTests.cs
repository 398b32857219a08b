using ZifPhase.Structures;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;

namespace ZifPhase.Tests.Learning;

/// <summary>
/// The shipped models (models/paper-soap.json, models/paper-bpsf.json) still do what their model cards
/// (models/paper-*.md, figures in models/paper-*.metrics.json, made by recipes/models.sh) say: they load by name, are
/// 5-member ensembles with an unknown detector, reproduce their recorded training accuracy on the rebuilt dataset of
/// both force fields, give every real structure the recorded Zn counts, and meet the real-structure benchmark's goals
/// except where the card says they do not.
/// </summary>
public class ShippedModelTests(ITestOutputHelper output)
{
    private static JsonNode Card(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(ShippedModels.Resolve(name), ".metrics.json")))!;

    [Theory]
    [InlineData("paper-soap")]
    [InlineData("paper-bpsf")]
    public void LoadsByNameAsAnEnsembleWithAnUnknownDetector(string name)
    {
        var model = ModelFile.Load(ShippedModels.Resolve(name));
        Assert.Equal(5, model.Members.Count);
        Assert.NotNull(model.Novelty);
        Assert.Equal(Phases.Known, model.ClassNames);
        Assert.Equal("none", model.Training!.Split);
        Assert.Equal(name == "paper-soap" ? 780 : 12, model.FeatureCount);
    }

    [Theory]
    [InlineData("paper-soap", "soap")]
    [InlineData("paper-bpsf", "bpsf")]
    public void ReproducesItsRecordedTrainingAccuracyOnBothForceFields(string name, string d)
    {
        var model = ModelFile.Load(ShippedModels.Resolve(name));
        var path = Path.Combine(TestPaths.NewTempDir(), "two-ff.h5");
        DatasetBuilder.Build(DatasetManifest.Load(TestPaths.Data("manifests", $"two-ff-{d}.toml")), path);
        var data = Dataset.Load(path);
        Assert.Equal(model.Training!.TrainRows, data.Rows);
        Assert.Equal(["nbzif", "reaxff"], data.Sources.Select(s => s.Tag).Distinct().Order());
        var result = Evaluation.Run(model, data, [.. Enumerable.Range(0, data.Rows)]);
        output.WriteLine($"{name}: accuracy {result.Metrics.Accuracy} (recorded {model.Training.TrainAccuracy})");
        Assert.Equal(model.Training.TrainAccuracy!.Value, result.Metrics.Accuracy, 12);
    }

    /// <summary>Real structures where the shipped model misses a benchmark goal, as its model card says (file → why).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> KnownMisses = new()
    {
        ["paper-soap"] = new()
        {
            ["structures/widmer-2019/ZIF-4-hPT-II.cif"] = "the experimental powder structure (distorted ligands) is called ZIF-4-cp-II: both force fields' hPT-II runs relax the ligands",
            ["structures/gaillac-2020-glass/ZIF4_15glass01.cif"] = "14 of 16 Zn ZIF-4: this glass keeps the cag net (its Zn network's coordination sequence is ZIF-4's)",
            ["structures/castel-2023/ZIF4_15glass01.lmp"] = "the same configuration as ZIF4_15glass01.cif",
            ["structures/castel-2023/reaxff_glass_300K.data"] = "77 % glass or liquid (99 liquid), 28 dense crystal",
            ["structures/castel-2023/mqgzif4_rmc_glass.xyz.gz"] = "40 % glass or liquid: the RMC model's local geometry is looser than any MD state trained on",
        },
        ["paper-bpsf"] = new()
        {
            ["structures/widmer-2019/ZIF-4-cp-II.cif"] = "called ZIF-4-cp: Zn-only descriptors see two dense cag phases at similar density",
            ["structures/widmer-2019/ZIF4-CP-II-RelaxedCell.cif"] = "called ZIF-4-cp, as above",
            ["structures/gaillac-2020-glass/ZIF4_15glass01.cif"] = "called ZIF-4: a glass at the crystal's Zn density with ZIF-4's net",
            ["structures/gaillac-2020-glass/ZIF4_15glass06.cif"] = "liquid 8, glass 6: Zn-only geometry does not separate the model glass and liquid",
            ["structures/gaillac-2020-glass/ZIF4_15glass07.cif"] = "liquid 10, glass 6",
            ["structures/gaillac-2020-glass/ZIF4_15glass10.cif"] = "liquid 15, glass 1",
            ["structures/castel-2023/ZIF4_15glass01.lmp"] = "the same configuration as ZIF4_15glass01.cif",
            ["structures/castel-2023/reaxff_glass_300K.data"] = "55 % glass or liquid",
            ["structures/castel-2023/mqgzif4_rmc_glass.xyz.gz"] = "64 % glass or liquid",
        },
    };

    [Theory]
    [InlineData("paper-soap")]
    [InlineData("paper-bpsf")]
    public void RealStructureBenchmark(string name)
    {
        var model = ModelFile.Load(ShippedModels.Resolve(name));
        var recorded = Card(name)["real_structures"]!.AsObject();
        var manifest = DatasetManifest.Load(TestPaths.Data("manifests", "real-structures.toml"));
        var misses = new Dictionary<string, string>();
        var classifier = model.ForFrames();
        for (int s = 0; s < manifest.Sources.Count; s++)
        {
            var source = manifest.Sources[s];
            var path = manifest.ResolvePath(source);
            var key = Path.GetRelativePath(TestPaths.Data(), path).Replace('\\', '/');
            var counts = new int[model.ClassNames.Count];
            int zn = 0, unknown = 0;
            foreach (var frame in TrajectoryReader.Read(path, manifest.ReadOptions(s)))
            {
                var a = classifier.Classify(frame);
                for (int i = 0; i < a.Centres.Length; i++)
                {
                    counts[a.Label(i)]++;
                    if (a.IsUnknown(i)) unknown++;
                }
                zn += a.Centres.Length;
            }
            // What the card recorded, exactly.
            var rec = recorded[key] ?? throw new Xunit.Sdk.XunitException($"{key} is not in the model card");
            Assert.Equal((int)rec["zn"]!, zn);
            Assert.Equal((int)rec["unknown"]!, unknown);
            for (int c = 0; c < counts.Length; c++)
                Assert.Equal((int)rec["counts"]![ZifPhase.Structures.ColumnNames.Identifier(model.ClassNames[c])]!, counts[c]);
            // The goals: a crystal its own phase by majority, an ab initio glass glass, the RMC and ReaxFF glasses
            // at least 90 % glass or liquid.
            int known = model.ClassNames.ToList().IndexOf(source.Phase);
            int top = Array.IndexOf(counts, counts.Max());
            bool unique = counts.Count(x => x == counts[top]) == 1;
            double glassy = (counts[model.ClassNames.ToList().IndexOf("glass")] + counts[model.ClassNames.ToList().IndexOf("liquid")]) / (double)zn;
            string? miss = key.Contains("rmc") || key.Contains("reaxff_glass")
                ? glassy >= 0.9 ? null : $"{glassy:P0} glass or liquid"
                : unique && top == known ? null : $"majority {(unique ? model.ClassNames[top] : "tie")}";
            output.WriteLine($"{name} {key}: {string.Join(", ", counts.Select((n, c) => $"{model.ClassNames[c]} {n}").Where(t => !t.EndsWith(" 0")))}; unknown {unknown}/{zn}; {miss ?? "goal met"}");
            if (miss is not null) misses[key] = miss;
        }
        Assert.Equal(KnownMisses[name].Keys.Order(), misses.Keys.Order());
    }
}
