using System.Globalization;
using System.Text;
using ZifPhase.Learning;

namespace ZifPhase.Reporting;

/// <summary>Writes a cross-source table as cross.csv, cross.md and cross.png/svg.</summary>
public static class CrossSourceReport
{
    public static void Write(CrossSourceExperiment table, string dir, string title)
    {
        var csv = new StringBuilder("trained_on,tested_on,accuracy,test_rows\n");
        var md = new StringBuilder("| trained on \\ tested on | " + string.Join(" | ", table.TestedOn) + " |\n|---|" + string.Concat(table.TestedOn.Select(_ => "---:|")) + "\n");
        for (int i = 0; i < table.TrainedOn.Length; i++)
        {
            md.Append("| ").Append(table.TrainedOn[i]).Append(" |");
            for (int j = 0; j < table.TestedOn.Length; j++)
            {
                double a = table.Accuracy[i, j];
                csv.Append(CultureInfo.InvariantCulture, $"{table.TrainedOn[i]},{table.TestedOn[j]},{(double.IsNaN(a) ? "" : a.ToString("R", CultureInfo.InvariantCulture))},{table.Rows[i, j]}\n");
                md.Append(' ').Append(table.Cell(i, j)).Append(" |");
            }
            md.Append('\n');
        }
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "cross.csv"), csv.ToString());
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "cross.md"), md.ToString());
        Plots.AccuracyGrid(table.TrainedOn, table.TestedOn, table.Accuracy, Path.Combine(dir, "cross"), title);
    }
}
