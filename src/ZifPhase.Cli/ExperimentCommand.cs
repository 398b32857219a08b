using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using ZifPhase.Learning;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase experiment cross MANIFEST --preset NAME [-o DIR]`: the paper's Table 2 — train on each source tag
/// and on all, test on the held-out rows of each tag and of all.
/// </summary>
public static class ExperimentCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("experiment", "Reproducible experiments on a dataset manifest.");
        command.Subcommands.Add(CreateCross(context));
        return command;
    }

    private static Command CreateCross(CliContext context)
    {
        var manifestArg = new Argument<string>("MANIFEST") { Description = "dataset manifest (.toml) whose sources carry tags" };
        var preset = new Option<string>("--preset") { Description = "training preset: paper-soap or paper-bpsf", Required = true, HelpName = "NAME" };
        var outDir = new Option<string>("--output", "-o") { Description = "folder for dataset.h5, cross.csv, cross.md and cross.png/svg", DefaultValueFactory = _ => "cross", HelpName = "DIR" };
        var testFraction = new Option<double>("--test-fraction") { Description = "held-out fraction (one split for all models)", DefaultValueFactory = _ => 0.2, HelpName = "F" }.Allow(v => v > 0 && v < 1, "in (0, 1)");
        var split = new Option<string>("--split") { Description = "random (stratified rows, the paper), frame, block (early/late frames per run with a gap; single structures held out whole), source, or run (whole runs per tag and phase where there are several, else a late block after a gap: the honest Table 2)", DefaultValueFactory = _ => "random", HelpName = "KIND" };
        var gap = new Option<int>("--gap-frames") { Description = "block and run splits: trajectory frames left out between training and test frames of a run (4 = 1 ps at 250 fs per frame, 0.5 ps at 125 fs)", DefaultValueFactory = _ => 4, HelpName = "N" }.Allow(n => n >= 0, "at least 0");
        var weights = new Option<string>("--class-weights") { Description = "balanced (loss weight n/(k·n_c) per class) or none", DefaultValueFactory = _ => "balanced", HelpName = "KIND" };
        var epochs = new Option<int?>("--epochs") { Description = "maximum epochs (overrides the preset)", HelpName = "N" }.Allow(n => n is null or >= 1, "at least 1");
        var seed = new Option<int>("--seed") { Description = "seed for the split and the training", DefaultValueFactory = _ => 0, HelpName = "S" };
        var threads = CommonOptions.Threads();
        var training = new TrainingCliOptions();
        var command = new Command("cross", "Train on each source tag and on all; test on each tag's and all held-out rows (the paper's Table 2).");
        command.Arguments.Add(manifestArg);
        foreach (var o in new Option[] { preset, outDir, testFraction, split, gap, weights, epochs, seed, threads }) command.Options.Add(o);
        training.AddTo(command);
        command.SetAction(context.Guard(parse =>
        {
            var dir = parse.GetValue(outDir)!;
            training.Apply(parse, TrainingOptions.PaperBpsf); // refuse malformed values before the dataset is built
            ZifPhase.IO.OutputFolder.Create(dir);
            var manifest = DatasetManifest.Load(parse.GetValue(manifestArg)!, context.Warn);
            var datasetPath = Path.Combine(dir, "dataset.h5");
            DatasetBuilder.Build(manifest, datasetPath, null, parse.GetValue(threads), warn: context.Warn);
            var data = Dataset.Load(datasetPath);
            var options = Presets.Get(parse.GetValue(preset)!).Training with
            {
                Seed = parse.GetValue(seed),
                MaxDegreeOfParallelism = parse.GetValue(threads),
                ClassWeights = TrainCommand.ParseClassWeights(parse.GetValue(weights)!),
            };
            var splitKind = parse.GetValue(split)!;
            if (!Split.Kinds.Contains(splitKind)) throw new UsageException($"--split '{splitKind}': use {string.Join(", ", Split.Kinds)}{Spelling.DidYouMean(splitKind, Split.Kinds)}");
            if (parse.GetValue(epochs) is { } e) options = options with { MaxEpochs = e };
            options = training.Apply(parse, options);
            var table = CrossSourceExperiment.Run(data, options, parse.GetValue(testFraction), splitKind, parse.GetValue(gap),
                (trainedOn, rows) => context.Err.WriteLine($"training on {trainedOn} ({rows:N0} rows)"));
            CrossSourceReport.Write(table, dir, $"{parse.GetValue(preset)}: accuracy, {TrainCommand.HeldOut(splitKind)} ({splitKind} split), 95 % CI");
            var console = context.OutConsole();
            var grid = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"accuracy (95 % CI, bootstrap over frames), {TrainCommand.HeldOut(splitKind)} ({splitKind} split); rows: trained on, columns: tested on")).AddColumn("trained on");
            foreach (var t in table.TestedOn) grid.AddColumn(new TableColumn(Markup.Escape(t)).RightAligned());
            for (int i = 0; i < table.TrainedOn.Length; i++)
                grid.AddRow([Markup.Escape(table.TrainedOn[i]), .. Enumerable.Range(0, table.TestedOn.Length).Select(j => table.Cell(i, j))]);
            console.Write(grid);
            context.Err.WriteLine($"wrote {Path.Combine(dir, "cross.csv")}, cross.md and cross.png/svg");
            return 0;
        }));
        return command;
    }
}

