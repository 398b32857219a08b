namespace ZifPhase.Analysis;

/// <summary>A time series of one run: time (or step), fraction of the new phase, cell parameter c.</summary>
public sealed record TransitionSeries(string Name, double[] Time, double[] Fraction, double[] C);

/// <summary>
/// One run's answer, in the order the runs were given: its t0 (null when the fraction never reaches the level),
/// the highest fraction it reaches and when, and the series shifted to t − t0 (null without a t0).
/// </summary>
public sealed record TransitionRun(TransitionSeries Series, double? T0, double MaxFraction, double TimeOfMax, TransitionSeries? Aligned)
{
    /// <summary>The run's name.</summary>
    public string Name => Series.Name;
    /// <summary>Whether the fraction reaches <see cref="TransitionAlignment.Level"/> (the run has a t0).</summary>
    public bool Reached => T0 is not null;
}

/// <summary>
/// `analyze transition`'s answer: the phase, the time unit ("ps", or "steps" when a file has neither a time column
/// nor a step length), the fractions files and per file its run, in the order given.
/// </summary>
public sealed record TransitionResult(string Phase, string TimeUnit, IReadOnlyList<string> Files, IReadOnlyList<TransitionRun> Runs);

/// <summary>
/// t0 of a transition (SPEC §5): the time at which the fraction of the new phase first reaches 0.5, by linear
/// interpolation between the two frames around the crossing; runs are aligned by shifting each to t − t0.
/// </summary>
public static class TransitionAlignment
{
    /// <summary>The fraction whose first crossing defines t0 (0.5).</summary>
    public const double Level = 0.5;

    /// <summary>t0, or null when the fraction never reaches the level. A first frame already at or above it gives its time.</summary>
    public static double? T0(ReadOnlySpan<double> time, ReadOnlySpan<double> fraction, double level = Level)
    {
        if (time.Length != fraction.Length) throw new ArgumentException("time and fraction differ in length");
        for (int i = 0; i < time.Length; i++)
        {
            if (fraction[i] < level) continue;
            if (i == 0) return time[0];
            double f0 = fraction[i - 1], f1 = fraction[i];
            return time[i - 1] + (level - f0) / (f1 - f0) * (time[i] - time[i - 1]);
        }
        return null;
    }

    /// <summary>
    /// Every run with its own t0 and maximum fraction, in the order given (runs are matched by position, never
    /// by name, so two runs with the same name keep their own t0).
    /// </summary>
    public static IReadOnlyList<TransitionRun> Analyse(IEnumerable<TransitionSeries> runs, double level = Level)
    {
        var result = new List<TransitionRun>();
        foreach (var r in runs)
        {
            double max = double.NegativeInfinity, tMax = double.NaN;
            for (int i = 0; i < r.Fraction.Length; i++)
                if (r.Fraction[i] > max) (max, tMax) = (r.Fraction[i], r.Time[i]);
            var t0 = T0(r.Time, r.Fraction, level);
            result.Add(new TransitionRun(r, t0, max, tMax, t0 is { } t ? r with { Time = r.Time.Select(x => x - t).ToArray() } : null));
        }
        return result;
    }

    /// <summary>Each series shifted to t − t0 (series that never reach the level are left out and named).</summary>
    public static (IReadOnlyList<(TransitionSeries Series, double T0)> Aligned, IReadOnlyList<string> NeverReached) Align(IEnumerable<TransitionSeries> runs, double level = Level)
    {
        var all = Analyse(runs, level);
        return (all.Where(r => r.Reached).Select(r => (r.Aligned!, r.T0!.Value)).ToList(), all.Where(r => !r.Reached).Select(r => r.Name).ToList());
    }

    /// <summary>
    /// Distinct display names for runs read from <paramref name="paths"/>: each path relative to the deepest
    /// folder common to all of them, with '/' separators (runA/fractions.csv, runB/fractions.csv); a single
    /// file is named by its file name. A path given twice gets " (2)", " (3)" … after its name.
    /// </summary>
    public static string[] RunNames(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return [];
        var full = paths.Select(p => Path.GetFullPath(p)).ToArray();
        var dirs = full.Select(f => (Path.GetDirectoryName(f) ?? "").Split(Path.DirectorySeparatorChar, StringSplitOptions.None)).ToArray();
        int common = dirs.Min(d => d.Length);
        for (int k = 0; k < common; k++)
            if (dirs.Any(d => !string.Equals(d[k], dirs[0][k], StringComparison.Ordinal))) { common = k; break; }
        var names = full.Select((f, i) => string.Join('/', dirs[i].Skip(common).Append(Path.GetFileName(f)))).ToArray();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            int n = seen[names[i]] = seen.GetValueOrDefault(names[i]) + 1;
            if (n > 1) names[i] += $" ({n})";
        }
        return names;
    }
}
