using ZifPhase.Structures;
using System.Globalization;
using System.Text;
using ZifPhase.Analysis;
using ZifPhase.Learning;

namespace ZifPhase.Reporting;

/// <summary>What `predict` writes: one CSV row per feature row.</summary>
public static class PredictionReport
{
    /// <summary>
    /// The CSV of an answer on feature rows: <c>row,phase,p_&lt;class&gt;...,spread,novelty</c>, row being the row of
    /// the feature matrix and phase the most probable class or "unknown" (novelty detector; no probability
    /// threshold here). Reals in shortest round-trip form.
    /// </summary>
    public static string Csv(PhaseAssignment assignment)
    {
        var rows = assignment.Rows ?? throw new ArgumentException("predict reports an answer on feature rows, not on a frame", nameof(assignment));
        var sb = new StringBuilder();
        sb.Append("row,phase");
        foreach (var c in ColumnNames.Identifiers(assignment.Classes)) sb.Append(",p_").Append(c);
        sb.Append(",spread,novelty\n");
        var inv = CultureInfo.InvariantCulture;
        for (int r = 0; r < assignment.Count; r++)
        {
            sb.Append(rows[r].ToString(inv)).Append(',').Append(PhaseLabels.LabelOf(assignment, r, 0));
            foreach (var p in assignment.Row(r)) sb.Append(',').Append(p.ToString("R", inv));
            sb.Append(',').Append(assignment.Spread[r].ToString("R", inv)).Append(',').Append(assignment.Novelty[r].ToString("R", inv));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
