using System.Globalization;
using System.Text;
using ZifPhase.Learning;

namespace ZifPhase.Reporting;

/// <summary>
/// Writes a cross-source table as cross.csv (trained_on, tested_on, accuracy, accuracy_ci_low, accuracy_ci_high,
/// balanced_accuracy, balanced_accuracy_ci_low, balanced_accuracy_ci_high, test_frames, test_rows; intervals: 95 %
/// bootstrap over frames), cross.md and cross.png/svg (per cell accuracy, its interval, balanced accuracy, frames and
/// rows tested; a colour bar fixed at 0–100 %).
/// </summary>
public static class CrossSourceReport
{
    /// <summary>Writes cross.csv, cross.md and cross.png/svg for <paramref name="table"/> into <paramref name="dir"/>, with <paramref name="title"/> as the figure's title.</summary>
    public static void Write(CrossSourceExperiment table, string dir, string title)
    {
        var csv = new StringBuilder("trained_on,tested_on,accuracy,accuracy_ci_low,accuracy_ci_high,balanced_accuracy,balanced_accuracy_ci_low,balanced_accuracy_ci_high,test_frames,test_rows\n");
        var md = new StringBuilder("| trained on \\ tested on | " + string.Join(" | ", table.TestedOn) + " |\n|---|" + string.Concat(table.TestedOn.Select(_ => "---:|")) + "\n");
        for (int i = 0; i < table.TrainedOn.Length; i++)
        {
            md.Append("| ").Append(table.TrainedOn[i]).Append(" |");
            for (int j = 0; j < table.TestedOn.Length; j++)
            {
                double a = table.Accuracy[i, j];
                var m = table.Cells[i, j];
                string R(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
                csv.Append(CultureInfo.InvariantCulture, $"{table.TrainedOn[i]},{table.TestedOn[j]},{R(a)},{R(m?.AccuracyInterval?.Low)},{R(m?.AccuracyInterval?.High)},{R(m?.BalancedAccuracy)},{R(m?.BalancedAccuracyInterval?.Low)},{R(m?.BalancedAccuracyInterval?.High)},{m?.Frames ?? 0},{table.Rows[i, j]}\n");
                md.Append(' ').Append(table.Cell(i, j)).Append(" |");
            }
            md.Append('\n');
        }
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "cross.csv"), csv.ToString());
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "cross.md"), md.ToString());
        var intervals = new ScoreInterval?[table.TrainedOn.Length, table.TestedOn.Length];
        var details = new string?[table.TrainedOn.Length, table.TestedOn.Length];
        for (int i = 0; i < table.TrainedOn.Length; i++)
        for (int j = 0; j < table.TestedOn.Length; j++)
        {
            intervals[i, j] = table.Cells[i, j]?.AccuracyInterval;
            details[i, j] = CellDetails(table.Cells[i, j], table.Rows[i, j]);
        }
        Plots.AccuracyGrid(table.TrainedOn, table.TestedOn, table.Accuracy, Path.Combine(dir, "cross"), title, intervals, details);
    }

    /// <summary>The lines under a cell's accuracy: "balanced 65.0 %" and "11 frames, 704 rows".</summary>
    public static string? CellDetails(Metrics? m, long rows)
    {
        if (m is null) return null;
        var inv = CultureInfo.InvariantCulture;
        string balanced = double.IsNaN(m.BalancedAccuracy) ? "" : $"balanced {(m.BalancedAccuracy * 100).ToString("F1", inv)} %\n";
        return balanced + $"{m.Frames.ToString(inv)} frame{(m.Frames == 1 ? "" : "s")}, {rows.ToString(inv)} rows";
    }
}
