using System.CommandLine;
using ZifPhase.IO;
using ZifPhase.Pipeline;

namespace ZifPhase.Cli;

/// <summary>`zifphase convert IN OUT`: any readable format to extended XYZ or LAMMPS dump.</summary>
public static class ConvertCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("IN") { Description = "input structure or trajectory (dump, extxyz, CIF, LAMMPS data; .gz allowed)" };
        var output = new Argument<string>("OUT") { Description = "output file: .extxyz/.xyz or .lammpstrj/.dump, optionally .gz" };
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var inFormat = CommonOptions.Format("input");
        var replicate = new Option<string?>("--replicate") { Description = "build a supercell of every frame, e.g. 6,6,6 (atoms of image (i,j,k) follow those of earlier images)", HelpName = "NA,NB,NC" };
        var outFormat = new Option<string?>("--to") { Description = "output format when the extension does not tell: extxyz or dump", HelpName = "FORMAT" };
        var command = new Command("convert", "Convert a structure or trajectory to extended XYZ or LAMMPS dump, keeping per-atom columns. The output appears only when complete.");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.Options.Add(frames);
        command.Options.Add(types);
        command.Options.Add(inFormat);
        command.Options.Add(outFormat);
        command.Options.Add(replicate);
        command.SetAction(context.Guard(parse =>
        {
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            FilePaths.CheckOutputs([inPath], outPath);
            var options = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames),
                w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var (na, nb, nc) = ParseReplicas(parse.GetValue(replicate));
            var stage = new ConvertStage(outPath, CommonOptions.ParseFormat(parse.GetValue(outFormat)), (na, nb, nc));
            using var progress = ProgressDisplay.ForRun(context, "converting", null);
            using var run = FrameRun.Start(FrameSource.Of(inPath, options, CommonOptions.ParseFormat(parse.GetValue(inFormat))), stage,
                new RunOptions { Progress = progress, KeepFramesBeforeCut = true });
            var cut = run.Execute().Cut;
            progress.Dispose();
            var writer = stage.Writer;
            if (cut is not null && writer.FramesWritten == 0) throw cut;
            if (writer.FramesWritten == 0) throw new InputException(inPath, null, null, $"no frame selected ({options.Frames})");
            run.Complete();
            if (cut is not null)
            {
                context.Err.WriteLine($"zifphase: error: {cut.Message}; the {writer.FramesWritten} complete frame(s) before it were written to {outPath}");
                return 1;
            }
            context.Err.WriteLine($"wrote {writer.FramesWritten} frame(s) to {outPath}");
            return 0;
        }));
        return command;
    }

    private static (int, int, int) ParseReplicas(string? text)
    {
        if (text is null) return (1, 1, 1);
        var parts = text.Split([',', 'x', '×'], StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, out int v) && v >= 1))
            throw new UsageException($"--replicate '{text}': give three positive counts, e.g. 6,6,6");
        return (int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]));
    }
}
