using ZifPhase.Descriptors;
using ZifPhase.Learning;
using ZifPhase.Pipeline;

namespace ZifPhase.Tests.Learning;

/// <summary>The paper's BPSF classifier trained on the shipped nb-ZIF-FF MD of all seven phases (data/md).</summary>
public class RealDataTrainingTests
{
    [Fact]
    public void PaperBpsfOnHeldOutFramesOfTheShippedMd()
    {
        var manifest = DatasetManifest.Load(TestPaths.Data("manifests", "train-bpsf.toml"));
        var path = Path.Combine(TestPaths.NewTempDir(), "train.h5");
        var summary = DatasetBuilder.Build(manifest, path);
        Assert.Equal(15776, summary.Rows); // 5 crystals × 41 frames × 64 Zn + 4 glasses × 21 × 16 + 2 liquids × 41 × 16
        var data = Dataset.Load(path);
        var (train, test) = Split.ByFrame(data, 0.2, seed: 0);
        var result = Trainer.Fit(data.Features, data.Dimension, data.Labels, data.ClassNames.Count, train, TrainingOptions.PaperBpsf);
        var model = new PhaseClassifier(data.Descriptor, CentreSelection.Parse("Zn"), result.Scaler, result.Network, data.ClassNames);
        var m = Evaluation.OnRows(model, data, test);
        // Held-out whole frames: 0.889 with this seed. The bound 0.85 sits above the paper's Python pipeline on
        // independent runs (0.841) and below our figure by a margin for seed-to-seed scatter. The BPSF see only
        // Zn–Zn geometry, so the glass (kept at the ZIF-4 crystal density, MANIFEST.md) is confused with ZIF-4,
        // while the dense crystals are told apart by their Zn–Zn distances.
        Assert.True(m.Accuracy >= 0.85, $"held-out accuracy {m.Accuracy:F3}");
        double Recall(string phase) => m.PerClass.Single(c => c.Class == phase).Recall;
        Assert.True(Recall("ZIF-hPT-II") >= 0.99, $"hPT-II recall {Recall("ZIF-hPT-II"):F3}");
        Assert.True(Recall("ZIF-zni") >= 0.95, $"zni recall {Recall("ZIF-zni"):F3}");
        Assert.True(Recall("ZIF-4") >= 0.95, $"ZIF-4 recall {Recall("ZIF-4"):F3}");
    }
}
