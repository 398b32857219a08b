using ScottPlot;
using ZifPhase.Learning;

namespace ZifPhase.Reporting;

/// <summary>Plots written as PNG and SVG side by side (NAME.png, NAME.svg), each through a temporary file.</summary>
public static class Plots
{
    public const int Width = 900;
    public const int Height = 760;

    /// <summary>
    /// Confusion matrix as a grid of cells (row = true phase, column = predicted phase) coloured by the
    /// row-normalised fraction, each labelled with its count or percentage. Writes <paramref name="basePath"/>.png and .svg.
    /// </summary>
    public static void ConfusionMatrix(Metrics metrics, string basePath, bool normalised, string title)
    {
        int k = metrics.Classes.Count;
        var fraction = metrics.NormalisedConfusion();
        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++)
        {
            // True class i is drawn as row i from the top: y = k − 1 − i.
            double y = k - 1 - i;
            var cell = plot.Add.Rectangle(j - 0.5, j + 0.5, y - 0.5, y + 0.5);
            var colour = colormap.GetColor(fraction[i, j]);
            cell.FillStyle.Color = colour;
            cell.LineStyle.Color = Colors.White;
            cell.LineStyle.Width = 1;
            string text = normalised
                ? (fraction[i, j] * 100).ToString(fraction[i, j] >= 0.995 || fraction[i, j] == 0 ? "F0" : "F1", System.Globalization.CultureInfo.InvariantCulture) + " %"
                : metrics.Confusion[i, j].ToString(System.Globalization.CultureInfo.InvariantCulture);
            var label = plot.Add.Text(text, j, y);
            label.LabelFontSize = k > 8 ? 11 : 14;
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontColor = fraction[i, j] > 0.55 ? Colors.Black : Colors.White;
        }
        double[] positions = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, metrics.Classes.ToArray());
        plot.Axes.Left.SetTicks(positions.Reverse().ToArray(), metrics.Classes.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.MinimumSize = 110;
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Grid.IsVisible = false;
        plot.XLabel("predicted phase");
        plot.YLabel("true phase");
        plot.Title($"{title} — {(normalised ? "row-normalised" : "counts")}, accuracy {metrics.Accuracy:P1} of {metrics.Total:N0}");
        Save(plot, basePath);
    }

    /// <summary>Writes NAME.png and NAME.svg atomically (temporary names, then renamed).</summary>
    public static void Save(Plot plot, string basePath, int width = Width, int height = Height)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(basePath));
        if (dir is not null) Directory.CreateDirectory(dir);
        string png = basePath + ".png", svg = basePath + ".svg";
        plot.SavePng(png + ".tmp.png", width, height);
        plot.SaveSvg(svg + ".tmp.svg", width, height);
        File.Move(png + ".tmp.png", png, overwrite: true);
        File.Move(svg + ".tmp.svg", svg, overwrite: true);
    }
}
