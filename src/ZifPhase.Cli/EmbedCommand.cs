using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.Learning;
using ZifPhase.Reporting;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase embed DATASET.h5 [--sample N] [--perplexity P] [--seed S] [--iterations N] [-o DIR]`: t-SNE of a
/// seeded, class-stratified sample of descriptor rows (columns z-scored over the sample unless --raw), written as
/// DIR/embedding.csv and the plots DIR/tsne_phase and DIR/tsne_tag (.png and .svg).
/// </summary>
public static class EmbedCommand
{
    public static Command Create(CliContext context)
    {
        var datasetArg = new Argument<string>("DATASET") { Description = "dataset built by 'zifphase dataset build' (.h5)" };
        var sample = new Option<int>("--sample") { Description = "rows to embed, a seeded sample stratified by class (all rows when fewer)", DefaultValueFactory = _ => 5000, HelpName = "N" }.Allow(n => n >= 4, "at least 4");
        var perplexity = new Option<double>("--perplexity") { Description = "t-SNE perplexity (effective neighbours)", DefaultValueFactory = _ => 30, HelpName = "P" }.Allow(v => v >= 1 && double.IsFinite(v), "at least 1");
        var seed = new Option<int>("--seed") { Description = "seed for the sample and the initial layout", DefaultValueFactory = _ => 0, HelpName = "S" };
        var iterations = new Option<int>("--iterations") { Description = "gradient-descent iterations (the first 250 with early exaggeration)", DefaultValueFactory = _ => 1000, HelpName = "N" }.Allow(n => n >= 1, "at least 1");
        var raw = new Option<bool>("--raw") { Description = "embed the features as stored (default: each column z-scored over the sample)" };
        var threads = CommonOptions.Threads();
        var output = new Option<string>("--output", "-o") { Description = "folder for embedding.csv and the tsne_phase / tsne_tag plots", DefaultValueFactory = _ => ".", HelpName = "DIR" };
        var command = new Command("embed", "2-D t-SNE of a sample of dataset rows, coloured by phase and by source tag (CSV and PNG/SVG plots).");
        command.Arguments.Add(datasetArg);
        foreach (var o in new Option[] { sample, perplexity, seed, iterations, raw, threads, output }) command.Options.Add(o);
        command.SetAction(context.Guard(parse =>
        {
            var path = parse.GetValue(datasetArg)!;
            int sampleSize = parse.GetValue(sample);
            int iterationCount = parse.GetValue(iterations);
            double perp = parse.GetValue(perplexity);
            var dir = parse.GetValue(output)!;
            ZifPhase.IO.FilePaths.RefuseOverwrite([path], Path.Combine(dir, "embedding.csv"));
            var data = Dataset.Load(path);
            if (data.Rows < 4) throw new InputException(path, null, null, $"t-SNE needs at least 4 rows, the dataset has {data.Rows}");

            var rows = Tsne.StratifiedSample(data.Labels, sampleSize, parse.GetValue(seed));
            var features = data.Gather(rows, standardise: !parse.GetValue(raw));
            var options = new TsneOptions
            {
                Perplexity = perp,
                Iterations = iterationCount,
                Seed = parse.GetValue(seed),
                MaxDegreeOfParallelism = parse.GetValue(threads),
            };
            context.Err.WriteLine($"{path}: embedding {rows.Length:N0} of {data.Rows:N0} rows × {data.Dimension} features " +
                $"({(rows.Length >= options.ExactBelow ? "Barnes–Hut" : "exact")} gradient, perplexity {Tsne.EffectivePerplexity(perp, rows.Length).ToString("G4", CultureInfo.InvariantCulture)})");
            var result = FitWithProgress(context, new Tsne(options), features, data.Dimension);

            bool byTag = EmbeddingReport.Write(dir, path, data, rows, result);
            context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"KL divergence {result.KlDivergence:F4} after {result.Iterations} iterations; wrote {Path.Combine(dir, "embedding.csv")} and tsne_phase{(byTag ? " / tsne_tag plots" : " plot (one source tag: no tsne_tag)")}"));
            return 0;
        }));
        return command;
    }

    private static TsneResult FitWithProgress(CliContext context, Tsne tsne, float[] features, int dimension)
    {
        if (!context.ShowProgress) return tsne.Fit(features, dimension);
        TsneResult? result = null;
        context.ErrConsole().Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("t-SNE", maxValue: tsne.Options.Iterations);
                var progress = new SynchronousProgress<TsneProgress>(p =>
                {
                    task.Value = p.Iteration;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"t-SNE iteration {p.Iteration}: KL {p.KlDivergence:F4}"));
                });
                result = tsne.Fit(features, dimension, progress);
                task.Value = task.MaxValue;
            });
        return result!;
    }
}
