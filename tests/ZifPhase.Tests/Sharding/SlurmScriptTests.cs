using System.Diagnostics;
using ZifPhase.Slurm;
using ZifPhase.Sharding;
using ZifPhase.Tests.Cli;

namespace ZifPhase.Tests.Sharding;

/// <summary>
/// The scripts `zifphase slurm` writes, checked without a cluster: their text, and a run of them by bash with
/// the variables Slurm sets (the real single-node Slurm run is tests/slurm/run_slurm_test.sh, in .ci/run).
/// </summary>
public class SlurmScriptTests
{
    private static readonly string Zif4 = TestPaths.Data("md", "ZIF-4__NVT300K_refcell_s4101.lammpstrj.gz");

    [Fact]
    public void DryRunPrintsAnArrayAndADependentMergeScript()
    {
        var dir = TestPaths.NewTempDir();
        var csv = Path.Combine(dir, "f.csv");
        var lab = Path.Combine(dir, "lab.extxyz");
        var r = CliRunner.Run("slurm", "--shards", "3", "-p", "short", "--time", "00:30:00", "--mem", "2G", "-c", "4", "--sbatch=--account=proj42",
            "--dry-run", "--", "classify", ClassifyCommandTests.ModelPath, Zif4, "-o", lab, "--fractions", csv);
        Assert.True(r.Code == 0, r.Err);
        var text = r.Out;
        foreach (var line in new[] { "#SBATCH --array=1-3", "#SBATCH --partition=short", "#SBATCH --time=00:30:00", "#SBATCH --mem=2G",
                     "#SBATCH --cpus-per-task=4", "#SBATCH --account=proj42", "#SBATCH --job-name=zifphase-classify", "#SBATCH --job-name=zifphase-classify-merge",
                     "--shard \"${SLURM_ARRAY_TASK_ID}/${shards}\" --shard-by blocks --threads \"${SLURM_CPUS_PER_TASK:-1}\" --resume",
                     "shards=\"${SLURM_ARRAY_TASK_COUNT:-$planned}\"" })
            Assert.Contains(line, text);
        Assert.Contains($"merge {ShardFiles.PartPath(lab, new Shard(1, 3))} {ShardFiles.PartPath(lab, new Shard(2, 3))} {ShardFiles.PartPath(lab, new Shard(3, 3))} -o {lab}", text);
        Assert.Contains($"merge {ShardFiles.PartPath(csv, new Shard(1, 3))}", text);
        Assert.False(Directory.Exists(lab + ".slurm")); // a dry run writes nothing
    }

    [Theory]
    [InlineData(new[] { "info", "x.dump" }, "cannot be sharded")]
    [InlineData(new[] { "describe", "x.dump", "--preset", "paper-bpsf", "-o", "a.npy", "--shard", "1/2" }, "must not have --shard")]
    [InlineData(new[] { "describe", "x.dump", "--preset", "paper-bpsf" }, "the command after --: Option '--output' is required")]
    public void CommandsThatCannotBeShardedAreRefused(string[] inner, string message)
    {
        var r = CliRunner.Run(["slurm", "-n", "2", "--dry-run", "--", .. inner]);
        Assert.Equal(1, r.Code);
        Assert.Contains(message, r.Err);
    }

    /// <summary>Each task of the array script, run with the variables Slurm sets (also as a re-run of one task), then the merge script.</summary>
    [Fact]
    public void TheScriptsRunUnderBashGiveTheSingleRunBytes()
    {
        if (!File.Exists("/bin/bash")) throw new InvalidOperationException("this test needs bash, which every Slurm node has");
        var dir = TestPaths.NewTempDir();
        var single = Path.Combine(dir, "single.h5");
        var target = Path.Combine(dir, "bpsf.h5");
        string[] describe = ["describe", Zif4, "--preset", "paper-bpsf", "--frames", "0:12"];
        Assert.Equal(0, CliRunner.Run([.. describe, "-o", single]).Code);
        var scriptDir = Path.Combine(dir, "jobs");
        var r = CliRunner.Run(["slurm", "-n", "3", "--dir", scriptDir, "--dry-run", "--", .. describe, "-o", target]);
        Assert.True(r.Code == 0, r.Err);
        // the dry run prints both scripts after a "# PATH" line each
        var text = r.Out;
        int mergeAt = text.IndexOf($"# {Path.Combine(scriptDir, "merge.sh")}", StringComparison.Ordinal);
        var array = text[(text.IndexOf('\n') + 1)..mergeAt];
        var merge = text[(text.IndexOf('\n', mergeAt) + 1)..];
        File.WriteAllText(Path.Combine(dir, "array.sh"), array);
        File.WriteAllText(Path.Combine(dir, "merge.sh"), merge);
        // tasks 1 and 3 as the full array, task 2 as a re-run of that task alone (an array of one)
        foreach (var (task, count) in new[] { (3, 3), (1, 3), (2, 1) })
            Bash(Path.Combine(dir, "array.sh"), new() { ["SLURM_ARRAY_TASK_ID"] = $"{task}", ["SLURM_ARRAY_TASK_COUNT"] = $"{count}", ["SLURM_CPUS_PER_TASK"] = "1" });
        Bash(Path.Combine(dir, "merge.sh"), []);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(target));
    }

    private static void Bash(string script, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("/bin/bash", [script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{script} failed ({p.ExitCode}): {output} {err.Result}");
    }

    [Fact]
    public void ScontrolLinesGiveTheStateOfEveryTask()
    {
        const string text = """
            JobId=15 ArrayJobId=12 ArrayTaskId=3-4 JobName=zifphase-describe UserId=root(0) JobState=PENDING Reason=Resources Dependency=(null) ExitCode=0:0 StdOut=/w/soap.npy.slurm/logs/shard-%a.out
            JobId=14 ArrayJobId=12 ArrayTaskId=2 JobName=zifphase-describe UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=1:0 StdOut=/w/soap.npy.slurm/logs/shard-2.out
            JobId=12 ArrayJobId=12 ArrayTaskId=1 JobName=zifphase-describe UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0 StdOut=/w/soap.npy.slurm/logs/shard-1.out

            """;
        var jobs = SlurmJobState.ParseAll(text);
        Assert.Equal(3, jobs.Count);
        Assert.Equal([3, 4], jobs[0].TaskIds());
        Assert.False(jobs[0].IsFinished);
        Assert.True(jobs[1].IsFailed);
        Assert.Equal("1:0", jobs[1].ExitCode);
        Assert.Equal([1], jobs[2].TaskIds());
        Assert.True(jobs[2].IsFinished && !jobs[2].IsFailed);
        Assert.Equal([1, 3, 5, 6, 7], new SlurmJobState("1", "1", "1,3-5:2,6-7%2", "PENDING", "", "", null).TaskIds().Distinct().Order());
    }
}
