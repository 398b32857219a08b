using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>
/// What `analyze rings` reports: rings.csv (every ring of every frame), rings_phi_a.csv (the φa histograms, counts
/// and densities), rings_phi_a.png/svg, and the JSON object it prints.
/// </summary>
public static class RingReport
{
    /// <summary>Writes rings.csv, rings_phi_a.csv and rings_phi_a.png/svg into <paramref name="dir"/> (created when missing).</summary>
    public static void Write(RingsResult report, string dir)
    {
        IO.OutputFolder.Create(dir);
        var sb = new StringBuilder("frame,step,zn1,zn2,zn3,zn4,phi_a_deg,target_count\n");
        foreach (var r in report.Rings)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Frame},{r.Step},{r.Zn[0]},{r.Zn[1]},{r.Zn[2]},{r.Zn[3]},{ReportText.F(r.PhiA)},{(report.Target is null ? "" : r.TargetCount)}\n");
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "rings.csv"), sb.ToString());

        var panels = RingPlots.Panels(report.All, report.ByTargetCount, report.Target);
        sb.Clear().Append("bin_start_deg,bin_end_deg");
        // Identifiers (zn2_ZIF_4_cp_count): NumPy, pandas and R keep them as written.
        foreach (var p in panels) sb.Append(',').Append(p.Column).Append("_count");
        foreach (var p in panels) sb.Append(',').Append(p.Column).Append("_density_per_deg");
        sb.Append('\n');
        int bins = report.All.Histogram.Length;
        var densities = panels.Select(p => p.Density).ToArray();
        for (int b = 0; b < bins; b++)
        {
            sb.Append(ReportText.F(report.All.BinStart(b))).Append(',').Append(ReportText.F(report.All.BinEnd(b)));
            foreach (var p in panels) sb.Append(',').Append(p.Histogram.Histogram[b].ToString(CultureInfo.InvariantCulture));
            foreach (var d in densities) sb.Append(',').Append(ReportText.F(d[b]));
            sb.Append('\n');
        }
        IO.AtomicFile.WriteAllText(Path.Combine(dir, "rings_phi_a.csv"), sb.ToString());
        RingPlots.Write(panels, RingPlots.Title(report.Target, report.Rings.Length, report.Frames), Path.Combine(dir, "rings_phi_a"));
    }

    /// <summary>The JSON object `analyze rings --json` prints.</summary>
    public static JsonObject ToJson(RingsResult report)
    {
        static JsonObject Hist(PhiHistogram h) => new()
        {
            ["count"] = h.Count,
            ["mean_phi_a"] = ReportText.Number(h.MeanPhiA),
            ["histogram"] = new JsonArray(h.Histogram.Select(c => (JsonNode?)c).ToArray()),
        };
        var o = new JsonObject
        {
            ["file"] = report.Path,
            ["frames"] = report.Frames,
            ["rings"] = report.Rings.Length, // ring observations: a ring present in several frames counts once per frame
            ["ring_observations"] = report.Rings.Length,
            ["rings_per_frame"] = report.Frames > 0 ? (double)report.Rings.Length / report.Frames : 0.0,
            ["rings_per_zn"] = report.ZnTotal > 0 ? (double)report.Rings.Length / report.ZnTotal : 0.0,
            ["bin_width"] = report.BinWidth,
            ["phi_a"] = new JsonArray(report.Rings.Select(r => (JsonNode?)r.PhiA).ToArray()),
            ["all"] = Hist(report.All),
        };
        if (report.ByTargetCount is not null)
        {
            o["target"] = report.Target;
            var groups = new JsonObject();
            foreach (var (k, h) in report.ByTargetCount) groups[k.ToString(CultureInfo.InvariantCulture)] = Hist(h);
            o["by_target_count"] = groups;
        }
        return o;
    }
}
