namespace ZifPhase.Analysis;

/// <summary>A time series of one run: time (or step), fraction of the new phase, cell parameter c.</summary>
public sealed record TransitionSeries(string Name, double[] Time, double[] Fraction, double[] C);

/// <summary>
/// t0 of a transition (SPEC §5): the time at which the fraction of the new phase first reaches 0.5, by linear
/// interpolation between the two frames around the crossing; runs are aligned by shifting each to t − t0.
/// </summary>
public static class TransitionAlignment
{
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

    /// <summary>Each series shifted to t − t0 (series that never reach the level are left out and named).</summary>
    public static (IReadOnlyList<(TransitionSeries Series, double T0)> Aligned, IReadOnlyList<string> NeverReached) Align(IEnumerable<TransitionSeries> runs, double level = Level)
    {
        var aligned = new List<(TransitionSeries, double)>();
        var never = new List<string>();
        foreach (var r in runs)
        {
            if (T0(r.Time, r.Fraction, level) is { } t0)
                aligned.Add((r with { Time = r.Time.Select(t => t - t0).ToArray() }, t0));
            else never.Add(r.Name);
        }
        return (aligned, never);
    }
}
