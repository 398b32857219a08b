using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Pipeline;
using ZifPhase.Structures;

namespace ZifPhase.Cli;

/// <summary>`zifphase info FILE`: frames, composition, cell, densities and Zn–N coordination of the first frame.</summary>
public static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "structure or trajectory (LAMMPS dump or data, extxyz, CIF; .gz allowed)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout" };
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var command = new Command("info", "Summarise a structure or trajectory: frames, atoms, composition, cell, density, mean Zn–N coordination (≤ 2.5 Å) of the first frame.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(types);
        command.Options.Add(format);
        command.SetAction(context.Guard(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path) && !Directory.Exists(path) && ZifPhase.Learning.ShippedModels.Names.Contains(path)) path = ZifPhase.Learning.ShippedModels.Resolve(path);
            if (!Directory.Exists(path) && FileKinds.IsModelJson(path))
            {
                var m = ZifPhase.Learning.ModelFile.Load(path);
                var summary = ModelSummary(path, m);
                if (parse.GetValue(json)) context.Out.WriteLine(summary.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
                else
                {
                    context.Out.WriteLine($"{path}: model file");
                    context.Out.WriteLine($"classes: {string.Join(", ", m.ClassNames)}");
                    context.Out.WriteLine($"descriptor: {m.Descriptor.ToJson()}");
                    context.Out.WriteLine($"centres: {m.Centres}; network {string.Join("-", m.Network.LayerSizes)}{(m.Members.Count > 1 ? $", ensemble of {m.Members.Count}" : "")}");
                    context.Out.WriteLine(m.Novelty is { } n
                        ? string.Create(CultureInfo.InvariantCulture, $"unknown answer: novelty score in the {(n.Space == ZifPhase.Learning.NoveltySpace.Hidden ? "last hidden layer" : "scaled descriptor")} ({n.Dimension} values) above {n.Threshold:G4} (the training rows' {n.Percentile}th percentile)")
                        : "unknown answer: none (no novelty detector)");
                    if (m.Training is { } t)
                        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"trained on {t.Dataset}: preset {t.Preset}, {t.Split} split, seed {t.Seed}, {t.Epochs} epochs, {t.TrainRows:N0} training rows, {t.TestRows:N0} test rows{(t.TestAccuracy is { } a ? $", test accuracy {a:P2}" : "")}"));
                }
                return 0;
            }
            var warnings = new List<string>();
            var options = CommonOptions.ReadOptions(parse.GetValue(types), null, warnings.Add);
            var report = Inspect(path, options, CommonOptions.ParseFormat(parse.GetValue(format)));
            foreach (var w in warnings) context.Err.WriteLine($"zifphase: warning: {w}");
            if (parse.GetValue(json)) context.Out.WriteLine(report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            else report.Print(context.OutConsole());
            return 0;
        }));
        return command;
    }

    /// <summary>A model file's classes, descriptor, centres, network and training record, as JSON.</summary>
    public static JsonObject ModelSummary(string path, ZifPhase.Learning.PhaseClassifier model) => new()
    {
        ["file"] = path,
        ["format"] = ZifPhase.Learning.ModelFile.Format,
        ["classes"] = new JsonArray([.. model.ClassNames.Select(c => (JsonNode)c)]),
        ["descriptor"] = JsonNode.Parse(model.Descriptor.ToJson()),
        ["centres"] = model.Centres.ToString(),
        ["layers"] = new JsonArray([.. model.Network.LayerSizes.Select(n => (JsonNode)n)]),
        ["ensemble"] = model.Members.Count,
        ["novelty"] = model.Novelty is { } d ? new JsonObject
        {
            ["space"] = ZifPhase.Learning.TrainingOptions.NoveltySpaceName(d.Space),
            ["dimension"] = d.Dimension,
            ["percentile"] = d.Percentile,
            ["threshold"] = d.Threshold,
        } : null,
        ["training"] = model.Training is null ? null : JsonSerializer.SerializeToNode(model.Training, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }),
    };

    public static InfoReport Inspect(string path, ReadOptions options, TrajectoryFormat? format)
    {
        var stage = new InfoStage();
        FrameRun.ToEnd(FrameSource.Of(path, options, format), stage);
        var s = stage.Summary ?? throw new InputException(path, null, null, "the file holds no frame");
        return new InfoReport(path, s.Format, s.Frames, s.FirstStep, s.LastStep, s.FirstTime, s.LastTime, StructureSummary.Of(s.First));
    }
}

