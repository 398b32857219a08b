using System.CommandLine;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Reporting;
using ZifPhase.Sharding;

namespace ZifPhase.Cli;

/// <summary>`zifphase describe`: descriptor rows for every centre of every selected frame, streamed to .npy, .csv or .h5.</summary>
public static class DescribeCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("INPUT") { Description = "structure or trajectory (dump, extxyz, CIF, LAMMPS data; .gz allowed)" };
        var preset = new Option<string?>("--preset") { Description = $"descriptor preset: {string.Join(", ", DescriptorSpec.PresetNames)}", HelpName = "NAME" };
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
        var command = new Command("describe", "Compute a descriptor (BPSF/ACSF or SOAP, DScribe-compatible) for every centre of every selected frame.");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { preset, spec, centres, frames, types, format, dtype, threads, output }) command.Options.Add(o);
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
            FilePaths.CheckOutputs([inPath, parse.GetValue(spec)], outPath);
            var options = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var attributes = new Dictionary<string, string>
            {
                ["descriptor_spec"] = descriptorSpec.ToJson(),
                ["source"] = inPath,
                ["centres"] = selection.ToString(),
            };
            var inFormat = CommonOptions.ParseFormat(parse.GetValue(format));
            ShardRecorder? recorder = null;
            if (sharding.Parse(parse) is var (shard, mode))
            {
                var plan = ShardPlan.Create([(inPath, options, inFormat)], shard, mode);
                options = plan.Restrict(options, 0);
                var kind = Path.GetExtension(outPath).ToLowerInvariant() switch
                {
                    ".npy" => ShardOutputKind.FeaturesNpy,
                    ".csv" => ShardOutputKind.FeaturesCsv,
                    _ => ShardOutputKind.FeaturesHdf5,
                };
                recorder = new ShardRecorder(plan, kind, outPath, ShardOptions.Signature(parse), ShardOptions.CommandLine(parse), [inPath]);
                outPath = recorder.PartPath;
            }
            using var file = TrajectoryReader.Open(inPath, options, inFormat);
            using var writer = FeatureMatrixWriter.Create(outPath, descriptor.FeatureNames, type, attributes);
            var describer = new FrameDescriber(descriptor, selection, parse.GetValue(threads));
            TruncatedFrameException? cut = null;
            try
            {
                ProgressDisplay.ForFile(context, file, "describing", "centres", frame =>
                {
                    long before = writer.RowCount;
                    int n = describer.Describe(frame, writer);
                    recorder?.Add(0, frame.Index, writer.RowCount - before, writer.Position);
                    return n;
                });
            }
            catch (TruncatedFrameException e) when (writer.RowCount > 0)
            {
                cut = e; // keep the rows of the complete frames, then report the cut one
            }
            if (writer.RowCount == 0 && recorder is null) throw new InputException(inPath, null, null, $"no centre '{selection}' in the selected frames");
            writer.Complete();
            recorder?.Complete([.. attributes]);
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
        if (preset is not null) return DescriptorSpec.Preset(preset);
        string json;
        try
        {
            json = File.ReadAllText(specPath!);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(specPath, null, null, "no such file");
        }
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
