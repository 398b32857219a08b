using System.CommandLine;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Pipeline;
using ZifPhase.Sharding;

namespace ZifPhase.Cli;

/// <summary>
/// `zifphase classify MODEL.json TRAJ... [-o LABELLED] [--fractions CSV] [--follow]`: per frame read →
/// neighbours → descriptor → network → write, with bounded memory.
/// </summary>
public static class ClassifyCommand
{
    public static Command Create(CliContext context)
    {
        var modelArg = new Argument<string>("MODEL") { Description = "model file written by 'zifphase train', or a shipped model's name: paper-soap, paper-bpsf" };
        var trajArg = new Argument<string[]>("TRAJ") { Description = "trajectories or structures to classify (any readable format; .gz allowed)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "labelled trajectory: .extxyz or .lammpstrj/.dump (per-atom 'phase' — a class, uncertain or unknown —, p_<class>, spread and novelty columns; OVITO and ASE read it)", HelpName = "LABELLED" };
        var fractions = new Option<string?>("--fractions") { Description = "per-frame CSV: cell, counts, fractions and mean probabilities per phase, frac_uncertain, frac_unknown", HelpName = "FRACTIONS.csv" };
        var frames = CommonOptions.Frames();
        var types = CommonOptions.Types();
        var format = CommonOptions.Format("input");
        var threshold = new Option<double>("--threshold") { Description = "a centre whose highest probability is below this is 'uncertain' (a centre the model's novelty detector rejects is 'unknown' first)", DefaultValueFactory = _ => 0.5, HelpName = "P" }
            .Allow(v => v > 0 && v <= 1, "in (0, 1]");
        var follow = new Option<bool>("--follow") { Description = "keep reading a dump that is still being written (growing file or named pipe); stops when the pipe closes, after --idle-timeout, or on Ctrl-C" };
        var idle = new Option<double>("--idle-timeout") { Description = "with --follow: seconds without new data before stopping", DefaultValueFactory = _ => 60, HelpName = "S" }
            .Allow(CommonOptions.Positive, "a positive number of seconds");
        var threads = CommonOptions.Threads();
        var resume = CommonOptions.Resume();
        var command = new Command("classify", "Classify every centre of every frame with a model; write a labelled trajectory and per-frame phase fractions.");
        command.Arguments.Add(modelArg);
        command.Arguments.Add(trajArg);
        foreach (var o in new Option[] { output, fractions, frames, types, format, threshold, follow, idle, threads, resume }) command.Options.Add(o);
        var sharding = new ShardOptions();
        sharding.AddTo(command);
        command.SetAction(context.Guard(parse =>
        {
            var model = ModelFile.Load(ShippedModels.Resolve(parse.GetValue(modelArg)!));
            var inputs = parse.GetValue(trajArg)!;
            var outPath = parse.GetValue(output);
            var csvPath = parse.GetValue(fractions);
            FilePaths.CheckOutputs([parse.GetValue(modelArg), .. inputs], outPath, csvPath);
            if (outPath is not null && csvPath is not null && FilePaths.SameFile(outPath, csvPath))
                throw new UsageException($"{csvPath}: -o and --fractions name the same file; choose another output name");
            if (parse.GetValue(resume) && outPath is not null && outPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"{outPath}: --resume works for uncompressed outputs only (a gzip output cannot be continued); write it uncompressed, e.g. -o {outPath[..^3]}, and compress it afterwards");
            if (outPath is null && csvPath is null) throw new ZifPhaseException("give -o LABELLED and/or --fractions FRACTIONS.csv: nothing would be written");
            double p = parse.GetValue(threshold);
            bool followMode = parse.GetValue(follow);
            if (followMode && inputs.Length != 1) throw new ZifPhaseException("--follow takes exactly one trajectory");
            var options = CommonOptions.ReadOptions(parse.GetValue(types), parse.GetValue(frames), w => context.Err.WriteLine($"zifphase: warning: {w}"));
            var inFormat = CommonOptions.ParseFormat(parse.GetValue(format));
            var source = new FrameSource(inputs.Select(i => new FrameInput(i, options, inFormat)));
            if (followMode) source = source.Following(TimeSpan.FromSeconds(parse.GetValue(idle)));
            if (sharding.Parse(parse) is var (shard, mode)) source = source.Sharded(shard, mode);
            var plan = source.Plan;
            var signature = RunSignature.Of("model, inputs, outputs, --frames, --types or --threshold",
                ["classify", RunSignature.FullPath(parse.GetValue(modelArg)!), .. inputs.Select(RunSignature.FullPath),
                 outPath is null ? "" : RunSignature.FullPath(outPath), csvPath is null ? "" : RunSignature.FullPath(csvPath),
                 parse.GetValue(frames), parse.GetValue(types), p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]);

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true; // finish the frame at hand, write what is complete, then stop
                cancel.Cancel();
            };
            // A shard is not stopped gently: killed, it leaves its temporary part and journal behind, so the same
            // task run again with --resume continues where it was (Slurm sends SIGTERM at the time limit).
            if (plan is null) Console.CancelKeyPress += onCancel;
            // SIGTERM (a batch system stopping the job) ends the run like Ctrl-C: complete frames are kept.
            using var onTerm = plan is not null ? null : System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                cancel.Cancel();
            });
            try
            {
                using var followView = followMode ? new FollowView(context, inputs[0]) : null;
                var stage = new ClassifyStage(model, p, outPath, csvPath, liveFractions: followMode, parse.GetValue(threads))
                {
                    FrameClassified = followView is null ? null : followView.Show,
                };
                Func<string>? status = model.Novelty is null ? null
                    : () => stage.CentresSeen == 0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", {100.0 * stage.UnknownSeen / stage.CentresSeen:F1} % unknown");
                using var progress = followMode ? null : ProgressDisplay.ForRun(context, "classifying", "Zn", status);
                // The journal records, after every frame, how far each output file is complete, so that a killed
                // run can continue with --resume. It is removed when the run ends normally.
                using var run = FrameRun.Start(source, stage, ShardOptions.Writing(parse, signature, resume) with
                {
                    Progress = progress,
                    Cancel = cancel.Token,
                    OnCancel = CancelMode.KeepComplete,
                    KeepFramesBeforeCut = true,
                    Warn = w => context.Err.WriteLine($"zifphase: warning: {w}"),
                });
                int k = 0;
                if (outPath is not null) outPath = run.OutputPaths[k++];
                if (csvPath is not null) csvPath = run.OutputPaths[k];
                var result = run.Execute();
                followView?.Dispose();
                progress?.Dispose();
                int total = result.Frames;
                long centresSeen = stage.CentresSeen, unknownSeen = stage.UnknownSeen;
                var cut = result.Cut;
                bool interrupted = result.Interrupted;
                if (total == 0 && interrupted && cut is null)
                {
                    context.Err.WriteLine($"zifphase: interrupted before any frame of {string.Join(", ", inputs)} was classified; nothing was written");
                    return 1;
                }
                if (total == 0 && (plan is null || plan.Owned > 0 || cut is not null))
                    throw cut ?? new InputException(string.Join(", ", inputs), null, null, "no frame was classified");
                run.Complete();
                if (cut is not null)
                {
                    context.Err.WriteLine($"zifphase: error: {cut.Message}; the {total} complete frame(s) before it were classified and written");
                    return 1;
                }
                var wrote = $"{(outPath is null ? "" : $"; wrote {outPath}")}{(csvPath is null ? "" : $"; wrote {csvPath}")}";
                // Unknown counts are not journaled: after a resume they cover this run's frames only, and say so.
                string ofCentres = result.ResumedFrames > 0 ? $"the {centresSeen} centres classified in this run" : $"{centresSeen} centres";
                if (model.Novelty is not null && centresSeen > 0)
                    wrote = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {unknownSeen} of {ofCentres} unknown ({100.0 * unknownSeen / centresSeen:F1} %){wrote}");
                if (result.ResumedFrames > 0) wrote = $" ({result.ResumedFrames} by the interrupted run){wrote}";
                // Ctrl-C or SIGTERM: every complete frame is written (exit 0, as when a followed pipe closes), and the
                // line says the run was cut short by the interruption, not by the input.
                context.Err.WriteLine(interrupted
                    ? $"zifphase: interrupted: classified {total} frame(s) of {string.Join(", ", inputs)}{wrote}"
                    : $"classified {total} frame(s){wrote}");
                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }
}