public sealed record InfoReport(string Path, TrajectoryFormat Format, int Frames, long FirstStep, long LastStep,
    double? FirstTime, double? LastTime, StructureSummary Summary)
{
    public JsonObject ToJson()
    {
        var s = Summary;
        var composition = new JsonObject();
        foreach (var (el, n) in s.Composition) composition[el] = n;
        JsonNode? cell = null;
        if (s.Cell.HasLattice)
        {
            var p = s.Cell.Parameters;
            cell = new JsonObject
            {
                ["a"] = p.A, ["b"] = p.B, ["c"] = p.C,
                ["alpha"] = p.Alpha, ["beta"] = p.Beta, ["gamma"] = p.Gamma,
                ["volume"] = s.Cell.Volume,
                ["pbc"] = new JsonArray(s.Cell.PeriodicA, s.Cell.PeriodicB, s.Cell.PeriodicC),
            };
        }
        var histogram = new JsonObject();
        foreach (var (cn, n) in s.ZnNCoordinationHistogram) histogram[cn.ToString(CultureInfo.InvariantCulture)] = n;
        return new JsonObject
        {
            ["file"] = Path,
            ["format"] = TrajectoryFormats.Name(Format),
            ["frames"] = Frames,
            ["first_step"] = FirstStep,
            ["last_step"] = LastStep,
            ["atoms"] = s.Atoms,
            ["composition"] = composition,
            ["cell"] = cell,
            ["density_zn_nm3"] = s.DensityZnPerNm3,
            ["density_g_cm3"] = s.DensityGPerCm3,
            ["zn_n_coordination"] = s.MeanZnNCoordination,
            ["zn_n_coordination_histogram"] = histogram,
        };
    }

    public void Print(IAnsiConsole console)
    {
        var s = Summary;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("property").AddColumn("value");
        string F(double v, string fmt) => v.ToString(fmt, CultureInfo.InvariantCulture);
        table.AddRow("file", Markup.Escape(Path));
        table.AddRow("format", TrajectoryFormats.Name(Format));
        table.AddRow("frames", Frames.ToString(CultureInfo.InvariantCulture) +
            (Frames > 1 ? $" (steps {FirstStep}–{LastStep}{(FirstTime is { } t0 && LastTime is { } t1 ? $", {F(t0, "G6")}–{F(t1, "G6")} ps" : "")})" : ""));
        table.AddRow("atoms (first frame)", s.Atoms.ToString(CultureInfo.InvariantCulture));
        table.AddRow("composition", string.Join(" ", s.Composition.Select(kv => $"{kv.Key}{kv.Value}")));
        if (s.Cell.HasLattice)
        {
            var p = s.Cell.Parameters;
            table.AddRow("cell a, b, c (Å)", $"{F(p.A, "F4")}  {F(p.B, "F4")}  {F(p.C, "F4")}");
            table.AddRow("cell α, β, γ (°)", $"{F(p.Alpha, "F3")}  {F(p.Beta, "F3")}  {F(p.Gamma, "F3")}");
            table.AddRow("volume (Å³)", F(s.Cell.Volume, "F3"));
            table.AddRow("periodic", $"{(s.Cell.PeriodicA ? 'T' : 'F')} {(s.Cell.PeriodicB ? 'T' : 'F')} {(s.Cell.PeriodicC ? 'T' : 'F')}");
        }
        else table.AddRow("cell", "none (non-periodic)");
        if (s.DensityZnPerNm3 is { } zn) table.AddRow("density (Zn/nm³)", F(zn, "F3"));
        if (s.DensityGPerCm3 is { } rho) table.AddRow("density (g/cm³)", F(rho, "F4"));
        if (s.MeanZnNCoordination is { } cn)
            table.AddRow("mean Zn–N coordination (≤ 2.5 Å)",
                $"{F(cn, "F3")}  ({string.Join(", ", s.ZnNCoordinationHistogram.Select(kv => $"CN{kv.Key}: {kv.Value}"))})");
        console.Write(table);
    }
}
