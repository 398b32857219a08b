using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Cli;

/// <summary>
/// Progress for frame loops over a file: a Spectre.Console bar on stderr measured in bytes of the file read (so
/// the ETA holds for gzip too), with frames/s and a per-item rate (centres/s). Shown only on an interactive
/// terminal, and only once the work has run for about a second.
/// </summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="perFrame"/> on every frame; it returns how many items (e.g. centres) the frame held.</summary>
    public static (int Frames, long Items) ForFile(CliContext context, TrajectoryFile file, string label, string? itemName, Func<Frame, int> perFrame,
        CancellationToken cancel = default)
    {
        int frames = 0;
        long items = 0;
        var clock = Stopwatch.StartNew();
        using var enumerator = file.Frames.GetEnumerator();
        bool interactive = context.ShowProgress && file.Length > 0;
        while (!cancel.IsCancellationRequested && enumerator.MoveNext())
        {
            items += perFrame(enumerator.Current);
            frames++;
            if (interactive && clock.Elapsed > Delay) break;
        }
        if (!interactive || clock.Elapsed <= Delay || cancel.IsCancellationRequested) return (frames, items);

        context.ErrConsole().Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var name = Path.GetFileName(file.Path);
                var task = ctx.AddTask(Markup.Escape($"{label} {name}"), maxValue: file.Length);
                void Update()
                {
                    double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    var rate = string.Create(CultureInfo.InvariantCulture,
                        $"{label} {name}: {frames} frames, {frames / seconds:F1} frames/s{(itemName is null ? "" : $", {items / seconds:N0} {itemName}/s")}");
                    task.Description = Markup.Escape(rate);
                    task.Value = file.Position;
                }
                Update();
                while (!cancel.IsCancellationRequested && enumerator.MoveNext())
                {
                    items += perFrame(enumerator.Current);
                    frames++;
                    Update();
                }
                task.Value = file.Length;
            });
        return (frames, items);
    }
}
