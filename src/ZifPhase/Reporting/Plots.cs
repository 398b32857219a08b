using ScottPlot;
using ZifPhase.Learning;

namespace ZifPhase.Reporting;

/// <summary>Plots written as PNG and SVG side by side (NAME.png, NAME.svg), each through a temporary file.</summary>
public static class Plots
{
    /// <summary>Width of every plot, in pixels.</summary>
    public const int Width = 900;
    /// <summary>Height of every plot, in pixels.</summary>
    public const int Height = 760;

    /// <summary>
    /// Confusion matrix as a grid of cells (row = true phase, column = predicted phase) coloured by the
    /// row-normalised fraction, each labelled with its count or percentage. Writes <paramref name="basePath"/>.png and .svg.
    /// </summary>
    public static void ConfusionMatrix(Metrics metrics, string basePath, bool normalised, string title)
    {
        int k = metrics.Classes.Count;
        var fraction = metrics.NormalisedConfusion();
        var text = new string[k, k];
        for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++)
            text[i, j] = normalised ? Percent(fraction[i, j]) : metrics.Confusion[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var classes = metrics.Classes.ToArray();
        LabelledGrid(classes, classes, fraction, text, "predicted phase", "true phase",
            $"{title} — {(normalised ? "row-normalised" : "counts")}\naccuracy {metrics.Describe()}\nbalanced accuracy {metrics.Describe(balanced: true)}", basePath,
            "fraction of the true phase's rows (%), 0–100 %");
    }

    /// <summary>Accuracy table as a grid (rows: what the model was trained on, columns: what it was tested on).</summary>
    /// <param name="details">optional further lines per cell (balanced accuracy, frames and rows tested)</param>
    public static void AccuracyGrid(string[] trainedOn, string[] testedOn, double[,] accuracy, string basePath, string title,
        ScoreInterval?[,]? intervals = null, string?[,]? details = null)
    {
        var text = new string[trainedOn.Length, testedOn.Length];
        for (int i = 0; i < trainedOn.Length; i++)
        for (int j = 0; j < testedOn.Length; j++)
            text[i, j] = double.IsNaN(accuracy[i, j]) ? "–"
                : Percent(accuracy[i, j]) + (intervals?[i, j] is { } ci ? $"\n({Percent(ci.Low)}–{Percent(ci.High)})" : "")
                  + (details?[i, j] is { Length: > 0 } d ? "\n" + d : "");
        LabelledGrid(trainedOn, testedOn, accuracy, text, "tested on", "trained on", title, basePath, "accuracy (%), fixed scale 0–100 %");
    }

