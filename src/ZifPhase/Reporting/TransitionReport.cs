using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ScottPlot;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>
/// What `analyze transition -o DIR` writes: transition_t0.csv (one row per run: its name, source (the fractions file), t0 — empty when
/// the fraction never reaches 0.5 — and its maximum fraction), transition.csv (every frame of every run: t, t − t0
/// — empty without a t0 —, fraction, c) and transition.png/svg (runs with a t0 aligned at t0, the title naming
/// each run left out for having none; when no run has one, the fractions against t, saying so).
/// </summary>
public static class TransitionReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A time with its unit at the precision used everywhere (plot legend, report): "0.73 ps", "1450 steps".</summary>
    public static string FormatTime(double t, string unit) =>
        unit == "ps" ? t.ToString("F2", Inv) + " ps" : t.ToString("F0", Inv) + " " + unit;

    /// <summary>One line saying that a run has no t0, naming the run and its maximum fraction.</summary>
    public static string NeverReached(TransitionRun run, string phase, string unit) =>
        $"{run.Name}: the fraction of {phase} never reaches {TransitionAlignment.Level.ToString(Inv)} (maximum {run.MaxFraction.ToString("F3", Inv)} at t = {FormatTime(run.TimeOfMax, unit)}): no t0 for this run";

    /// <summary>The JSON object `analyze transition --json` prints: the phase, the time unit and per run its name, file, t0 (null when never reached) and maximum fraction.</summary>
    public static JsonObject ToJson(TransitionResult result)
    {
        var (phase, unit, files, runs) = result;
        if (files.Count != runs.Count) throw new ArgumentException("one file per run");
        var list = new JsonArray();
        for (int i = 0; i < runs.Count; i++)
            list.Add(new JsonObject { ["run"] = runs[i].Name, ["file"] = files[i], ["t0"] = runs[i].T0, ["max_fraction"] = runs[i].MaxFraction });
        return new JsonObject { ["phase"] = phase, ["time_unit"] = unit, ["runs"] = list };
    }

    /// <summary>Writes transition_t0.csv, transition.csv and transition.png/svg (see the class summary) into <paramref name="dir"/>.</summary>
    public static void Write(TransitionResult result, string dir)
    {
        var (phase, unit, files, runs) = result;
        if (files.Count != runs.Count) throw new ArgumentException("one file per run");
        IO.OutputFolder.Create(dir);
        var summary = new StringBuilder("run,source,t0,max_fraction,time_of_max\n");
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            summary.Append(ReportText.CsvField(r.Name)).Append(',').Append(ReportText.CsvField(files[i])).Append(',')
                .Append(r.T0 is { } t0 ? t0.ToString("R", Inv) : "").Append(',')
                .Append(r.MaxFraction.ToString("R", Inv)).Append(',').Append(r.TimeOfMax.ToString("R", Inv)).Append('\n');
        }
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "transition_t0.csv"), summary.ToString());

        var csv = new StringBuilder("run,t,t_minus_t0,fraction,c\n");
        foreach (var r in runs)
            for (int i = 0; i < r.Series.Time.Length; i++)
                csv.Append(ReportText.CsvField(r.Name)).Append(',').Append(r.Series.Time[i].ToString("R", Inv)).Append(',')
                    .Append(r.T0 is { } t0 ? (r.Series.Time[i] - t0).ToString("R", Inv) : "").Append(',')
                    .Append(r.Series.Fraction[i].ToString("R", Inv)).Append(',').Append(r.Series.C[i].ToString("R", Inv)).Append('\n');
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "transition.csv"), csv.ToString());

        var aligned = runs.Where(r => r.Reached).Select(r => (r.Aligned!, r.T0!.Value)).ToList();
        // A run without t0 cannot be aligned: the figure says so rather than dropping it silently.
        var notShown = runs.Where(r => !r.Reached).Select(r => NotShown(r)).ToList();
        if (aligned.Count > 0) Plots.Transition(aligned, phase, unit, Path.Combine(dir, "transition"), notShown);
        else Unaligned(runs, phase, unit, Path.Combine(dir, "transition"));
    }

    /// <summary>Title note for a run left out of the aligned plot: "runC: never reaches 0.5 (maximum 0.31), not shown".</summary>
    public static string NotShown(TransitionRun run) =>
        $"{run.Name}: never reaches {TransitionAlignment.Level.ToString(Inv)} (maximum {run.MaxFraction.ToString("F2", Inv)}), not shown";

    /// <summary>Fractions against t (not aligned) when no run reaches 0.5.</summary>
    private static void Unaligned(IReadOnlyList<TransitionRun> runs, string phase, string unit, string basePath)
    {
        var plot = new Plot();
        for (int r = 0; r < runs.Count; r++)
        {
            var f = plot.Add.Scatter(runs[r].Series.Time, runs[r].Series.Fraction);
            f.Color = Color.FromHex(PhasePalette.SeriesOf(r)); // runs are not phases
            f.MarkerSize = 3;
            f.LegendText = $"{runs[r].Name} (no t0: maximum {runs[r].MaxFraction.ToString("F2", Inv)})";
        }
        var half = plot.Add.HorizontalLine(TransitionAlignment.Level);
        half.Color = Colors.Gray;
        half.LinePattern = LinePattern.Dotted;
        plot.Axes.SetLimitsY(0, 1);
        plot.YLabel($"fraction of {phase}");
        plot.XLabel($"t ({unit})");
        plot.Title($"{phase}: the fraction never reaches 0.5 (no t0, not aligned)");
        plot.ShowLegend(Alignment.UpperLeft);
        Plots.Save(plot, basePath, 1000, 620);
    }
}
