using System.CommandLine;
using System.Globalization;
using ZifPhase.Pipeline;
using ZifPhase.Sharding;

namespace ZifPhase.Cli;

/// <summary>`zifphase merge PARTS... -o OUT`: the parts of a sharded run joined into the single-run output, byte for byte.</summary>
public static class MergeCommand
{
    public static Command Create(CliContext context)
    {
        var parts = new Argument<string[]>("PARTS")
        {
            Description = "part files written by --shard runs (e.g. soap.shard-*-of-8.npy); each needs its PART.shard.json record",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = "merged output (.npy, .csv, .h5, extxyz or dump, as the parts)", Required = true, HelpName = "OUT" };
        var remove = new Option<bool>("--remove-parts") { Description = "delete the part files and their records once the merged file is written" };
        var command = new Command("merge", "Join the parts of a sharded describe, dataset build or classify into the file one process would have written (same bytes); missing, duplicate or overlapping shards are errors.");
        command.Arguments.Add(parts);
        command.Options.Add(output);
        command.Options.Add(remove);
        command.SetAction(context.Guard(parse =>
        {
            var paths = parse.GetValue(parts)!;
            ZifPhase.IO.FilePaths.CheckOutputs(paths, parse.GetValue(output)!);
            var summary = ShardMerge.Merge(paths, parse.GetValue(output)!);
            if (parse.GetValue(remove))
            {
                foreach (var p in paths)
                {
                    var part = ShardFiles.PartOf(p);
                    File.Delete(part);
                    File.Delete(ShardFiles.RecordPath(part));
                }
            }
            context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"merged {summary.Parts} part(s): {summary.Frames} frames, {summary.Rows} rows → {summary.Output}"));
            return 0;
        }));
        return command;
    }
}
