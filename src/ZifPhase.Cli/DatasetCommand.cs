using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;

namespace ZifPhase.Cli;

/// <summary>`zifphase dataset build MANIFEST -o DATASET.h5`: labelled descriptor rows from a TOML manifest, stored as HDF5.</summary>
public static class DatasetCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("dataset", "Labelled datasets of descriptor rows for training phase classifiers.");
        command.Subcommands.Add(Build(context));
        return command;
    }

    private static Command Build(CliContext context)
    {
        var manifestArg = new Argument<string>("MANIFEST") { Description = "dataset manifest (TOML): descriptor, centers and [[source]] tables with path, phase, tag, frames, types" };
        var output = new Option<string>("--output", "-o") { Description = "output dataset (.h5, readable by h5py)", Required = true, HelpName = "DATASET.h5" };
        var threads = CommonOptions.Threads();
        var resume = CommonOptions.Resume();
        var command = new Command("build", "Compute the manifest's descriptor for every centre of every selected frame of every source, with its phase label and provenance.");
        command.Arguments.Add(manifestArg);
        command.Options.Add(output);
        command.Options.Add(threads);
        command.Options.Add(resume);
        var sharding = new ShardOptions();
        sharding.AddTo(command);
        command.SetAction(context.Guard(parse =>
        {
            var manifestPath = parse.GetValue(manifestArg)!;
            var outPath = parse.GetValue(output)!;
            FilePaths.CheckOutputs([manifestPath], outPath);
            var manifest = DatasetManifest.Load(manifestPath, context.Warn);
            FilePaths.CheckOutputs(manifest.Sources.Select(manifest.ResolvePath), outPath);
            int nThreads = parse.GetValue(threads);
            var source = DatasetBuildStage.Source(manifest, context.Warn);
            if (sharding.Parse(parse) is var (shard, mode)) source = source.Sharded(shard, mode);
            var stage = new DatasetBuildStage(manifest, outPath, nThreads, sharded: source.Plan is not null);
            var options = ShardOptions.Writing(parse, RunSignature.Of("manifest, its sources or the output",
                ["dataset build", RunSignature.FullPath(manifestPath), manifest.Text, .. manifest.Sources.Select(manifest.ResolvePath), RunSignature.FullPath(outPath)]), resume);
            DatasetSummary summary;
            (summary, outPath) = context.ShowProgress
                ? BuildWithProgress(context, manifest, source, stage, options)
                : Build(source, stage, options);
            WriteSummary(context, summary, manifest);
            context.Err.WriteLine($"wrote {summary.Rows} rows × {summary.Dimension} features to {outPath}");
            return 0;
        }));
        return command;
    }

    private static (DatasetSummary, string) Build(FrameSource source, DatasetBuildStage stage, RunOptions options)
    {
        var summary = DatasetBuilder.Run(source, stage, options).Summary;
        return (summary, stage.Writer.Path);
    }

    private static (DatasetSummary, string) BuildWithProgress(CliContext context, DatasetManifest manifest, FrameSource source, DatasetBuildStage stage, RunOptions options)
    {
        (DatasetSummary, string) built = default;
        context.ErrConsole().Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var tasks = manifest.Sources.Select(s => ctx.AddTask(Markup.Escape($"{s.Phase} {Path.GetFileName(s.Path)}"), autoStart: false, maxValue: 1)).ToArray();
                var progress = new InlineProgress<DatasetProgress>(p =>
                {
                    var task = tasks[p.Source];
                    if (!task.IsStarted) task.StartTask();
                    task.MaxValue = Math.Max(p.BytesTotal, 1);
                    task.Value = p.SourceDone ? task.MaxValue : p.BytesRead;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{manifest.Sources[p.Source].Phase} {Path.GetFileName(p.Path)}: {p.Frames} frames, {p.Rows} rows"));
                    if (p.SourceDone) task.StopTask();
                });
                built = Build(source, stage, options with { Progress = DatasetBuilder.DatasetProgressOf(manifest, progress) });
            });
        return built;
    }

    private static void WriteSummary(CliContext context, DatasetSummary summary, DatasetManifest manifest)
    {
        var console = context.OutConsole();
        var inv = CultureInfo.InvariantCulture;
        var classes = new Table().AddColumn("phase").AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach (var name in manifest.ClassNames)
        {
            long n = summary.RowsPerClass[name];
            classes.AddRow(Markup.Escape(name), n.ToString(inv), summary.Rows == 0 ? "" : (n / (double)summary.Rows).ToString("P1", inv));
        }
        classes.AddRow("[bold]total[/]", summary.Rows.ToString(inv), "");
        console.Write(classes);
        var tags = new Table().AddColumn("tag").AddColumn(new TableColumn("rows").RightAligned()).AddColumn("phases");
        foreach (var (tag, n) in summary.RowsPerTag)
        {
            var phases = manifest.Sources.Where(s => s.Tag == tag).Select(s => s.Phase).Distinct();
            tags.AddRow(Markup.Escape(tag), n.ToString(inv), Markup.Escape(string.Join(", ", phases)));
        }
        console.Write(tags);
    }
}
