using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Pipeline;
using ZifPhase.Structures;

namespace ZifPhase.Cli;

/// <summary>
/// Views of a <see cref="FrameRun"/>'s progress on stderr (the loop itself is the library's): a progress bar
/// (<see cref="RunProgressView"/>) and classify --follow's live status (<see cref="FollowView"/>).
/// </summary>
public static class ProgressDisplay
{

    /// <summary>Shortest time between two status lines of <see cref="FollowView"/> when stderr is not a terminal.</summary>
    internal static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    /// <summary>A progress bar view of a <see cref="FrameRun"/> (see <see cref="RunProgressView"/>).</summary>
    public static RunProgressView ForRun(CliContext context, string label, string? itemName, Func<string>? status = null) =>
        new(context, label, itemName, status);

    /// <summary>"following md.lammpstrj: frame 12, step 3000: ZIF-4 0.844, glass 0.156, uncertain 0.000, unknown 0.000; 13 frames, 2.10 frames/s, 134 Zn/s".</summary>
    public static string FollowLine(string name, PhaseFractions row, string rate)
    {
        var inv = CultureInfo.InvariantCulture;
        var phases = string.Join(", ", row.Classes.Select((c, k) => string.Create(inv, $"{c} {row.Fractions[k]:F3}")));
        return string.Create(inv, $"following {name}: frame {row.Frame}, step {row.Step}: {phases}, uncertain {row.FractionUncertain:F3}, unknown {row.FractionUnknown:F3}; {rate}");
    }

    internal static Table FollowTable(string name, PhaseFractions row, string rate)
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

    /// <summary>Runs <paramref name="render"/> (a Spectre.Console display's Start) on its own thread until
    /// <paramref name="stop"/> is set, so that a library loop can feed it from the calling thread.</summary>
    internal static Thread Background(Action<ManualResetEventSlim> render, ManualResetEventSlim stop)
    {
        var ready = new ManualResetEventSlim();
        Exception? failed = null;
        var thread = new Thread(() =>
        {
            try
            {
                render(ready);
            }
            catch (Exception e)
            {
                // not thrown on this thread (it would end the process): the caller sees it, or the display just stops
                failed = e;
                ready.Set();
            }
        }) { IsBackground = true, Name = "progress" };
        thread.Start();
        WaitHandle.WaitAny([ready.WaitHandle, stop.WaitHandle]);
        if (failed is not null) throw new InvalidOperationException("the progress display could not start", failed);
        return thread;
    }
}

/// <summary>
/// The progress of a <see cref="FrameRun"/> on stderr: per input, a Spectre.Console bar measured in bytes of the
/// file read (so the ETA holds for gzip too), with frames/s and a per-item rate (centres/s), shown only on an
/// interactive terminal and only once the input has been read for about a second. Dispose when the run ends.
/// </summary>
public sealed class RunProgressView(CliContext context, string label, string? itemName, Func<string>? status) : IProgress<RunProgress>, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _input = -1;
    private ProgressTask? _task;
    private Thread? _thread;
    private ManualResetEventSlim? _stop;

    /// <inheritdoc/>
    public void Report(RunProgress p)
    {
        if (!context.ShowProgress || p.Length <= 0) return;
        if (p.Input != _input)
        {
            Stop();
            _input = p.Input;
            _clock.Restart();
        }
        if (_task is null)
        {
            if (_clock.Elapsed <= Delay || p.InputDone) return;
            Begin(p);
        }
        if (_task is null) return;
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        var rate = string.Create(CultureInfo.InvariantCulture,
            $"{label} {Path.GetFileName(p.Path)}: {p.Frames} frames, {p.Frames / seconds:F1} frames/s{(itemName is null ? "" : $", {p.Items / seconds:N0} {itemName}/s")}{status?.Invoke()}");
        _task.Description = Markup.Escape(rate);
        _task.Value = p.InputDone ? p.Length : p.BytesRead;
    }

    private void Begin(RunProgress p)
    {
        var stop = _stop = new ManualResetEventSlim();
        var name = Path.GetFileName(p.Path);
        _thread = ProgressDisplay.Background(ready => context.ErrConsole().Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                _task = ctx.AddTask(Markup.Escape($"{label} {name}"), maxValue: p.Length);
                ready.Set();
                stop.Wait();
            }), stop);
    }

    private void Stop()
    {
        if (_thread is null) return;
        if (_task is not null) _task.Value = _task.MaxValue;
        _stop!.Set();
        _thread.Join();
        _stop.Dispose();
        _thread = null;
        _task = null;
    }

    /// <summary>Ends the display (the bar stays on screen).</summary>
    public void Dispose() => Stop();
}

/// <summary>
/// Status of classify --follow, whose input has no known end: the current frame, its phase fractions and the
/// rate. On a terminal a live table (Spectre.Console) redrawn after every frame; otherwise one line per frame,
/// at most one a second (the last frame's always, when disposed). Feed it with <see cref="Show"/>.
/// </summary>
public sealed class FollowView(CliContext context, string path) : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _name = Path.GetFileName(path);
    private int _frames;
    private long _centres;
    private TimeSpan _lastLine = TimeSpan.MinValue;
    private PhaseFractions? _unreported;
    private Thread? _thread;
    private ManualResetEventSlim? _stop;
    private LiveDisplayContext? _live;

    private string Rate()
    {
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        return string.Create(CultureInfo.InvariantCulture, $"{_frames} frames, {_frames / seconds:F2} frames/s, {_centres / seconds:N0} Zn/s");
    }

    /// <summary>Shows a frame's fractions.</summary>
    public void Show(PhaseFractions row)
    {
        _frames++;
        _centres += row.Centres;
        if (context.ShowProgress)
        {
            if (_live is null)
            {
                var stop = _stop = new ManualResetEventSlim();
                var first = ProgressDisplay.FollowTable(_name, row, Rate());
                _thread = ProgressDisplay.Background(ready => context.ErrConsole().Live(first).AutoClear(false).Start(live =>
                {
                    _live = live;
                    ready.Set();
                    stop.Wait();
                }), stop);
                return;
            }
            _live.UpdateTarget(ProgressDisplay.FollowTable(_name, row, Rate()));
            _live.Refresh();
            return;
        }
        if (_lastLine != TimeSpan.MinValue && _clock.Elapsed - _lastLine < ProgressDisplay.LineInterval)
        {
            _unreported = row;
            return;
        }
        context.Err.WriteLine(ProgressDisplay.FollowLine(_name, row, Rate()));
        _lastLine = _clock.Elapsed;
        _unreported = null;
    }

    /// <summary>Prints the last frame's line if it was held back; ends the live table.</summary>
    public void Dispose()
    {
        if (_unreported is not null) context.Err.WriteLine(ProgressDisplay.FollowLine(_name, _unreported, Rate()));
        _unreported = null;
        if (_thread is null) return;
        _stop!.Set();
        _thread.Join();
        _stop.Dispose();
        _thread = null;
    }
}
