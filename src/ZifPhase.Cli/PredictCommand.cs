using System.CommandLine;
using System.Globalization;
using ZifPhase.Learning;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>`zifphase predict MODEL.json FEATURES.npy [-o OUT.csv]`: phase probabilities for descriptor rows computed elsewhere.</summary>
public static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var modelArg = new Argument<string>("MODEL") { Description = "model file written by 'zifphase train', or a shipped model's name: paper-soap, paper-bpsf" };
        var featuresArg = new Argument<string>("FEATURES") { Description = ".npy of rows × features with the model's descriptor (e.g. from 'zifphase describe' or DScribe)" };
        var output = new Option<string?>("--output", "-o") { Description = "CSV to write (default: stdout): row, phase (or unknown), p_<class>..., spread, novelty", HelpName = "OUT.csv" };
        var threads = CommonOptions.Threads();
        var command = new Command("predict", "Classify descriptor rows computed elsewhere (.npy) with a model.");
        command.Arguments.Add(modelArg);
        command.Arguments.Add(featuresArg);
        command.Options.Add(output);
        command.Options.Add(threads);
        command.SetAction(context.Guard(parse =>
        {
            var model = ModelFile.Load(ShippedModels.Resolve(parse.GetValue(modelArg)!));
            var featuresPath = parse.GetValue(featuresArg)!;
            ZifPhase.IO.FilePaths.CheckOutputs([parse.GetValue(modelArg), featuresPath], parse.GetValue(output));
            var (values, rows, columns) = NpyFile.ReadFloat32(featuresPath);
            if (columns != model.FeatureCount)
                throw new InputException(featuresPath, null, null, $"rows have {columns} features but the model takes {model.FeatureCount}");
            var assignment = model.Assign(values, null, parse.GetValue(threads));
            var csv = PredictionReport.Csv(assignment);
            if (assignment.NoveltyThreshold is not null)
                context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{assignment.UnknownCount()} of {rows} rows unknown (novelty score above {assignment.NoveltyThreshold:G4})"));
            if (parse.GetValue(output) is { } outPath)
            {
                ZifPhase.IO.AtomicFile.WriteAllText(outPath, csv);
                context.Err.WriteLine($"wrote {rows} rows to {outPath}");
            }
            else context.Out.Write(csv);
            return 0;
        }));
        return command;
    }
}
