using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using ZifPhase.Analysis;
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

    /// <summary>Runs <paramref name="perFrame"/> on every frame; it returns how many items (e.g. centres) the frame held.
    /// <paramref name="status"/>, when given, adds to the progress line (classify: ", 0.3 % unknown").</summary>
    public static (int Frames, long Items) ForFile(CliContext context, TrajectoryFile file, string label, string? itemName, Func<Frame, int> perFrame,
        CancellationToken cancel = default, Func<string>? status = null)
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
                        $"{label} {name}: {frames} frames, {frames / seconds:F1} frames/s{(itemName is null ? "" : $", {items / seconds:N0} {itemName}/s")}{status?.Invoke()}");
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

    /// <summary>Shortest time between two status lines of <see cref="Follow"/> when stderr is not a terminal.</summary>
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Status of classify --follow, whose input has no known end: the current frame, its phase fractions and the
    /// rate. On a terminal a live table (Spectre.Console) redrawn after every frame; otherwise one line per frame,
    /// at most one a second (the last frame's always). <paramref name="perFrame"/> returns the frame's fractions,
    /// or null for a frame it skipped.
    /// </summary>
    public static int Follow(CliContext context, TrajectoryFile file, Func<Frame, PhaseFractions?> perFrame, CancellationToken cancel = default)
    {
        int frames = 0;
        long centres = 0;
        var clock = Stopwatch.StartNew();
        var name = Path.GetFileName(file.Path);
        using var enumerator = file.Frames.GetEnumerator();
        PhaseFractions? Next()
        {
            while (!cancel.IsCancellationRequested && enumerator.MoveNext())
            {
                if (perFrame(enumerator.Current) is not { } row) continue;
                frames++;
                centres += row.Centres;
                return row;
            }
            return null;
        }
        string Rate()
        {
            double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            return string.Create(CultureInfo.InvariantCulture, $"{frames} frames, {frames / seconds:F2} frames/s, {centres / seconds:N0} Zn/s");
        }

        if (context.ShowProgress)
        {
            PhaseFractions? first = Next();
            if (first is null) return frames;
            context.ErrConsole().Live(FollowTable(name, first, Rate())).AutoClear(false).Start(live =>
            {
                while (Next() is { } row)
                {
                    live.UpdateTarget(FollowTable(name, row, Rate()));
                    live.Refresh();
                }
            });
            return frames;
        }

        var lastLine = TimeSpan.MinValue;
        PhaseFractions? unreported = null;
        while (Next() is { } row)
        {
            if (lastLine != TimeSpan.MinValue && clock.Elapsed - lastLine < LineInterval)
            {
                unreported = row;
                continue;
            }
            context.Err.WriteLine(FollowLine(name, row, Rate()));
            lastLine = clock.Elapsed;
            unreported = null;
        }
        if (unreported is not null) context.Err.WriteLine(FollowLine(name, unreported, Rate()));
        return frames;
    }

    /// <summary>"following md.lammpstrj: frame 12, step 3000: ZIF-4 0.844, glass 0.156, uncertain 0.000, unknown 0.000; 13 frames, 2.10 frames/s, 134 Zn/s".</summary>
    public static string FollowLine(string name, PhaseFractions row, string rate)
    {
        var inv = CultureInfo.InvariantCulture;
        var phases = string.Join(", ", row.Classes.Select((c, k) => string.Create(inv, $"{c} {row.Fractions[k]:F3}")));
        return string.Create(inv, $"following {name}: frame {row.Frame}, step {row.Step}: {phases}, uncertain {row.FractionUncertain:F3}, unknown {row.FractionUnknown:F3}; {rate}");
    }

    private static Table FollowTable(string name, PhaseFractions row, string rate)
    {
        const int width = 40;
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(string.Create(inv, $"following {name}: frame {row.Frame}, step {row.Step}")))
            .Caption(Markup.Escape(rate))
            .AddColumn("phase").AddColumn(new TableColumn("fraction").RightAligned()).AddColumn("");
        void Add(string phase, double f) =>
            table.AddRow(Markup.Escape(phase), f.ToString("F3", inv), new string('█', (int)Math.Round(f * width)));
        for (int k = 0; k < row.Classes.Count; k++) Add(row.Classes[k], row.Fractions[k]);
        Add("uncertain", row.FractionUncertain);
        Add("unknown", row.FractionUnknown);
        return table;
    }
}