    /// <summary>
    /// Fraction of the new phase (left axis) and cell parameter c (right axis, dashed) against t − t0 for
    /// several aligned runs, one colour per run.
    /// </summary>
    /// <param name="notShown">one note per run left out because it has no t0 ("runC: never reaches 0.5 (maximum 0.31), not shown"), added to the title</param>
    public static void Transition(IReadOnlyList<(Analysis.TransitionSeries Series, double T0)> runs, string phase, string timeLabel, string basePath,
        IReadOnlyList<string>? notShown = null)
    {
        var plot = new Plot();
        for (int r = 0; r < runs.Count; r++)
        {
            var (series, t0) = runs[r];
            var colour = Color.FromHex(PhasePalette.SeriesOf(r)); // runs are not phases
            var f = plot.Add.Scatter(series.Time, series.Fraction);
            f.Color = colour;
            f.MarkerSize = 3;
            f.LegendText = $"{series.Name} (t0 = {TransitionReport.FormatTime(t0, timeLabel)})";
            if (series.C.Length == series.Time.Length && series.C.All(double.IsFinite))
            {
                var c = plot.Add.Scatter(series.Time, series.C);
                c.Color = colour;
                c.MarkerSize = 0;
                c.LinePattern = LinePattern.Dashed;
                c.Axes.YAxis = plot.Axes.Right;
            }
        }
        var half = plot.Add.HorizontalLine(0.5);
        half.Color = Colors.Gray;
        half.LinePattern = LinePattern.Dotted;
        var zero = plot.Add.VerticalLine(0);
        zero.Color = Colors.Gray;
        zero.LinePattern = LinePattern.Dotted;
        plot.Axes.Left.Label.Text = $"fraction of {phase}";
        plot.Axes.Right.Label.Text = "cell parameter c (Å), dashed";
        plot.XLabel($"t − t0 ({timeLabel})");
        plot.Title($"{phase}: fraction and c aligned at t0 (fraction = 0.5)" + (notShown is { Count: > 0 } ? "\n" + string.Join("; ", notShown) : ""));
        plot.ShowLegend(Alignment.LowerRight);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, 1.02, plot.Axes.Left); // a fraction: from 0, not the auto-scale margin below it
        Save(plot, basePath, 1000, 620);
    }

    /// <summary>A 2-D embedding (t-SNE): one scatter series per group (in <paramref name="order"/>) with its colour and a legend entry.</summary>
    public static void Embedding(Analysis.TsneResult result, string[] groupOfPoint, string[] order, string[] colours, string title, string basePath)
    {
        var plot = new Plot();
        float marker = result.Rows > 2000 ? 3 : 5;
        for (int g = 0; g < order.Length; g++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < groupOfPoint.Length; i++)
            {
                if (groupOfPoint[i] != order[g]) continue;
                xs.Add(result.X(i));
                ys.Add(result.Y(i));
            }
            var series = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), ScottPlot.Color.FromHex(colours[g]));
            series.MarkerSize = marker;
            series.LegendText = $"{order[g]} ({xs.Count:N0})";
        }
        plot.XLabel("t-SNE 1");
        plot.YLabel("t-SNE 2");
        plot.Title(title);
        // Legend beside the data, never over it.
        plot.ShowLegend(Edge.Right);
        Plots.Save(plot, basePath, 1060, Height);
    }

    private static string Percent(double f) =>
        (f * 100).ToString(f >= 0.995 || f == 0 ? "F0" : "F1", System.Globalization.CultureInfo.InvariantCulture) + " %";

    /// <summary>A grid of cells coloured by values in [0, 1] (viridis) with a text in each; row 0 at the top.</summary>
    /// A colour bar beside the grid gives the scale, fixed at 0–100 % (not the range of the values shown).
    private static void LabelledGrid(string[] rowLabels, string[] columnLabels, double[,] values, string[,] texts,
        string xLabel, string yLabel, string title, string basePath, string colourBarLabel)
    {
        int rows = rowLabels.Length, columns = columnLabels.Length;
        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.Viridis();
        // A heatmap of the same values in percent under the cells feeds the colour bar; the cells drawn over it
        // carry the colours and texts. Its range is fixed at 0–100 % so that colours mean the same in every figure.
        var percent = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < columns; j++)
            percent[i, j] = double.IsNaN(values[i, j]) ? 0 : Math.Clamp(values[i, j], 0, 1) * 100;
        var heatmap = plot.Add.Heatmap(percent);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = new ScottPlot.Range(0, 100);
        heatmap.Rectangle = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = colourBarLabel;
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < columns; j++)
        {
            double y = rows - 1 - i;
            double v = double.IsNaN(values[i, j]) ? 0 : Math.Clamp(values[i, j], 0, 1);
            var cell = plot.Add.Rectangle(j - 0.5, j + 0.5, y - 0.5, y + 0.5);
            cell.FillStyle.Color = double.IsNaN(values[i, j]) ? Colors.LightGray : colormap.GetColor(v);
            cell.LineStyle.Color = Colors.White;
            cell.LineStyle.Width = 1;
            var label = plot.Add.Text(texts[i, j], j, y);
            label.LabelFontSize = Math.Max(rows, columns) > 8 ? 11 : 14;
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontColor = v > 0.55 || double.IsNaN(values[i, j]) ? Colors.Black : Colors.White;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(i => (double)i).ToArray(), columnLabels);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(i => (double)(rows - 1 - i)).ToArray(), rowLabels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        // No tick marks: a tick drawn beside a rotated label reads as part of it ("ZIF-4'").
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.MinimumSize = 110;
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.Grid.IsVisible = false;
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Title(title);
        Save(plot, basePath);
    }

    /// <summary>Writes NAME.png and NAME.svg atomically (temporary names, then renamed).</summary>
    public static void Save(Plot plot, string basePath, int width = Width, int height = Height)
    {
        using var png = new IO.AtomicOutput(basePath + ".png", ".tmp.png");
        using var svg = new IO.AtomicOutput(basePath + ".svg", ".tmp.svg");
        plot.SavePng(png.TempPath, width, height);
        plot.SaveSvg(svg.TempPath, width, height);
        png.Commit();
        svg.Commit();
    }
}
