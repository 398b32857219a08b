using System.CommandLine;
using ZifPhase.Learning;

namespace ZifPhase.Cli;

/// <summary>`zifphase evaluate MODEL.json DATASET.h5 [--json]`: metrics of a model on every row of a dataset.</summary>
public static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var modelArg = new Argument<string>("MODEL") { Description = "model file written by 'zifphase train'" };
        var datasetArg = new Argument<string>("DATASET") { Description = "dataset (.h5) built with the same descriptor" };
        var json = new Option<bool>("--json") { Description = "print one JSON object: accuracy, classes, confusion, per_class" };
        var threads = CommonOptions.Threads();
        var command = new Command("evaluate", "Evaluate a model on all rows of a dataset: accuracy, per-class precision/recall/F1, confusion counts.");
        command.Arguments.Add(modelArg);
        command.Arguments.Add(datasetArg);
        command.Options.Add(json);
        command.Options.Add(threads);
        command.SetAction(context.Guard(parse =>
        {
            var model = ModelFile.Load(parse.GetValue(modelArg)!);
            var datasetPath = parse.GetValue(datasetArg)!;
            var data = Dataset.Load(datasetPath);
            if (data.Descriptor.ToJson() != model.Descriptor.ToJson())
                throw new InputException(datasetPath, null, null,
                    $"the dataset was built with another descriptor than the model (model vs dataset: {Descriptors.DescriptorDifference.Describe(model.Descriptor, data.Descriptor)}); build the dataset with the model's descriptor or evaluate a model trained on this one");
            var rows = Enumerable.Range(0, data.Rows).ToArray();
            var metrics = Evaluation.OnRows(model, data, rows, parse.GetValue(threads));
            if (parse.GetValue(json)) context.Out.WriteLine(metrics.ToJson().ToJsonString());
            else TrainCommand.PrintMetrics(context.OutConsole(), metrics, $"accuracy {metrics.Accuracy:P2} on {metrics.Total:N0} rows of {Path.GetFileName(datasetPath)}");
            return 0;
        }));
        return command;
    }
}
