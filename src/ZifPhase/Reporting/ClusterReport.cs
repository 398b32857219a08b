using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ScottPlot;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>
/// What `analyze clusters -o DIR` writes: clusters.csv (every cluster of every frame), clusters_by_size.csv
/// (⟨l_i⟩ and its standard error per size N over the finite clusters, with how many clusters each row holds),
/// clusters_per_frame.csv (per frame: target Zn, finite and percolating clusters, the highest percolation
/// dimension) and clusters_extent.png/svg (⟨l_i⟩ against N as points with error bars).
/// </summary>
public static class ClusterReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes clusters.csv, clusters_by_size.csv, clusters_per_frame.csv and clusters_extent.png/svg (see the class summary) into <paramref name="dir"/>.</summary>
    public static void Write(PhaseClusterResult result, string dir)
    {
        IO.OutputFolder.Create(dir);
        var sb = new StringBuilder("source,frame,step,time_ps,cluster,size,lx,ly,lz,percolating,percolation_dimension\n");
        foreach (var f in result.Frames)
            for (int c = 0; c < f.Clusters.Length; c++)
            {
                var k = f.Clusters[c];
                sb.Append(Inv, $"{ReportText.CsvField(f.Source ?? "")},{f.FrameIndex},{f.Step},{F(f.Time)},{c},{k.Size},{F(k.Lx)},{F(k.Ly)},{F(k.Lz)},{(k.Percolating ? 1 : 0)},{k.PercolationDimension}\n");
            }
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "clusters.csv"), sb.ToString());

        sb.Clear().Append("n,n_clusters,mean_lx,sem_lx,mean_ly,sem_ly,mean_lz,sem_lz\n");
        foreach (var r in result.BySize)
            sb.Append(Inv, $"{r.Size},{r.Count},{F(r.MeanLx)},{F(r.SemLx)},{F(r.MeanLy)},{F(r.SemLy)},{F(r.MeanLz)},{F(r.SemLz)}\n");
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "clusters_by_size.csv"), sb.ToString());

        sb.Clear().Append("source,frame,step,time_ps,target_zn,finite_clusters,percolating_clusters,percolating_zn,percolation_dimension\n");
        foreach (var f in result.Frames)
            sb.Append(Inv, $"{ReportText.CsvField(f.Source ?? "")},{f.FrameIndex},{f.Step},{F(f.Time)},{f.TargetZn},{f.Finite},{f.Percolating},{f.PercolatingZn},{f.PercolationDimension}\n");
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "clusters_per_frame.csv"), sb.ToString());

        Plot(result, Path.Combine(dir, "clusters_extent"));
    }

    /// <summary>The JSON object `analyze clusters --json` prints.</summary>
    public static JsonObject ToJson(PhaseClusterResult result)
    {
        var dims = result.PercolatingByDimension;
        return new()
        {
            ["target"] = result.Target,
            ["frames"] = result.Frames.Length,
            ["per_frame"] = new JsonArray(result.Frames.Select(f => (JsonNode?)new JsonObject
            {
                ["file"] = f.Source,
                ["frame"] = f.FrameIndex,
                ["step"] = f.Step,
                ["time"] = f.Time,
                ["target_zn"] = f.TargetZn,
                ["finite_clusters"] = f.Finite,
                ["percolating_clusters"] = f.Percolating,
                ["percolation_dimension"] = f.PercolationDimension,
                ["clusters"] = new JsonArray(f.Clusters.Select(c => (JsonNode?)new JsonObject
                {
                    ["size"] = c.Size,
                    ["lx"] = c.Lx,
                    ["ly"] = c.Ly,
                    ["lz"] = c.Lz,
                    ["percolating"] = c.Percolating,
                    ["percolation_dimension"] = c.PercolationDimension,
                }).ToArray()),
            }).ToArray()),
            ["percolating"] = new JsonObject
            {
                ["clusters"] = result.PercolatingClusters,
                ["frames_with"] = result.FramesWithPercolation,
                ["by_dimension"] = new JsonObject { ["1"] = dims[1], ["2"] = dims[2], ["3"] = dims[3] },
            },
            ["by_size"] = new JsonArray(result.BySize.Select(r => (JsonNode?)new JsonObject
            {
                ["n"] = r.Size,
                ["n_clusters"] = r.Count,
                ["mean_lx"] = r.MeanLx,
                ["sem_lx"] = ReportText.Number(r.SemLx),
                ["mean_ly"] = r.MeanLy,
                ["sem_ly"] = ReportText.Number(r.SemLy),
                ["mean_lz"] = r.MeanLz,
                ["sem_lz"] = ReportText.Number(r.SemLz),
            }).ToArray()),
        };
    }

    /// <summary>"37 percolating clusters (2D: 30, 3D: 7) in 35 of 41 frames", or "no percolating cluster in 41 frames".</summary>
    public static string PercolationSummary(PhaseClusterResult result)
    {
        int p = result.PercolatingClusters;
        if (p == 0) return $"no percolating cluster in {result.Frames.Length} frame(s)";
        var d = result.PercolatingByDimension;
        var dims = string.Join(", ", Enumerable.Range(1, 3).Where(k => d[k] > 0).Select(k => $"{k}D: {d[k]}"));
        return $"{p} percolating cluster(s) ({dims}) in {result.FramesWithPercolation} of {result.Frames.Length} frame(s)";
    }

    /// <summary>⟨l_x⟩, ⟨l_y⟩, ⟨l_z⟩ of the finite clusters against N: points with standard-error bars (no line),
    /// the number of clusters per N as grey bars on the right axis.</summary>
    public static void Plot(PhaseClusterResult result, string basePath)
    {
        var plot = new Plot();
        var rows = result.BySize;
        var n = rows.Select(r => (double)r.Size).ToArray();
        if (rows.Length > 0)
        {
            var bars = plot.Add.Bars(rows.Select(r => new Bar
            {
                Position = r.Size,
                Value = r.Count,
                Size = 0.8,
                FillColor = Colors.LightGray,
                LineColor = Colors.Gray,
                LineWidth = 0.5f,
            }).ToArray());
            bars.Axes.YAxis = plot.Axes.Right;
            // Counts from 0 to 1.1 × the tallest bar: the bars use the whole axis and their heights read directly.
            plot.Axes.SetLimitsY(0, CountAxisTop(rows.Max(r => r.Count)), plot.Axes.Right);
        }
        (string Name, Func<PhaseClusterSizeRow, double> Mean, Func<PhaseClusterSizeRow, double> Sem, int Colour, double Offset)[] series =
        [
            ("⟨l_x⟩", r => r.MeanLx, r => r.SemLx, 0, -0.2),
            ("⟨l_y⟩", r => r.MeanLy, r => r.SemLy, 1, 0),
            ("⟨l_z⟩", r => r.MeanLz, r => r.SemLz, 2, 0.2),
        ];
        double top = 1;
        foreach (var (name, mean, sem, colour, offset) in series)
        {
            if (rows.Length == 0) break;
            var xs = n.Select(x => x + offset).ToArray();
            var ys = rows.Select(mean).ToArray();
            var es = rows.Select(r => double.IsFinite(sem(r)) ? sem(r) : 0).ToArray();
            var c = Color.FromHex(PhasePalette.SeriesOf(colour)); // extents are not phases
            var err = plot.Add.ErrorBar(xs, ys, es);
            err.Color = c;
            var pts = plot.Add.ScatterPoints(xs, ys, c);
            pts.MarkerSize = 7;
            pts.LegendText = $"{name} ± standard error";
            top = Math.Max(top, ys.Zip(es, (y, e) => y + e).Max());
        }
        plot.Axes.SetLimitsY(0, top * 1.1, plot.Axes.Left);
        if (rows.Length > 0)
        {
            int maxN = rows.Max(r => r.Size);
            plot.Axes.SetLimitsX(0, maxN + 1);
            // N is a whole number of Zn: integer ticks only.
            var ticks = IntegerTicks(maxN);
            plot.Axes.Bottom.SetTicks(ticks.Select(t => (double)t).ToArray(), ticks.Select(t => t.ToString(Inv)).ToArray());
        }
        plot.ShowLegend(Alignment.UpperLeft);
        plot.XLabel($"cluster size N ({result.Target} Zn)");
        plot.YLabel("mean extent ⟨l_i⟩ (Å), finite clusters");
        plot.Axes.Right.Label.Text = "finite clusters averaged at N (grey bars)";
        int finite = result.FiniteClusters;
        plot.Title($"{result.Target}: ⟨l_i⟩ over {finite} finite cluster(s) in {result.Frames.Length} frame(s) (no error bar: one cluster)\nleft out: {PercolationSummary(result)}");
        plot.Axes.Title.Label.FontSize = 14;
        Plots.Save(plot, basePath);
    }

    /// <summary>Top of the count axis: 1.1 × the tallest bar.</summary>
    public static double CountAxisTop(int tallest) => Math.Max(1, tallest) * 1.1;

    /// <summary>Integer tick positions 1..maxN at a step of 1, 2, 5, 10, … giving at most 15 ticks.</summary>
    public static int[] IntegerTicks(int maxN)
    {
        int step = 1;
        foreach (int s in new[] { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 })
        {
            step = s;
            if (maxN / s <= 15) break;
        }
        var ticks = new List<int>();
        if (step > 1) ticks.Add(1);
        for (int t = step; t <= maxN; t += step) ticks.Add(t);
        if (ticks.Count == 0) ticks.Add(1);
        return ticks.ToArray();
    }

    private static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", Inv) : "";

}
