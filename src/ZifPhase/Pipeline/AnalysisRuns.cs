using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Reporting;
using ZifPhase.Structures;

namespace ZifPhase.Pipeline;

/// <summary>
/// The `analyze` commands as library calls, each returning its typed result: the network of a file's first frame,
/// the four-membered rings and the target-phase clusters of a trajectory, the transition t0 of fractions files.
/// The commands parse their options, call these and print; `demo` calls them too. The reports in
/// <c>Reporting</c> (NetworkReport, RingReport, ClusterReport, TransitionReport) write their files and JSON.
/// </summary>
public static class AnalysisRuns
{
    /// <summary>analyze network: the bonded Zn–Zn network of <paramref name="path"/>'s first frame.</summary>
    public static ZnNetwork Network(string path, ReadOptions read, TrajectoryFormat? format, NetworkOptions network) =>
        ZnNetwork.Build(TrajectoryReader.ReadFirst(path, read, format), network);

    /// <summary>
    /// analyze rings: every four-membered ring of every selected frame, with the φa histograms (all rings and, with
    /// a <paramref name="target"/>, one per number of target Zn in a ring), labels read from the frame or from
    /// <paramref name="labelsPath"/>.
    /// </summary>
    public static RingsResult Rings(string path, string? labelsPath, string? target, ReadOptions read, TrajectoryFormat? format, NetworkOptions network, double binWidth)
    {
        using var stage = new RingsStage(labelsPath, target, read, network);
        FrameRun.ToEnd(FrameSource.Of(path, read, format), stage);
        var rows = stage.Rings;
        return new RingsResult(path, target, stage.Frames, stage.ZnTotal, [.. rows], binWidth,
            FourRings.Histogram(rows.Select(r => r.PhiA), binWidth),
            target is null ? null : FourRings.ByTargetCount(rows.Select(r => (r.PhiA, r.TargetCount)), binWidth));
    }

    /// <summary>analyze clusters: the clusters of <paramref name="target"/>-labelled Zn in every selected frame of every file, and ⟨l_i⟩ by size.</summary>
    public static PhaseClusterResult Clusters(IReadOnlyList<string> paths, string target, ReadOptions read, TrajectoryFormat? format, NetworkOptions network)
    {
        var analysis = new PhaseClusterAnalysis(target, network);
        var stage = new AnalysisStage<PhaseClusterResult>(analysis);
        FrameRun.ToEnd(new FrameSource(paths.Select(p => new FrameInput(p, read, format))), stage);
        analysis.RequireTargetSeen();
        return stage.Result();
    }

    /// <summary>
    /// analyze transition: per fractions file (from classify --fractions) the fraction of <paramref name="phase"/>
    /// against time, its t0 and maximum. Time is the file's time column when every row has one, else the step times
    /// <paramref name="psPerStep"/>, else the step (unit "steps"). Runs are named by <paramref name="names"/>, one per
    /// file, or by their paths relative to the folder common to all.
    /// </summary>
    public static TransitionResult Transition(IReadOnlyList<string> paths, string phase, double? psPerStep, IReadOnlyList<string>? names = null)
    {
        if (names is not null && names.Count != paths.Count) throw new ArgumentException("one name per file", nameof(names));
        var runNames = names ?? TransitionAlignment.RunNames(paths);
        var series = new List<TransitionSeries>();
        string timeUnit = "ps";
        for (int p = 0; p < paths.Count; p++)
        {
            var path = paths[p];
            var rows = FractionsCsv.Read(path);
            if (rows.Count == 0) throw new InputException(path, null, null, "holds no frame");
            if (rows[0].Fraction(phase) is null)
                throw new InputException(path, null, 1, $"{Phases.NotFound(phase, [.. FractionsCsv.Classes(rows[0]).Select(PhaseLabels.PhaseOf)])}: there is no column frac_{ColumnNames.Identifier(phase)}; give one of them with --phase");
            double[] time = rows.All(r => r.Time is not null) ? rows.Select(r => r.Time!.Value).ToArray()
                : psPerStep is { } d ? rows.Select(r => r.Step * d).ToArray()
                : rows.Select(r => (double)r.Step).ToArray();
            if (rows.Any(r => r.Time is null) && psPerStep is null) timeUnit = "steps";
            series.Add(new TransitionSeries(runNames[p], time,
                rows.Select(r => r.Fraction(phase)!.Value).ToArray(), rows.Select(r => r.C ?? double.NaN).ToArray()));
        }
        return new TransitionResult(phase, timeUnit, [.. paths], TransitionAlignment.Analyse(series));
    }
}
