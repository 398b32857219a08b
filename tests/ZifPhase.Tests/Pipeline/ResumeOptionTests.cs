using ZifPhase.Tests.Cli;
using ZifPhase.Tests.Learning.Data;

namespace ZifPhase.Tests.Pipeline;

/// <summary>describe and dataset build take --resume, with classify's journal and answers.</summary>
public class ResumeOptionTests
{
    private static readonly string Melt = TestPaths.Data("md", "transition__ZIF-4-to-dense_NPT300K_105MPa_s4201.lammpstrj.gz");

    [Fact]
    public void DescribeResumesNothingWithoutAJournalAndLeavesNoJournalAfterARun()
    {
        var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir, "f.npy");
        var none = CliRunner.Run("describe", Melt, "--preset", "paper-bpsf", "--frames", "0:3", "-o", output, "--resume");
        Assert.Equal(1, none.Code);
        Assert.Contains("f.npy.resume: nothing to resume", none.Err);
        Assert.Empty(Directory.GetFiles(dir));

        var run = CliRunner.Run("describe", Melt, "--preset", "paper-bpsf", "--frames", "0:3", "-o", output);
        Assert.True(run.Code == 0, run.Err);
        Assert.Equal([output], Directory.GetFiles(dir));
    }

    [Fact]
    public void DatasetBuildResumesNothingWithoutAJournal()
    {
        var dir = DatasetTestData.WriteThreeSources();
        var output = Path.Combine(dir, "set.h5");
        var none = CliRunner.Run("dataset", "build", Path.Combine(dir, "manifest.toml"), "-o", output, "--resume");
        Assert.Equal(1, none.Code);
        Assert.Contains("set.h5.resume: nothing to resume", none.Err);
        Assert.False(File.Exists(output));
    }
}
