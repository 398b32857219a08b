using ZifPhase.Learning;
using ZifPhase.Structures;

namespace ZifPhase.Analysis;

/// <summary>
/// Per-atom phase labels carried by a labelled trajectory: a String column <c>phase</c> (the most probable class
/// of each centre; empty for atoms that are not centres, written "_" in text formats) and one Real column
/// <c>p_&lt;class&gt;</c> per class (0 for non-centres), &lt;class&gt; written as an identifier
/// (<see cref="Reporting.ColumnNames.Identifier"/>: p_ZIF_4_cp), a Properties name ASE and OVITO keep. OVITO and ASE read both.
/// </summary>
public static class PhaseLabels
{
    public const string PhaseColumn = "phase";
    public const string ProbabilityPrefix = "p_";
    /// <summary>Label of a centre whose highest probability is below the threshold, when one is applied.</summary>
    public const string Uncertain = "uncertain";

    /// <summary>The frame with <c>phase</c> and <c>p_*</c> columns added from a classification.</summary>
    public static Frame Attach(Frame frame, PhaseAssignment assignment, double threshold = 0)
    {
        int n = frame.AtomCount, k = assignment.Classes.Count;
        var phase = new string[n];
        Array.Fill(phase, "");
        var p = new double[k][];
        for (int c = 0; c < k; c++) p[c] = new double[n];
        for (int i = 0; i < assignment.Centres.Length; i++)
        {
            int atom = assignment.Centres[i];
            var row = assignment.Row(i);
            phase[atom] = assignment.MaxProbability(i) < threshold ? Uncertain : assignment.Classes[assignment.Label(i)];
            for (int c = 0; c < k; c++) p[c][atom] = row[c];
        }
        var ids = Reporting.ColumnNames.Identifiers(assignment.Classes);
        var columns = new List<AtomColumn> { new AtomColumn<string>(PhaseColumn, phase) };
        for (int c = 0; c < k; c++) columns.Add(new AtomColumn<double>(ProbabilityPrefix + ids[c], p[c]));
        return frame.WithColumns(columns);
    }

    /// <summary>Phase label per atom from a labelled frame (null for atoms without one).</summary>
    public static string?[] Read(Frame frame)
    {
        var column = frame.Column(PhaseColumn)
            ?? throw new InputException(frame.Source, frame.Index, null, $"no per-atom '{PhaseColumn}' column: classify the trajectory first (zifphase classify ... -o LABELLED.extxyz)");
        var labels = new string?[frame.AtomCount];
        for (int i = 0; i < labels.Length; i++)
        {
            var text = column.Format(i, 0);
            labels[i] = text is "" or "_" ? null : text;
        }
        return labels;
    }
}
