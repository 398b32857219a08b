using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Reporting;
using ZifPhase.Structures;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase analyze rings FILE [--labels LABELLED] [--target PHASE] [--json] [-o DIR]`: 4-membered rings of the
/// periodic Zn net, their orientation φa and, with a target phase, φa histograms grouped by how many of a
/// ring's Zn carry the target label (SPEC §5). Frames of FILE and LABELLED are taken in lockstep.
/// </summary>
public static class AnalyzeRingsCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "structure or trajectory (extxyz, dump, data, CIF)" };
        var labelsOpt = new Option<string?>("--labels") { Description = "labelled trajectory (from zifphase classify) with the same atoms and frames as FILE; default: FILE's own 'phase' column when --phase is given", HelpName = "LABELLED" };
        var target = AnalyzeOptions.Phase(required: false);
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout" };
        var output = new Option<string?>("--output", "-o") { Description = "folder for rings.csv, rings_phi_a.csv and rings_phi_a.png/svg", HelpName = "DIR" };
        var binWidth = new Option<double>("--bin-width") { Description = "φa histogram bin width, degrees", DefaultValueFactory = _ => 5.0, HelpName = "DEG" }
            .Allow(v => v > 0 && v <= 90, "in (0, 90] degrees");
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var net = AnalyzeOptions.Network();
        var command = new Command("rings", "4-membered rings of the periodic Zn net (counted per cell), their normal's angle φa to lattice vector a, grouped by target-labelled Zn per ring.");
        command.Arguments.Add(file);
        command.Options.Add(labelsOpt);
        target.AddTo(command);
        foreach (var o in new Option[] { json, output, binWidth, frames, types, format }) command.Options.Add(o);
        foreach (var o in net.All) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var path = parse.GetValue(file)!;
            var phase = target.Read(parse);
            var labelsPath = parse.GetValue(labelsOpt);
            if (parse.GetValue(output) is { } outDir)
                ZifPhase.IO.FilePaths.RefuseOverwrite([path, labelsPath], Path.Combine(outDir, "rings.csv"), Path.Combine(outDir, "rings_phi_a.csv"));
            if (labelsPath is not null && phase is null) throw new ArgumentException("--labels needs --phase PHASE");
            var read = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var fmt = CommonOptions.ParseFormat(parse.GetValue(format));
            var result = Analyse(path, labelsPath, phase, read, fmt, net.Read(parse), parse.GetValue(binWidth));
            if (parse.GetValue(output) is { } dir) Write(result, dir, context);
            if (parse.GetValue(json)) context.Out.WriteLine(result.ToJson().ToJsonString());
            else result.Print(context.Out, context.OutConsole());
            return 0;
        }));
        return command;
    }

    public static RingsReport Analyse(string path, string? labelsPath, string? target, ReadOptions read, TrajectoryFormat? format, NetworkOptions network, double binWidth)
    {
        var rows = new List<RingRow>();
        int frames = 0, zn = 0;
        var check = target is null ? null : new TargetPhaseCheck(target);
        using var labelled = labelsPath is null ? null : TrajectoryReader.Read(labelsPath, read).GetEnumerator();
        foreach (var frame in TrajectoryReader.Read(path, read, format))
        {
            Frame? labelFrame = frame;
            if (labelled is not null)
            {
                if (!labelled.MoveNext()) throw new InputException(labelsPath, null, null, $"holds fewer selected frames than {path}");
                labelFrame = labelled.Current;
                if (labelFrame.AtomCount != frame.AtomCount)
                    throw new InputException(labelsPath, labelFrame.Index, null, $"{labelFrame.AtomCount} atoms but {path} frame {frame.Index} has {frame.AtomCount}");
            }
            check?.See(labelFrame);
            var set = FourRings.Find(frame, network);
            int[] counts = target is null ? new int[set.Count] : set.TargetCounts(PhaseLabels.Read(labelFrame), target);
            for (int r = 0; r < set.Count; r++)
            {
                var ring = set.Rings[r];
                rows.Add(new RingRow(frame.Index, frame.Step, [.. Enumerable.Range(0, 4).Select(k => set.Network.ZnAtoms[ring.Vertex(k)])],
                    set.PhiA[r], counts[r]));
            }
            frames++;
            zn += set.Network.Count;
        }
        if (frames == 0) throw new InputException(path, null, null, "no frame selected");
        check?.Finish();
        return new RingsReport(path, target, frames, zn, rows.ToArray(), binWidth,
            FourRings.Histogram(rows.Select(r => r.PhiA), binWidth),
            target is null ? null : FourRings.ByTargetCount(rows.Select(r => (r.PhiA, r.TargetCount)), binWidth));
    }

    private static void Write(RingsReport report, string dir, CliContext context)
    {
        ZifPhase.IO.OutputFolder.Create(dir);
        var sb = new StringBuilder("frame,step,zn1,zn2,zn3,zn4,phi_a_deg,target_count\n");
        foreach (var r in report.Rings)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Frame},{r.Step},{r.Zn[0]},{r.Zn[1]},{r.Zn[2]},{r.Zn[3]},{AnalyzeOptions.F(r.PhiA)},{(report.Target is null ? "" : r.TargetCount)}\n");
        ZifPhase.IO.AtomicFile.WriteAllText(Path.Combine(dir, "rings.csv"), sb.ToString());

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
            sb.Append(AnalyzeOptions.F(report.All.BinStart(b))).Append(',').Append(AnalyzeOptions.F(report.All.BinEnd(b)));
            foreach (var p in panels) sb.Append(',').Append(p.Histogram.Histogram[b].ToString(CultureInfo.InvariantCulture));
            foreach (var d in densities) sb.Append(',').Append(AnalyzeOptions.F(d[b]));
            sb.Append('\n');
        }
        ZifPhase.IO.AtomicFile.WriteAllText(Path.Combine(dir, "rings_phi_a.csv"), sb.ToString());
        RingPlots.Write(panels, RingPlots.Title(report.Target, report.Rings.Length, report.Frames), Path.Combine(dir, "rings_phi_a"));
        context.Err.WriteLine($"wrote {Path.Combine(dir, "rings.csv")}, rings_phi_a.csv and rings_phi_a.png/svg");
    }
}

/// <summary>One ring of one frame: its four Zn (atom indices, 0-based), φa and how many carry the target label.</summary>
public sealed record RingRow(int Frame, long Step, int[] Zn, double PhiA, int TargetCount);

public sealed record RingsReport(string Path, string? Target, int Frames, int ZnTotal, RingRow[] Rings, double BinWidth,
    PhiHistogram All, SortedDictionary<int, PhiHistogram>? ByTargetCount)
{
    /// <summary>Named histograms: all rings, or one per target count.</summary>
    public List<(string Name, PhiHistogram Histogram)> Groups() => ByTargetCount is null
        ? [("all rings", All)]
        : [.. ByTargetCount.Select(kv => ($"{kv.Key} {Target} Zn", kv.Value))];

    public JsonObject ToJson()
    {
        static JsonObject Hist(PhiHistogram h) => new()
        {
            ["count"] = h.Count,
            ["mean_phi_a"] = AnalyzeOptions.Number(h.MeanPhiA),
            ["histogram"] = new JsonArray(h.Histogram.Select(c => (JsonNode?)c).ToArray()),
        };
        var o = new JsonObject
        {
            ["file"] = Path,
            ["frames"] = Frames,
            ["rings"] = Rings.Length, // ring observations: a ring present in several frames counts once per frame
            ["ring_observations"] = Rings.Length,
            ["rings_per_frame"] = Frames > 0 ? (double)Rings.Length / Frames : 0.0,
            ["rings_per_zn"] = ZnTotal > 0 ? (double)Rings.Length / ZnTotal : 0.0,
            ["bin_width"] = BinWidth,
            ["phi_a"] = new JsonArray(Rings.Select(r => (JsonNode?)r.PhiA).ToArray()),
            ["all"] = Hist(All),
        };
        if (ByTargetCount is not null)
        {
            o["target"] = Target;
            var groups = new JsonObject();
            foreach (var (k, h) in ByTargetCount) groups[k.ToString(CultureInfo.InvariantCulture)] = Hist(h);
            o["by_target_count"] = groups;
        }
        return o;
    }

    public void Print(TextWriter text, IAnsiConsole console)
    {
        text.WriteLine($"{RingPlots.Observations(Rings.Length, Frames)} of four-membered rings, {(ZnTotal > 0 ? (double)Rings.Length / ZnTotal : 0).ToString("F4", CultureInfo.InvariantCulture)} per Zn");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("group").AddColumn(new TableColumn("rings").RightAligned()).AddColumn(new TableColumn("mean φa (°)").RightAligned());
        foreach (var (name, h) in Groups())
            table.AddRow(Markup.Escape(name), h.Count.ToString(CultureInfo.InvariantCulture), h.Count > 0 ? h.MeanPhiA.ToString("F2", CultureInfo.InvariantCulture) : "–");
        console.Write(table);
    }
}
