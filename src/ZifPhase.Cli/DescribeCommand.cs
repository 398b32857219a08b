using System.CommandLine;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Reporting;
using ZifPhase.Learning;
using ZifPhase.Pipeline;

namespace ZifPhase.Cli;

/// <summary>`zifphase describe`: descriptor rows for every centre of every selected frame, streamed to .npy, .csv or .h5.</summary>
public static class DescribeCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("INPUT") { Description = "structure or trajectory (dump, extxyz, CIF, LAMMPS data; .gz allowed)" };
        var preset = new Option<string?>("--preset") { Description = $"descriptor preset: {string.Join(", ", Presets.Names)}", HelpName = "NAME" };
        var spec = new Option<string?>("--spec") { Description = "descriptor settings as JSON with DScribe's argument names", HelpName = "FILE.json" };
        var centres = new Option<string>("--centers", "--centres")
        {
            Description = "centre atoms: an element (Zn), 'all', or 0-based atom indices (0,5,17)",
            DefaultValueFactory = _ => "Zn",
            HelpName = "SEL",
        };
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var dtype = new Option<string>("--dtype") { Description = "float32 or float64 (default: the spec's dtype, else float32)", HelpName = "TYPE" };
        var threads = CommonOptions.Threads();
        var output = new Option<string>("--output", "-o") { Description = "output: .npy (rows × features), .csv or .h5 (with frame and atom per row)", Required = true, HelpName = "OUT" };
        var sharding = new ShardOptions();
        var resume = CommonOptions.Resume();
        var command = new Command("describe", "Compute a descriptor (BPSF/ACSF or SOAP, DScribe-compatible) for every centre of every selected frame.");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { preset, spec, centres, frames, types, format, dtype, threads, output, resume }) command.Options.Add(o);
        sharding.AddTo(command);
        command.SetAction(context.Guard(parse =>
        {
            var descriptorSpec = ResolveSpec(parse.GetValue(preset), parse.GetValue(spec));
            var descriptor = descriptorSpec.Create(parse.GetValue(threads));
            var selection = CommonOptions.AsUsage(() => CentreSelection.Parse(parse.GetValue(centres)!));
            var type = (parse.GetValue(dtype) ?? descriptorSpec.Dtype ?? "float32").ToLowerInvariant() switch
            {
                "float32" or "f4" => FeatureDType.Float32,
                "float64" or "f8" => FeatureDType.Float64,
                var other => throw new UsageException($"--dtype '{other}': use float32 or float64"),
            };
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            FilePaths.RefuseOverwrite([inPath, parse.GetValue(spec)], outPath);
            FeatureMatrixWriter.CheckType(outPath); // before the output's folder is created
            FilePaths.CheckOutputs([inPath, parse.GetValue(spec)], outPath);
            var options = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var attributes = new Dictionary<string, string>
            {
                ["descriptor_spec"] = descriptorSpec.ToJson(),
                ["source"] = inPath,
                ["centres"] = selection.ToString(),
            };
            var inFormat = CommonOptions.ParseFormat(parse.GetValue(format));
            var source = FrameSource.Of(inPath, options, inFormat);
            if (sharding.Parse(parse) is var (shard, mode)) source = source.Sharded(shard, mode);
            var signature = RunSignature.Of("input, output, descriptor, --centers, --frames, --types, --format or --dtype",
                ["describe", RunSignature.FullPath(inPath), RunSignature.FullPath(outPath), descriptorSpec.ToJson(), selection.ToString(),
                 parse.GetValue(frames), parse.GetValue(types), parse.GetValue(format), type.ToString()]);
            var stage = new DescribeStage(outPath, new FrameDescriber(descriptor, selection, parse.GetValue(threads)), type, attributes);
            using var progress = ProgressDisplay.ForRun(context, "describing", "centres");
            using var run = FrameRun.Start(source, stage, ShardOptions.Writing(parse, signature, resume) with
            {
                Progress = progress,
                KeepFramesBeforeCut = true,
            });
            outPath = run.OutputPaths[0];
            var cut = run.Execute().Cut;
            progress.Dispose();
            var writer = stage.Writer;
            if (cut is not null && writer.RowCount == 0) throw cut;
            if (writer.RowCount == 0 && source.Plan is null) throw new InputException(inPath, null, null, $"no centre '{selection}' in the selected frames");
            run.Complete();
            if (cut is not null)
            {
                context.Err.WriteLine($"zifphase: error: {cut.Message}; the {writer.RowCount} rows of the complete frames before it were written to {outPath}");
                return 1;
            }
            context.Err.WriteLine($"wrote {writer.RowCount} rows × {descriptor.Dimension} features to {outPath}");
            return 0;
        }));
        return command;
    }

    public static DescriptorSpec ResolveSpec(string? preset, string? specPath)
    {
        if ((preset is null) == (specPath is null)) throw new ZifPhaseException("give exactly one of --preset NAME or --spec FILE.json");
        if (preset is not null) return Presets.Get(preset, "descriptor").Descriptor;
        string json = InputFiles.ReadAllText(specPath!);
        try
        {
            return DescriptorSpec.FromJson(json);
        }
        catch (ArgumentException e)
        {
            throw new InputException(specPath, null, null, e.Message);
        }
    }
}
