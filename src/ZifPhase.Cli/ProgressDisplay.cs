using Spectre.Console;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Cli;

/// <summary>
/// Progress for frame loops over a file: a Spectre.Console bar on stderr (bytes of the file read, so the ETA
/// holds for gzip too) with frames/s, shown only on an interactive terminal.
/// </summary>
public static class ProgressDisplay
{
    public static int ForFile(CliContext context, TrajectoryFile file, string label, Action<Frame> perFrame)
    {
        int frames = 0;
        if (!context.ShowProgress || file.Length == 0)
        {
            foreach (var f in file.Frames)
            {
                perFrame(f);
                frames++;
            }
            return frames;
        }
        context.ErrConsole().Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape($"{label} {Path.GetFileName(file.Path)}"), maxValue: file.Length);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                foreach (var f in file.Frames)
                {
                    perFrame(f);
                    frames++;
                    task.Value = file.Position;
                    double rate = frames / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    task.Description = Markup.Escape($"{label} {Path.GetFileName(file.Path)}: {frames} frames, {rate:F1} frames/s");
                }
                task.Value = file.Length;
            });
        return frames;
    }
}
