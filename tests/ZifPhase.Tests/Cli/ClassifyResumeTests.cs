namespace ZifPhase.Tests.Cli;

/// <summary>A classify run killed with SIGKILL and continued with --resume gives the files of an uninterrupted run.</summary>
public class ClassifyResumeTests
{
    [Fact]
    public async Task KilledRunResumesToTheSameBytes()
    {
        var dir = TestPaths.NewTempDir();
        var model = ClassifyCommandTestsAccess.Model;
        var source = File.ReadAllText(ClassifyCommandTestsAccess.MixedTrajectory(dir));
        var frames = source.Split("ITEM: TIME\n", StringSplitOptions.RemoveEmptyEntries).Select(t => "ITEM: TIME\n" + t).ToArray();
        var traj = Path.Combine(dir, "run.lammpstrj");

        // The reference: one uninterrupted run over the complete file.
        File.WriteAllText(traj, source);
        Assert.Equal(0, CliRunner.Run("classify", model, traj, "-o", Path.Combine(dir, "ref.extxyz"), "--fractions", Path.Combine(dir, "ref.csv")).Code);

        // A run that follows the file as it grows, killed after three frames.
        File.WriteAllText(traj, frames[0]);
        string labelled = Path.Combine(dir, "out.extxyz"), csv = Path.Combine(dir, "out.csv");
        using var child = ChildCli.Start("classify", model, traj, "--follow", "--idle-timeout", "60", "-o", labelled, "--fractions", csv);
        var journal = labelled + ".resume";
        int written = 1;
        await ChildCli.KillAfterFrames(child, journal, 3, done =>
        {
            if (done >= written && written < frames.Length)
                File.AppendAllText(traj, frames[written++]);
        });
        Assert.False(File.Exists(labelled), "a killed run leaves no file under its final name");
        Assert.True(File.Exists(labelled + ".tmp") && File.Exists(journal));

        // The MD finished meanwhile; resume on the complete file.
        File.WriteAllText(traj, source);
        var (code, _, stderr) = CliRunner.Run("classify", model, traj, "-o", labelled, "--fractions", csv, "--resume");
        Assert.True(code == 0, stderr);
        // The final line tells the resumed frames apart; unknown counts, not journaled, cover this run's centres only.
        Assert.Matches(@"classified \d+ frame\(s\) \(\d+ by the interrupted run\)", stderr);
        if (stderr.Contains("unknown", StringComparison.Ordinal)) Assert.Contains("centres classified in this run unknown", stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "ref.extxyz")), File.ReadAllBytes(labelled));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "ref.csv")), File.ReadAllBytes(csv));
        Assert.False(File.Exists(journal));

        // Nothing left to resume, and other arguments are refused.
        var (again, _, againErr) = CliRunner.Run("classify", model, traj, "-o", labelled, "--fractions", csv, "--resume");
        Assert.Equal(1, again);
        Assert.Contains("nothing to resume", againErr);
    }
}
