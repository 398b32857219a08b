namespace ZifPhase.Tests.Cli;

/// <summary>A describe run killed with SIGKILL mid-run and continued with --resume gives the bytes of an
/// uninterrupted run: every checkpoint the journal records is in the file when the process dies.</summary>
public class DescribeResumeTests
{
    private static readonly string Transition = TestPaths.Data("md", "transition__ZIF-4-2x2x2_NPT300K_1bar_s7101.lammpstrj.gz");

    [Theory]
    [InlineData("part.npy")]
    [InlineData("part.csv")]
    public async Task AKilledDescribeResumesToTheSameBytes(string name)
    {
        var dir = TestPaths.NewTempDir();
        string[] Args(string output) => ["describe", Transition, "--preset", "paper-soap", "--frames", "0:61", "--threads", "1", "-o", output];
        var reference = Path.Combine(dir, "ref-" + name);
        var (refCode, _, refErr) = CliRunner.Run(Args(reference));
        Assert.True(refCode == 0, refErr);

        var output = Path.Combine(dir, name);
        using (var child = ChildCli.Start(Args(output)))
            await ChildCli.KillAfterFrames(child, output + ".resume", 3);
        Assert.False(File.Exists(output), "a killed run leaves no file under its final name");

        var (code, _, stderr) = CliRunner.Run([.. Args(output), "--resume"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        Assert.Equal([name, "ref-" + name], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }
}
