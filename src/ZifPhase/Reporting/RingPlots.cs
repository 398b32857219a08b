using ZifPhase.Structures;
using System.Globalization;
using ScottPlot;
using SkiaSharp;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>One panel of the φa figure: the rings with <see cref="TargetCount"/> target Zn (null: all rings).
/// <see cref="Column"/> is its column-name stem in rings_phi_a.csv, an identifier (zn2_ZIF_4_cp, all_rings).</summary>
public sealed record RingPanel(int? TargetCount, string Label, PhiHistogram Histogram, string Column)
{
    /// <summary>Number of rings in the panel.</summary>
    public int Count => Histogram.Count;
    /// <summary>The φa probability density per histogram bin (per degree; it integrates to 1 over 0–90°).</summary>
    public double[] Density => Histogram.Density();
}

/// <summary>
/// φa histograms as in the paper's Figure 8: one panel per number of target Zn in the ring (0–4), each a bar
/// histogram normalised to a probability density over φa in degrees (∫ p dφa = 1), a dashed vertical line at
/// its mean (dashed in the legend too), the ring count in its legend, y from 0; counts are ring observations
/// (a ring present in several frames counts once per frame).
/// </summary>
public static class RingPlots
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One panel per target count 0–4 (in that order), or a single "all rings" panel without a target.</summary>
    public static RingPanel[] Panels(PhiHistogram all, IReadOnlyDictionary<int, PhiHistogram>? byTargetCount, string? target) =>
        byTargetCount is null || target is null
            ? [new RingPanel(null, "all rings", all, "all_rings")]
            : [.. Enumerable.Range(0, 5).Select(k => new RingPanel(k, $"{k} {target} Zn", byTargetCount.TryGetValue(k, out var h) ? h : FourRings.Histogram([], all.BinWidth),
                $"zn{k}_{ColumnNames.Identifier(target)}"))];

    /// <summary>Legend of a panel: "2 ZIF-4-cp Zn in the ring: 37 rings, mean φa 41.3°".</summary>
    public static string Legend(RingPanel p) => p.Count == 0
        ? $"{p.Label}{(p.TargetCount is null ? "" : " in the ring")}: no ring"
        : $"{p.Label}{(p.TargetCount is null ? "" : " in the ring")}: {p.Count} ring{(p.Count == 1 ? "" : "s")}, mean φa {p.Histogram.MeanPhiA.ToString("F1", Inv)}°";

    /// <summary>Writes BASE.png and BASE.svg: the panels stacked top to bottom, sharing the φa axis 0–90°.</summary>
    public static void Write(IReadOnlyList<RingPanel> panels, string title, string basePath)
    {
        var plots = new List<Plot>();
        for (int i = 0; i < panels.Count; i++)
        {
            var p = panels[i];
            var plot = new Plot();
            var colour = Color.FromHex(PhasePalette.SeriesOf(p.TargetCount ?? 0)); // ring groups are not phases
            var density = p.Density;
            double top = 0.01;
            if (p.Count > 0)
            {
                var h = p.Histogram;
                var bars = plot.Add.Bars(Enumerable.Range(0, density.Length).Select(b => new Bar
                {
                    Position = (h.BinStart(b) + h.BinEnd(b)) / 2,
                    Size = h.BinEnd(b) - h.BinStart(b),
                    Value = density[b],
                    FillColor = colour.WithAlpha(0.55),
                    LineColor = colour,
                    LineWidth = 1,
                }).ToArray());
                var mean = plot.Add.VerticalLine(h.MeanPhiA);
                mean.Color = Colors.Black;
                mean.LinePattern = LinePattern.Dashed;
                mean.LineWidth = 1.5f;
                // The legend draws the mean as the dashed line it is (a vertical line's own legend entry is solid).
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = Legend(p),
                    LineColor = Colors.Black,
                    LinePattern = LinePattern.Dashed,
                    LineWidth = 1.5f,
                });
                top = density.Max() * 1.25;
            }
            else
            {
                var none = plot.Add.Text(Legend(p), 45, top / 2);
                none.LabelAlignment = Alignment.MiddleCenter;
                none.LabelFontSize = 14;
                plot.Axes.Left.SetTicks([0], ["0"]);
            }
            plot.Axes.SetLimits(0, 90, 0, top);
            if (p.Count > 0)
            {
                plot.ShowLegend(Alignment.UpperLeft);
                plot.Legend.SymbolWidth = 40; // long enough to show the dashes
            }
            plot.YLabel("density (1/°)");
            if (i == panels.Count - 1) plot.XLabel("φa: angle between ring normal and lattice vector a (°)");
            if (i == 0) plot.Title(title);
            plot.Axes.Title.Label.FontSize = 14;
            plot.Axes.Left.MinimumSize = 70;
            plots.Add(plot);
        }
        int width = Plots.Width, height = Math.Max(300, 60 + 210 * panels.Count);
        var multi = new Multiplot(plots[0]);
        foreach (var p in plots.Skip(1)) multi.AddPlot(p);
        multi.Layout = new ScottPlot.MultiplotLayouts.Rows();
        using var png = new IO.AtomicOutput(basePath + ".png", ".tmp.png");
        using var svg = new IO.AtomicOutput(basePath + ".svg", ".tmp.svg");
        multi.SavePng(png.TempPath, width, height);
        using (var stream = File.Create(svg.TempPath))
        {
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
                multi.Render(canvas, new PixelRect(0, width, height, 0));
        }
        png.Commit();
        svg.Commit();
    }

    /// <summary>Title of the figure, saying what the y axis is.</summary>
    /// <summary>What a ring count over frames is: "63 ring observations (about 12.6 rings per frame over 5 frames)" —
    /// a ring present in several frames is counted once per frame.</summary>
    public static string Observations(int rings, int frames) =>
        $"{rings} ring observation{(rings == 1 ? "" : "s")} (about {(frames > 0 ? (double)rings / frames : 0).ToString("F1", Inv)} ring{(rings == frames ? "" : "s")} per frame over {frames} frame{(frames == 1 ? "" : "s")})";

    /// <summary>The φa figure's title: the ring observations and frames, and, with a <paramref name="target"/> phase, that the panels split rings by their number of target Zn.</summary>
    public static string Title(string? target, int rings, int frames) =>
        "four-membered Zn rings: " + Observations(rings, frames) + (target is null ? "" : $"\nby number of {target} Zn in the ring")
        + "\neach panel a probability density of φa in degrees: ∫ density dφa = 1 over 0–90°";
}
