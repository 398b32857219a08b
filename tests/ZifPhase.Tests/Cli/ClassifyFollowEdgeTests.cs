using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ZifPhase.Tests.Cli;

/// <summary>
/// classify --follow at its edges: a run that fails before any frame leaves no output, a file that does not exist
/// yet is waited for, and an interrupted run (SIGTERM, Ctrl-C) says it was interrupted instead of blaming the file.
/// </summary>
public class ClassifyFollowEdgeTests
{
    private static string Model => ClassifyCommandTestsAccess.Model;

    private static string[] FrameTexts(string dir) =>
        File.ReadAllText(ClassifyCommandTestsAccess.MixedTrajectory(dir))
            .Split("ITEM: TIME\n", StringSplitOptions.RemoveEmptyEntries).Select(t => "ITEM: TIME\n" + t).ToArray();

    /// <summary>The names of the files in <paramref name="dir"/>, sorted.</summary>
    private static string[] FilesIn(string dir) => [.. Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>A two-atom dump with a type column and no element column: frame 0's first atom line is line 10.</summary>
    private const string TypeOnlyDump =
        "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type x y z\n1 1 0 0 0\n2 2 1 1 1\n";

    [Fact]
    public void FollowOfAFileThatNeverAppearsFailsAfterTheIdleTimeoutAndLeavesNothing()
    {
        var dir = TestPaths.NewTempDir();
        var missing = Path.Combine(dir, "missing.lammpstrj");
        var (code, _, stderr) = CliRunner.Run("classify", Model, missing, "--follow", "--idle-timeout", "1",
            "-o", Path.Combine(dir, "labelled.extxyz"), "--fractions", Path.Combine(dir, "fractions.csv"));
        Assert.Equal(1, code);
        Assert.Equal($"zifphase: error: {missing}: no such file: it did not appear within --idle-timeout (1 s)\n", stderr);
        Assert.Empty(FilesIn(dir));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AMissingTypeMapFailsBeforeAnyFrameNamingTheFirstAtomLineAndLeavesNothing(bool follow)
    {
        var dir = TestPaths.NewTempDir();
        var dump = Path.Combine(dir, "types.lammpstrj");
        File.WriteAllText(dump, TypeOnlyDump);
        string[] args = ["classify", Model, dump, "-o", Path.Combine(dir, "labelled.extxyz"), "--fractions", Path.Combine(dir, "fractions.csv")];
        var (code, _, stderr) = CliRunner.Run(follow ? [.. args, "--follow", "--idle-timeout", "1"] : args);
        Assert.Equal(1, code);
        Assert.Equal($"zifphase: error: {dump}, frame 0, line 10: the dump has no element column, so atom type 1 needs an element; " +
            "say which element each type is, e.g. --types 1=Zn,2=N,3=C,4=H\n", stderr);
        Assert.Equal(["types.lammpstrj"], FilesIn(dir));
    }

    [Fact]
    public void AnEarlierFractionsCsvIsLeftAsItWasByAFollowThatFailsBeforeAnyFrame()
    {
        var dir = TestPaths.NewTempDir();
        var dump = Path.Combine(dir, "types.lammpstrj");
        File.WriteAllText(dump, TypeOnlyDump);
        var csv = Path.Combine(dir, "fractions.csv");
        File.WriteAllText(csv, "earlier run\n");
        var (code, _, _) = CliRunner.Run("classify", Model, dump, "--follow", "--idle-timeout", "1", "--fractions", csv);
        Assert.Equal(1, code);
        Assert.Equal("earlier run\n", File.ReadAllText(csv));
    }

    [Fact]
    public void ATypeMissingFromTheMapIsNamedWithItsAtomLine()
    {
        var dir = TestPaths.NewTempDir();
        var dump = Path.Combine(dir, "types.lammpstrj");
        File.WriteAllText(dump, TypeOnlyDump);
        var (code, _, stderr) = CliRunner.Run("convert", dump, Path.Combine(dir, "out.extxyz"), "--types", "1=Zn");
        Assert.Equal(1, code);
        Assert.StartsWith($"zifphase: error: {dump}, frame 0, line 11: atom type 2 has no element in the type map '1=Zn'", stderr);
    }

    [Fact]
    public async Task FollowWaitsForAFileThatAppearsLater()
    {
        var dir = TestPaths.NewTempDir();
        var source = string.Concat(FrameTexts(dir));
        var later = Path.Combine(dir, "later.lammpstrj");
        var csv = Path.Combine(dir, "later.csv");
        // The "MD" writes its first dump a little after classify has started (the README's plain-file recipe).
        var writer = new Thread(() =>
        {
            Thread.Sleep(300);
            File.WriteAllText(later, source);
        }) { IsBackground = true };
        writer.Start();
        var (code, _, stderr) = await Task.Run(() => CliRunner.Run("classify", Model, later, "--follow", "--idle-timeout", "5", "--fractions", csv));
        writer.Join();
        Assert.True(code == 0, stderr);
        Assert.Equal([0L, 100, 200, 300, 400, 500], ZifPhase.Reporting.FractionsCsv.Read(csv).Select(r => r.Step));
        Assert.Contains($"classified 6 frame(s); wrote {csv}\n", stderr);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "sigaction")]
    private static extern int SigAction(int signal, IntPtr action, IntPtr old);

    [DllImport("libc", EntryPoint = "signal")]
    private static extern IntPtr SetSignal(int signal, IntPtr handler);

    private static readonly IntPtr SigIgn = 1, SigDfl = 0;

    /// <summary>
    /// Whether this process ignores SIGINT: a test host started as a background job of a shell without job control
    /// (`dotnet test &amp;` in a script) inherits SIGINT ignored, passes that on to every child it starts, and a child
    /// that ignores SIGINT cannot be interrupted with it. Reads sa_handler, the first field of struct sigaction.
    /// </summary>
    private static bool SigintIgnored()
    {
        var old = Marshal.AllocHGlobal(512);
        try
        {
            return SigAction(2, IntPtr.Zero, old) == 0 && Marshal.ReadIntPtr(old) == SigIgn;
        }
        finally
        {
            Marshal.FreeHGlobal(old);
        }
    }

    private static string CliDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(TestPaths.RepoRoot, "src", "ZifPhase.Cli", "bin", configuration, "net10.0", "zifphase.dll");
        Assert.True(File.Exists(dll), $"build the CLI first: {dll}");
        return dll;
    }

