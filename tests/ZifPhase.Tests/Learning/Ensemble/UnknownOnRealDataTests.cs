using Xunit.Abstractions;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Learning.Ensemble;

/// <summary>
/// The unknown answer on the shipped nb-ZIF-FF MD (data/md): a paper-bpsf model of ZIF-4, ZIF-zni and one glass,
/// trained on the early frames of each run (block split), must call an ideal gas of the same atoms unknown and
/// leave the held-out late frames of its own runs alone.
/// </summary>
public class UnknownOnRealDataTests(ITestOutputHelper output)
{
    private sealed record Trained(Dataset Data, int[] Test, PhaseClassifier Hidden, PhaseClassifier Descriptor);

    private static readonly Lazy<Trained> Model = new(() =>
    {
        var dir = TestPaths.NewTempDir();
        string Md(string name) => TestPaths.Data("md", name).Replace("\\", "/");
        File.WriteAllText(Path.Combine(dir, "manifest.toml"), $"""
            descriptor = "paper-bpsf"
            centers = "Zn"

            [[source]]
            path = "{Md("ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz")}"
            phase = "ZIF-4"
            tag = "nbzif"

            [[source]]
            path = "{Md("ZIF-zni__NVT300K_refcell_s4301.lammpstrj.gz")}"
            phase = "ZIF-zni"
            tag = "nbzif"

            [[source]]
            path = "{Md("glass__g01_NVT300K_s5001.lammpstrj.gz")}"
            phase = "glass"
            tag = "nbzif"
            """);
        var path = Path.Combine(dir, "data.h5");
        DatasetBuilder.Build(DatasetManifest.Load(Path.Combine(dir, "manifest.toml")), path);
        var data = Dataset.Load(path);
        var (train, test) = Split.Block(data, 0.2, gapFrames: 4);
        PhaseClassifier Train(NoveltySpace space) => PhaseClassifier.FromTraining(
            Trainer.Fit(data, train, TrainingOptions.PaperBpsf with { MaxEpochs = 150, ClassWeights = ClassWeighting.Balanced, NoveltySpace = space }),
            data.Descriptor, CentreSelection.Parse("Zn"), data.ClassNames);
        return new Trained(data, test, Train(NoveltySpace.Hidden), Train(NoveltySpace.Descriptor));
    });

    /// <summary>Zn, N, C, H at uniformly random positions in the first ZIF-4 frame's cell: the ZIF-4 composition
    /// (Zn(C3H3N2)2, 1:4:6:6) at the ZIF-4 density, without any structure.</summary>
    internal static Frame IdealGas(int seed) =>
        IdealGas(TrajectoryReader.ReadFirst(TestPaths.Data("md", "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz")), seed);

    /// <summary>The atoms of <paramref name="like"/> at uniformly random positions (seeded) in its cell: its composition
    /// and density without any structure.</summary>
    internal static Frame IdealGas(Frame like, int seed)
    {
        var rng = new Random(seed);
        var cell = like.Cell;
        var positions = like.Elements.Select(_ => cell.Origin + rng.NextDouble() * cell.A + rng.NextDouble() * cell.B + rng.NextDouble() * cell.C).ToArray();
        return new Frame(positions, [.. like.Elements], cell);
    }

    [Theory]
    [InlineData(NoveltySpace.Hidden)]
    [InlineData(NoveltySpace.Descriptor)]
    public void AnIdealGasIsUnknownAndHeldOutFramesOfTheTrainedRunsAreNot(NoveltySpace space)
    {
        var trained = Model.Value;
        var model = space == NoveltySpace.Hidden ? trained.Hidden : trained.Descriptor;
        Assert.Equal(space, model.Novelty!.Space);

        var gas = IdealGas(17);
        int zn = gas.IndicesOf(Element.Zn).Length;
        Assert.Equal(4 * zn, gas.IndicesOf(Element.N).Length);
        Assert.Equal(6 * zn, gas.IndicesOf(Element.C).Length);
        Assert.Equal(6 * zn, gas.IndicesOf(Element.H).Length);
        double gasUnknown = 0;
        for (int seed = 17; seed < 20; seed++)
        {
            var a = model.Classify(IdealGas(seed));
            gasUnknown += (double)a.UnknownCount() / a.Centres.Length / 3;
        }
        var heldOut = Evaluation.Run(model, trained.Data, trained.Test);
        output.WriteLine($"{space}: threshold {model.Novelty.Threshold:G4}; ideal gas {100 * gasUnknown:F1} % of {zn} Zn × 3 boxes unknown; held-out frames {100 * heldOut.UnknownFraction:F2} % of {trained.Test.Length} Zn unknown; held-out accuracy {heldOut.Metrics.Accuracy:F3}");
        Assert.True(gasUnknown >= 0.8, $"only {gasUnknown:P1} of the ideal-gas Zn are unknown");
        Assert.True(heldOut.UnknownFraction < 0.02, $"{heldOut.UnknownFraction:P2} of the held-out Zn are unknown");
    }
}
