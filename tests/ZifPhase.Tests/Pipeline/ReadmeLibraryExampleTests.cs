using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;

namespace ZifPhase.Tests.Pipeline;

/// <summary>README's "Library" example, as written there, on a shipped ZIF-4 run.</summary>
public class ReadmeLibraryExampleTests
{
    [Fact]
    public void ClassifyingATrajectoryFromCodeLabelsEveryZnOfEveryFrame()
    {
        var dir = TestPaths.NewTempDir();
        var run = TestPaths.Data("md", "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz");
        string labelled = Path.Combine(dir, "labelled.extxyz"), fractions = Path.Combine(dir, "fractions.csv");

        var model = ModelFile.Load(ShippedModels.Resolve("paper-bpsf"));
        var source = FrameSource.Of(run, new ReadOptions { Types = TypeMap.Parse("1=Zn,2=N,3=C,4=H"), Frames = FrameRange.Parse("0:3") });
        var result = FrameRun.ToEnd(source, new ClassifyStage(model, 0.5, labelled, fractions));

        int zn = TrajectoryReader.ReadFirst(run, new ReadOptions { Types = TypeMap.Parse("1=Zn,2=N,3=C,4=H") }).IndicesOf(ZifPhase.Structures.Element.Zn).Length;
        Assert.Equal(3, result.Frames);
        Assert.Equal(3L * zn, result.Items);
        Assert.Equal(4, File.ReadAllLines(fractions).Length); // header + one row per frame
        Assert.Equal(3, TrajectoryReader.Read(labelled).Count());
    }
}
