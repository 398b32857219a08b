using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZifPhase.Learning;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>`zifphase train DATASET.h5 --preset NAME -o MODEL.json`: split, train, evaluate on the held-out rows, save.</summary>
public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var dataset = new Argument<string>("DATASET") { Description = "dataset built by 'zifphase dataset build' (.h5)" };
        var preset = new Option<string>("--preset") { Description = "training preset: paper-soap (780-100-7, sklearn defaults) or paper-bpsf (12-24-7, 350 epochs)", Required = true, HelpName = "NAME" };
        var hidden = new Option<string?>("--hidden") { Description = "hidden layer sizes, e.g. 100 or 100,50 (overrides the preset)", HelpName = "SIZES" };
        var epochs = new Option<int?>("--epochs") { Description = "maximum epochs (overrides the preset)", HelpName = "N" }.Allow(n => n is null or >= 1, "at least 1");
        var split = new Option<string>("--split") { Description = "held-out rows: random (stratified rows, the paper), frame (whole frames), block (per run an early block trained, a late block tested, a gap between), source (whole files), run (whole runs per tag and phase where there are several, else a late block after a gap), none (train on every row: a final model)", DefaultValueFactory = _ => "random", HelpName = "KIND" };
        var gap = new Option<int>("--gap-frames") { Description = "block and run splits: trajectory frames left out between the training block and the test block (4 = 1 ps at 250 fs per frame, 0.5 ps at 125 fs)", DefaultValueFactory = _ => 4, HelpName = "N" }.Allow(n => n >= 0, "at least 0");
        var weights = new Option<string>("--class-weights") { Description = "balanced (loss weight n/(k·n_c) per class) or none (every row once, the paper)", DefaultValueFactory = _ => "balanced", HelpName = "KIND" };
        var testFraction = new Option<double>("--test-fraction") { Description = "fraction of rows held out for testing", DefaultValueFactory = _ => 0.2, HelpName = "F" }.Allow(v => v > 0 && v < 1, "in (0, 1)");
        var seed = new Option<int>("--seed") { Description = "seed for the split, the initial weights and the shuffling", DefaultValueFactory = _ => 0, HelpName = "S" };
        var threads = CommonOptions.Threads();
        var output = new Option<string>("--output", "-o") { Description = "model file to write (.json); MODEL.metrics.json and confusion plots go beside it", Required = true, HelpName = "MODEL.json" };
        var training = new TrainingCliOptions();
        var command = new Command("train", "Train a phase classifier on a dataset and evaluate it on held-out rows.");
        command.Arguments.Add(dataset);
        foreach (var o in new Option[] { preset, hidden, epochs, split, gap, weights, testFraction, seed, threads, output }) command.Options.Add(o);
        training.AddTo(command);
        command.SetAction(context.Guard(parse =>
        {
            var path = parse.GetValue(dataset)!;
            var modelPath = parse.GetValue(output)!;
            var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, Path.GetFileNameWithoutExtension(modelPath));
            ZifPhase.IO.FilePaths.CheckOutputs([path], modelPath, stem + ".metrics.json");
            var splitKind = parse.GetValue(split)!;
            string[] kinds = [.. Split.Kinds, "none"];
            if (!kinds.Contains(splitKind))
                throw new UsageException($"--split '{splitKind}': use {string.Join(", ", kinds)}{Spelling.DidYouMean(splitKind, kinds)}");
            var options = Presets.Get(parse.GetValue(preset)!).Training with
            {
                Seed = parse.GetValue(seed),
                MaxDegreeOfParallelism = parse.GetValue(threads),
                ClassWeights = ParseClassWeights(parse.GetValue(weights)!),
            };
            if (parse.GetValue(hidden) is { } h) options = options with { Hidden = ParseSizes(h) };
            options = training.Apply(parse, options);
            var data = Dataset.Load(path);
            if (parse.GetValue(epochs) is { } e) options = options with { MaxEpochs = e };
            double fraction = parse.GetValue(testFraction);
            int gapFrames = parse.GetValue(gap);
            var (train, test) = Split.ByName(splitKind, data, fraction, options.Seed, gapFrames);
            if (train.Length == 0)
                throw new InputException(path, null, null, splitKind == "block"
                    ? $"no training rows: --gap-frames {gapFrames} leaves no frame to train on; lower it"
                    : $"no training rows: the {splitKind} split leaves none to train on; lower --test-fraction or use another --split");
            var left = data.Rows - train.Length - test.Length;
            context.Err.WriteLine($"{path}: {data.Rows:N0} rows × {data.Dimension} features, {data.ClassNames.Count} classes; training on {train.Length:N0}, testing on {test.Length:N0}{(left > 0 ? $", {left:N0} in the gap" : "")} ({splitKind} split)");
            if (Trainer.ImbalanceWarning(data.Labels, train, data.ClassNames) is { } warning)
                context.Warn($"{warning}{(options.ClassWeights == ClassWeighting.Balanced ? "; training with balanced class weights" : "; --class-weights none: not compensated")}");

            var result = TrainWithProgress(context, data, train, options);
            if (result.Notice is { } notice) context.Warn(notice);
            var model = PhaseClassifier.FromTraining(result, data.Descriptor, Descriptors.CentreSelection.Parse(data.Centres), data.ClassNames);
            var testResult = Evaluation.Run(model, data, test, options.MaxDegreeOfParallelism);
            var testMetrics = testResult.Metrics;
            var trainMetrics = Evaluation.OnRows(model, data, train, options.MaxDegreeOfParallelism);
            var record = new TrainingRecord
            {
                Dataset = Path.GetFileName(path),
                DatasetHash = data.ContentHash,
                Preset = parse.GetValue(preset),
                Split = splitKind,
                TestFraction = fraction,
                GapFrames = splitKind == "block" ? gapFrames : null,
                ClassWeights = ClassWeightsName(options.ClassWeights),
                Seed = options.Seed,
                Epochs = result.Epochs,
                Converged = result.Converged,
                Hidden = options.Hidden,
                TrainRows = train.Length,
                TestRows = test.Length,
                TestAccuracy = testMetrics.Total > 0 ? testMetrics.Accuracy : null,
                TestBalancedAccuracy = testMetrics.Total > 0 ? testMetrics.BalancedAccuracy : null,
                TrainAccuracy = trainMetrics.Accuracy,
                FinalLoss = result.History.Count > 0 ? result.History[^1].Loss : null,
            };
            record = WithTrainingOptions(record, options, result);
            model = model.WithTraining(record);
            ModelFile.Save(model, modelPath);

            // Nothing held out (--split none): no test scores at all rather than zeros that read like a result.
            var metricsJson = testMetrics.Total > 0 ? testMetrics.ToJson() : new System.Text.Json.Nodes.JsonObject { ["classes"] = new System.Text.Json.Nodes.JsonArray([.. data.ClassNames.Select(c => (System.Text.Json.Nodes.JsonNode?)c)]) };
            if (testMetrics.Total == 0) metricsJson["train_balanced_accuracy"] = trainMetrics.BalancedAccuracy;
            metricsJson["train_accuracy"] = trainMetrics.Accuracy;
            metricsJson["epochs"] = result.Epochs;
            metricsJson["split"] = splitKind;
            metricsJson["split_description"] = Split.Describe(splitKind, fraction, gapFrames);
            if (splitKind == "block") metricsJson["gap_frames"] = gapFrames;
            metricsJson["class_weights"] = ClassWeightsName(options.ClassWeights);
            metricsJson["ensemble"] = options.Ensemble;
            metricsJson["early_stopping"] = TrainingOptions.EarlyStoppingName(options.EarlyStopping);
            if (record.MemberBestEpochs is { } bestEpochs) metricsJson["best_epoch"] = bestEpochs[0];
            if (record.MemberValidationBalancedAccuracy is { } vba) metricsJson["validation_balanced_accuracy"] = vba[0];
            metricsJson["augment"] = options.Augment.ToString();
            metricsJson["novelty"] = TrainingOptions.NoveltySpaceName(options.NoveltySpace);
            if (testResult.UnknownFraction is { } unknown) metricsJson["unknown_fraction"] = unknown;
            ZifPhase.IO.AtomicFile.WriteAllText(stem + ".metrics.json", metricsJson.ToJsonString());
            if (testMetrics.Total > 0)
            {
                var title = $"{Path.GetFileName(modelPath)}, {HeldOut(splitKind)} ({splitKind} split)";
                Plots.ConfusionMatrix(testMetrics, stem + ".confusion", normalised: false, title);
                Plots.ConfusionMatrix(testMetrics, stem + ".confusion_normalised", normalised: true, title);
            }
            if (testMetrics.Total == 0)
                context.Out.WriteLine($"no held-out rows (--split none): training accuracy {trainMetrics.Accuracy:P2}; {EpochsNote(record)}; held-out figures must come from an experiment with the same options (experiment cross --split run)");
            else PrintMetrics(context, testMetrics, $"{splitKind} split, {HeldOut(splitKind)}: accuracy {testMetrics.Describe()}; balanced accuracy {testMetrics.Describe(balanced: true)}{UnknownNote(testResult.UnknownFraction, "held-out rows")}; training accuracy {trainMetrics.Accuracy:P2}; {EpochsNote(record)}");
            context.Err.WriteLine($"wrote {modelPath}, {stem}.metrics.json{(testMetrics.Total > 0 ? " and confusion plots" : "")}");
            return 0;
        }));
        return command;
    }

    /// <summary>The record's ensemble, early stopping, augmentation and novelty settings, and each member's epochs.</summary>
    internal static TrainingRecord WithTrainingOptions(TrainingRecord record, TrainingOptions options, TrainingResult result)
    {
        bool run = result.MemberTrainings.Any(m => m.BestEpoch is not null);
        return record with
        {
            Ensemble = options.Ensemble,
            MemberEpochs = [.. result.MemberTrainings.Select(m => m.Epochs)],
            EarlyStopping = TrainingOptions.EarlyStoppingName(options.EarlyStopping),
            MemberBestEpochs = run ? [.. result.MemberTrainings.Select(m => m.BestEpoch ?? 0)] : null,
            MemberValidationBalancedAccuracy = run ? [.. result.MemberTrainings.Select(m => m.ValidationBalancedAccuracy ?? double.NaN)] : null,
            Augment = options.Augment.ToString(),
            Novelty = TrainingOptions.NoveltySpaceName(options.NoveltySpace),
        };
    }

    /// <summary>"; unknown 0.3 % of held-out rows (accuracy counts their most probable class)", or "" without a detector.</summary>
    internal static string UnknownNote(double? fraction, string rows) => fraction is { } f
        ? string.Create(CultureInfo.InvariantCulture, $"; unknown {100 * f:F1} % of {rows} (accuracy still counts the most probable class of every row)")
        : "";

    /// <summary>"120 epochs", "3 members, 120/98/131 epochs", with the run-validation best epoch and its balanced accuracy.</summary>
    internal static string EpochsNote(TrainingRecord record)
    {
        var inv = CultureInfo.InvariantCulture;
        var epochs = record.MemberEpochs is { Count: > 1 } m ? $"{m.Count} members, {string.Join("/", m)} epochs" : $"{record.Epochs} epochs";
        if (record.MemberValidationBalancedAccuracy is { } v && record.MemberBestEpochs is { } b)
            epochs += string.Create(inv, $" (refit for the best epoch of a run-grouped validation; validation balanced accuracy {string.Join("/", v.Select(x => x.ToString("P1", inv)))})");
        return epochs;
    }

    /// <summary>What a split holds out, in words for titles and captions.</summary>
    internal static string HeldOut(string split) => split switch
    {
        "random" => "held-out rows",
        "source" => "held-out files",
        "none" => "nothing held out",
        "run" => "held-out runs (a late block after a gap where a phase has one run)",
        "block" => "late frames held out after a gap",
        _ => "held-out frames",
    };

    internal static ClassWeighting ParseClassWeights(string text) => text switch
    {
        "balanced" => ClassWeighting.Balanced,
        "none" => ClassWeighting.None,
        _ => throw new UsageException($"--class-weights '{text}': use balanced or none"),
    };

    internal static string ClassWeightsName(ClassWeighting w) => w == ClassWeighting.Balanced ? "balanced" : "none";

    internal static IReadOnlyList<int> ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new UsageException($"--hidden '{text}': give positive layer sizes, e.g. 100 or 100,50");
        return sizes;
    }

    internal static TrainingResult TrainWithProgress(CliContext context, Dataset data, int[] train, TrainingOptions options)
    {
        if (!context.ShowProgress)
            return Trainer.Fit(data, train, options);
        TrainingResult? result = null;
        context.ErrConsole().Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: options.MaxEpochs * options.Ensemble);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var progress = new SynchronousProgress<EpochReport>(r =>
                {
                    task.Value = Math.Min(task.MaxValue, (double)r.Member * options.MaxEpochs + r.Epoch);
                    var member = options.Ensemble > 1 ? $"member {r.Member + 1}/{options.Ensemble}, " : "";
                    var stage = r.Refit ? "refit " : "";
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{member}{stage}epoch {r.Epoch}: loss {r.Loss:F4}, train acc {r.TrainAccuracy:P1}{(r.ValidationLoss is { } vl ? $", val loss {vl:F4}" : "")}{(r.ValidationAccuracy is { } v ? $", val acc {v:P1}" : "")}, {clock.Elapsed.TotalSeconds:F0} s"));
                });
                result = Trainer.Fit(data, train, options, progress);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>A caption's parts, split at "; " outside parentheses (an interval's "(95 % CI …; 12 frames, …)" stays whole).</summary>
    internal static IEnumerable<string> CaptionLines(string caption)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < caption.Length; i++)
        {
            char c = caption[i];
            if (c == '(') depth++;
            else if (c == ')') depth = Math.Max(0, depth - 1);
            else if (depth == 0 && c == ';' && i + 1 < caption.Length && caption[i + 1] == ' ')
            {
                yield return caption[start..i];
                start = i + 2;
                i++;
            }
        }
        yield return caption[start..];
    }

    /// <summary>The caption as plain lines (never wrapped inside a table title), then the per-class table.</summary>
    internal static void PrintMetrics(CliContext context, Metrics m, string caption)
    {
        foreach (var line in CaptionLines(caption)) context.Out.WriteLine(line);
        var console = context.OutConsole();
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("class").AddColumn(new TableColumn("precision").RightAligned()).AddColumn(new TableColumn("recall").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned()).AddColumn(new TableColumn("rows").RightAligned());
        foreach (var c in m.PerClass)
            table.AddRow(Markup.Escape(c.Class), c.Precision.ToString("F3", CultureInfo.InvariantCulture), c.Recall.ToString("F3", CultureInfo.InvariantCulture),
                c.F1.ToString("F3", CultureInfo.InvariantCulture), c.Support.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
    }
}
