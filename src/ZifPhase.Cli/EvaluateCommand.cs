using System.CommandLine;
using ZifPhase.Learning;

namespace ZifPhase.Cli;

/// <summary>`zifphase evaluate MODEL.json DATASET.h5 [--json]`: metrics of a model on every row of a dataset.</summary>
public static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var modelArg = new Argument<string>("MODEL") { Description = "model file written by 'zifphase train', or a shipped model's name: paper-soap, paper-bpsf" };
        var datasetArg = new Argument<string>("DATASET") { Description = "dataset (.h5) built with the same descriptor" };
        var json = new Option<bool>("--json") { Description = "print one JSON object: accuracy, classes, confusion, per_class, unknown_fraction (rows the model calls unknown; accuracy still uses every row's most probable class)" };
        var threads = CommonOptions.Threads();
        var command = new Command("evaluate", "Evaluate a model on all rows of a dataset: accuracy, per-class precision/recall/F1, confusion counts.");
        command.Arguments.Add(modelArg);
        command.Arguments.Add(datasetArg);
        command.Options.Add(json);
        command.Options.Add(threads);
        command.SetAction(context.Guard(parse =>
        {
            var model = ModelFile.Load(ShippedModels.Resolve(parse.GetValue(modelArg)!));
            var datasetPath = parse.GetValue(datasetArg)!;
            var data = Dataset.Load(datasetPath);
            if (!Descriptors.DescriptorDifference.Same(data.Descriptor, model.Descriptor))
                throw new InputException(datasetPath, null, null,
                    $"the dataset was built with another descriptor than the model (model vs dataset: {Descriptors.DescriptorDifference.Describe(model.Descriptor, data.Descriptor)}); build the dataset with the model's descriptor or evaluate a model trained on this one");
            var rows = Enumerable.Range(0, data.Rows).ToArray();
            var evaluation = Evaluation.Run(model, data, rows, parse.GetValue(threads));
            var metrics = evaluation.Metrics;
            // Which rows the numbers rest on: every row of this dataset, no split. When it is the dataset the model was
            // trained on, they include the training rows and say nothing about unseen data.
            bool trainedOnIt = model.Training?.DatasetHash is { } h && h == data.ContentHash;
            var split = trainedOnIt
                ? $"none: every row of {Path.GetFileName(datasetPath)}, the model's own training dataset ({model.Training!.Split} split), so training rows included"
                : $"none: every row of {Path.GetFileName(datasetPath)}";
            if (trainedOnIt) context.Warn($"{Path.GetFileName(datasetPath)} is the dataset the model was trained on: these rows include its training rows");
            if (parse.GetValue(json))
            {
                var o = metrics.ToJson();
                o["split"] = "none";
                o["split_description"] = split;
                // Accuracy scores the most probable class of every row; the unknown answer is reported beside it.
                o["unknown_fraction"] = evaluation.UnknownFraction;
                context.Out.WriteLine(o.ToJsonString());
            }
            else
            {
                TrainCommand.PrintMetrics(context, metrics, $"split {split}; accuracy {metrics.Describe()}; balanced accuracy {metrics.Describe(balanced: true)}{(evaluation.UnknownFraction is null ? "; no unknown answer (the model has no novelty detector)" : TrainCommand.UnknownNote(evaluation.UnknownFraction, "rows"))}");
            }
            return 0;
        }));
        return command;
    }
}
