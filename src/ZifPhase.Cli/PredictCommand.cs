using System.CommandLine;
using System.Globalization;
using System.Text;
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
        var output = new Option<string?>("--output", "-o") { Description = "CSV to write (default: stdout): row, phase, p_<class>...", HelpName = "OUT.csv" };
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
            var probabilities = model.PredictFeatures(values, parse.GetValue(threads));
            var assignment = new PhaseAssignment(Enumerable.Range(0, rows).ToArray(), probabilities, model.ClassNames);
            var sb = new StringBuilder();
            sb.Append("row,phase");
            foreach (var c in ColumnNames.Identifiers(model.ClassNames)) sb.Append(",p_").Append(c);
            sb.Append('\n');
            for (int r = 0; r < rows; r++)
            {
                sb.Append(r.ToString(CultureInfo.InvariantCulture)).Append(',').Append(model.ClassNames[assignment.Label(r)]);
                foreach (var p in assignment.Row(r)) sb.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
                sb.Append('\n');
            }
            if (parse.GetValue(output) is { } outPath)
            {
                ZifPhase.IO.AtomicFile.WriteAllText(outPath, sb.ToString());
                context.Err.WriteLine($"wrote {rows} rows to {outPath}");
            }
            else context.Out.Write(sb.ToString());
            return 0;
        }));
        return command;
    }
}