    /// <summary>
    /// A followed run stopped by SIGTERM (a batch system) or SIGINT (Ctrl-C) while the next frame is half written:
    /// every complete frame is written, the line says the run was interrupted, and the file is not blamed.
    /// </summary>
    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(2)] // SIGINT
    public async Task AnInterruptedFollowSaysSoAndKeepsEveryCompleteFrame(int signal)
    {
        Assert.True(OperatingSystem.IsLinux(), "signals are tested on Linux, where CI runs");
        var dir = TestPaths.NewTempDir();
        var frames = FrameTexts(dir);
        var traj = Path.Combine(dir, "live.lammpstrj");
        // Three complete frames and half of the fourth: the MD is still writing it.
        File.WriteAllText(traj, frames[0] + frames[1] + frames[2] + frames[3][..(frames[3].Length / 2)]);
        string labelled = Path.Combine(dir, "labelled.extxyz"), csv = Path.Combine(dir, "fractions.csv");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { CliDll(), "classify", Model, traj, "--follow", "--idle-timeout", "300", "-o", labelled, "--fractions", csv })
            start.ArgumentList.Add(a);
        // The child gets SIGINT's default disposition even where this host inherited it ignored (see SigintIgnored);
        // the host's own disposition is put back at once.
        bool ignored = signal == 2 && SigintIgnored();
        if (ignored) SetSignal(2, SigDfl);
        Process child;
        try
        {
            child = Process.Start(start)!;
        }
        finally
        {
            if (ignored) SetSignal(2, SigIgn);
        }
        using var _ = child;
        var stderrTask = child.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (LinesNow(csv) < 4)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120) && !child.HasExited, "the followed run did not classify the complete frames");
            await Task.Delay(20);
        }
        Assert.Equal(0, kill(child.Id, signal));
        var exited = child.WaitForExitAsync();
        Assert.True(await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(120))) == exited, "classify did not stop after the signal");
        var stderr = await stderrTask;
        Assert.True(child.ExitCode == 0, stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("following ", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"zifphase: interrupted: classified 3 frame(s) of {traj}; wrote {labelled}; wrote {csv}"], lines);
        Assert.Equal([0L, 100, 200], ZifPhase.Reporting.FractionsCsv.Read(csv).Select(r => r.Step));
        Assert.Equal(["fractions.csv", "labelled.extxyz", "live.lammpstrj", "mixed.lammpstrj"], FilesIn(dir));
    }

    /// <summary>Number of lines of a file another process is writing (0 while it does not exist).</summary>
    internal static int LinesNow(string path)
    {
        if (!File.Exists(path)) return 0;
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var r = new StreamReader(s);
        return r.ReadToEnd().Count(c => c == '\n');
    }
}
