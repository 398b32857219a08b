using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.Descriptors;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Neighbors;
using ZifPhase.Pipeline;
using ZifPhase.Reporting;
using ZifPhase.Structures;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase bench`: whole-operation timings on the paper's benchmark system (ZIF-4 6×6×6, 58,752 atoms,
/// 3,456 Zn), for the README's performance table. BenchmarkDotNet (bench/) gives the statistically careful
/// numbers; this command answers "how fast on my machine" in seconds.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var structure = new Option<string>("--structure")
        {
            Description = "unit cell to replicate",
            DefaultValueFactory = _ => Path.Combine("data", "structures", "lewis-2009", "ZIF-4.cif"),
            HelpName = "FILE",
        };
        var replicas = new Option<int>("--supercell") { Description = "replicas along each axis", DefaultValueFactory = _ => 6, HelpName = "N" }.Allow(n => n >= 1, "at least 1");
        var repeat = new Option<int>("--repeat") { Description = "timed repetitions (the median is reported)", DefaultValueFactory = _ => 5, HelpName = "N" }.Allow(n => n >= 1, "at least 1");
        var threads = CommonOptions.Threads();
        var descriptors = new Option<string>("--descriptors")
        {
            Description = "descriptor presets to time as a whole describe of 5 frames (comma-separated; 'none' to skip)",
            DefaultValueFactory = _ => "paper-bpsf,paper-soap",
            HelpName = "LIST",
        };
        var mlp = new Option<bool>("--mlp") { Description = "time only one training epoch of 780-100-7 and 12-24-7 (20,000 random rows, batch 200) at 1 and 2 threads" };
        var command = new Command("bench", "Time the neighbour list and dump parsing on a ZIF-4 supercell (figures for the README's performance table).");
        command.Options.Add(structure);
        command.Options.Add(replicas);
        command.Options.Add(repeat);
        command.Options.Add(threads);
        command.Options.Add(descriptors);
        command.Options.Add(mlp);
        command.SetAction(context.Guard(parse =>
        {
            int n = parse.GetValue(replicas), reps = Math.Max(1, parse.GetValue(repeat)), threadCount = parse.GetValue(threads);
            if (parse.GetValue(mlp))
            {
                context.OutConsole().Write(MlpEpochTable(reps));
                return 0;
            }
            var cell = TrajectoryReader.ReadFirst(parse.GetValue(structure)!);
            var frame = cell.Replicate(n, n, n);
            var zn = frame.IndicesOf(Element.Zn);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("benchmark").AddColumn("median").AddColumn("rate");
            context.Err.WriteLine($"system: {Path.GetFileName(parse.GetValue(structure))} {n}×{n}×{n}, {frame.AtomCount} atoms, {zn.Length} Zn, {Environment.ProcessorCount} cores");

            NeighborList? list = null;
            double tNeighbors = Median(reps, () => list = NeighborList.Build(frame, zn, 12.72, null, threadCount));
            table.AddRow("neighbour list, Zn centres, all atoms ≤ 12.72 Å", $"{tNeighbors:F3} s",
                $"{zn.Length / tNeighbors:N0} centres/s, {list!.PairCount / (double)zn.Length:F1} neighbours/centre");

            var dumpPath = Path.Combine(Path.GetTempPath(), $"zifphase-bench-{Environment.ProcessId}.lammpstrj");
            try
            {
                const int frames = 5;
                TrajectoryWriter.WriteAll(dumpPath, Enumerable.Range(0, frames).Select(i =>
                    new Frame(frame.Positions, frame.Elements, frame.Cell) { Step = i }));
                long bytes = new FileInfo(dumpPath).Length;
                double tDump = Median(reps, () =>
                {
                    if (TrajectoryReader.ParseAll(dumpPath) != frames) throw new InvalidOperationException("dump benchmark read the wrong number of frames");
                });
                table.AddRow($"LAMMPS dump parsing ({frames} frames, {bytes / 1e6:F0} MB)", $"{tDump:F3} s", $"{bytes / 1e6 / tDump:F0} MB/s");

                foreach (var name in parse.GetValue(descriptors)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (name == "none") continue;
                    var preset = Presets.Get(name, "descriptor");
                    var spec = preset.Descriptor;
                    var descriptor = spec.Create(threadCount);
                    double tCompute = Median(reps, () => descriptor.Compute(frame, zn, threadCount));
                    table.AddRow($"{name}, one frame in memory (neighbours + descriptor)", $"{tCompute:F3} s", $"{zn.Length / tCompute:N0} centres/s");
                    var npy = dumpPath + ".npy";
                    double t = Median(reps, () => FrameRun.ToEnd(FrameSource.Of(dumpPath),
                        new DescribeStage(npy, new FrameDescriber(descriptor, CentreSelection.Of(Element.Zn), threadCount), FeatureDType.Float32, new Dictionary<string, string>())));
                    File.Delete(npy);
                    table.AddRow($"describe {name} ({frames} frames × {zn.Length} Zn, read + neighbours + descriptor + .npy)", $"{t:F3} s",
                        $"{frames * zn.Length / t:N0} centres/s");

                    // classify: the same pipeline plus the network, the fractions CSV and a labelled dump. The
                    // weights are random (the timing does not depend on them); the shape is the paper's.
                    var model = new PhaseClassifier(spec, CentreSelection.Of(Element.Zn), new Scaler(ScalerKind.None, new double[descriptor.Dimension], Enumerable.Repeat(1.0, descriptor.Dimension).ToArray()),
                        new Mlp([descriptor.Dimension, .. preset.Hidden, 7], 0), [.. Phases.Known]);
                    var labelledPath = dumpPath + ".labelled.lammpstrj";
                    var csvPath = dumpPath + ".fractions.csv";
                    double tc = Median(reps, () => FrameRun.ToEnd(FrameSource.Of(dumpPath),
                        new ClassifyStage(model, 0.5, labelledPath, csvPath, maxDegreeOfParallelism: threadCount)));
                    File.Delete(labelledPath);
                    File.Delete(csvPath);
                    table.AddRow($"classify with a {name} model ({frames} frames, labelled dump + fractions CSV)", $"{tc:F3} s",
                        $"{frames / tc:F2} frames/s, {frames * zn.Length / tc:N0} Zn/s");
                }
            }
            finally
            {
                File.Delete(dumpPath);
            }
            context.OutConsole().Write(table);
            context.Err.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
            return 0;
        }));
        return command;
    }

    /// <summary>One epoch (Adam, batch 200, no scaling) on 20,000 random rows, best of the repeats after a warm-up.</summary>
    private static Table MlpEpochTable(int repeats)
    {
        const int rows = 20_000;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("network").AddColumn("threads").AddColumn("ms/epoch").AddColumn("rows/s");
        foreach (var sizes in new[] { new[] { 780, 100, 7 }, new[] { 12, 24, 7 } })
        {
            var rng = new Random(1);
            var x = new float[rows * sizes[0]];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
            var y = new int[rows];
            for (int i = 0; i < rows; i++) y[i] = rng.Next(sizes[^1]);
            var all = Enumerable.Range(0, rows).ToArray();
            foreach (int t in new[] { 1, 2 })
            {
                var options = new TrainingOptions
                {
                    Hidden = sizes[1..^1], MaxEpochs = 1, BatchSize = 200, Scaler = ScalerKind.None,
                    EarlyStopping = EarlyStopping.None, MaxDegreeOfParallelism = t,
                    NoveltySpace = NoveltySpace.None, // the epoch alone is timed, not the detector's calibration
                };
                Trainer.Fit(x, sizes[0], y, sizes[^1], all, options);
                double best = double.MaxValue;
                for (int r = 0; r < repeats; r++)
                {
                    var sw = Stopwatch.StartNew();
                    Trainer.Fit(x, sizes[0], y, sizes[^1], all, options);
                    best = Math.Min(best, sw.Elapsed.TotalSeconds);
                }
                table.AddRow(string.Join("-", sizes), t.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{best * 1e3:F1}", $"{rows / best:N0}");
            }
        }
        return table;
    }

    private static double Median(int repeats, Action body)
    {
        body(); // warm-up: JIT and caches
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            body();
            times[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
