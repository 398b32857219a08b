using System.Diagnostics;

namespace ZifPhase.Tests.Cli;

/// <summary>The CLI run as a child process, to be killed mid-run (SIGKILL) as a scheduler or a user would.</summary>
internal static class ChildCli
{
    /// <summary>The built zifphase.dll of this configuration.</summary>
    public static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(TestPaths.RepoRoot, "src", "ZifPhase.Cli", "bin", configuration, "net10.0", "zifphase.dll");
        Assert.True(File.Exists(dll), $"build the CLI first: {dll}");
        return dll;
    }

    /// <summary>Starts <c>zifphase ARGS</c> as a child process.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Dll());
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Frames a resume journal lists as done (0 when there is none yet).</summary>
    public static int FramesIn(string journal) => File.Exists(journal) ? Math.Max(0, File.ReadAllLines(journal).Length - 2) : 0;

    /// <summary>Kills <paramref name="child"/> (SIGKILL) once its journal lists <paramref name="frames"/> frames;
    /// <paramref name="step"/> runs while waiting (e.g. to grow a followed file).</summary>
    public static async Task KillAfterFrames(Process child, string journal, int frames, Action<int>? step = null)
    {
        // Polled on a thread of its own: under a full parallel test run the thread pool can be busy long enough for
        // the child to finish before a pool-scheduled poll sees its journal.
        await Task.Factory.StartNew(() =>
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                int done = FramesIn(journal);
                if (done >= frames) break;
                Assert.False(child.HasExited, "the run ended before it could be killed");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the run did not progress");
                step?.Invoke(done);
                Thread.Sleep(10);
            }
            child.Kill(entireProcessTree: true);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await child.WaitForExitAsync();
    }
}
