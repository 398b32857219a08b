using System.CommandLine;
using Spectre.Console;
using ZifPhase.Analysis;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Reporting;
using ZifPhase.Sharding;
using ZifPhase.Structures;

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
        var resume = new Option<bool>("--resume") { Description = "continue a run that was killed, from its last complete frame (same arguments; uncompressed outputs); the result equals an uninterrupted run" };
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
            if (followMode) TrajectoryReader.CheckFollowable(inputs[0], options);
            ShardPlan? plan = null;
            ShardRecorder? labelledParts = null, csvParts = null;
            if (sharding.Parse(parse) is var (shard, mode))
            {
                if (followMode) throw new ZifPhaseException("--follow cannot be sharded: a file that is still growing has no known number of frames");
                plan = ShardPlan.Create([.. inputs.Select(i => (i, options, inFormat))], shard, mode);
                string signature = ShardOptions.Signature(parse), commandLine = ShardOptions.CommandLine(parse);
                if (outPath is not null)
                {
                    labelledParts = new ShardRecorder(plan, ShardOutputKind.Labelled, outPath, signature, commandLine, inputs);
                    outPath = labelledParts.PartPath;
                }
                if (csvPath is not null)
                {
                    csvParts = new ShardRecorder(plan, ShardOutputKind.FractionsCsv, csvPath, signature, commandLine, inputs);
                    csvPath = csvParts.PartPath;
                }
            }

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
                // The journal records, after every frame, how far each output file is complete, so that a killed
                // run can continue with --resume. It is removed when the run ends normally.
                var journalPath = (outPath ?? csvPath!) + ".resume";
                var signature = string.Join("|", [Path.GetFullPath(parse.GetValue(modelArg)!), .. inputs.Select(Path.GetFullPath),
                    outPath ?? "", csvPath ?? "", parse.GetValue(frames) ?? "", parse.GetValue(types) ?? "", p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)]);
                // A shard task re-run by the scheduler resumes when it can and starts afresh when it has nothing to resume.
                bool resuming = parse.GetValue(resume) && (plan is null || File.Exists(journalPath));
                var journal = resuming ? ResumeJournal.Open(journalPath, signature) : ResumeJournal.Create(journalPath, signature);
                using var journalFile = journal;
                var last = journal.Last;
                foreach (var e in journal.Entries)
                {
                    labelledParts?.Add(e.Input, e.Frame, e.Centres, e.LabelledBytes);
                    csvParts?.Add(e.Input, e.Frame, e.Centres, e.CsvBytes);
                }
                using var labelled = outPath is null ? null : new TrajectoryWriter(outPath, null, last?.LabelledBytes);
                using var csv = csvPath is null ? null
                    : new FractionsCsvWriter(csvPath, last is null ? null : (last.CsvBytes, model.ClassNames), live: followMode);
                var classifier = model.ForFrames(parse.GetValue(threads));
                int total = journal.FramesDone;
                long centresSeen = 0, unknownSeen = 0;
                TruncatedFrameException? cut = null;
                for (int inputIndex = 0; inputIndex < inputs.Length; inputIndex++)
                {
                    var input = inputs[inputIndex];
                    if (last is not null && inputIndex < last.Input) continue;
                    if (plan is not null && plan.Ranges[inputIndex] is null) continue; // none of this shard's frames
                    var inputOptions = plan is null ? options : plan.Restrict(options, inputIndex);
                    TrajectoryFile file;
                    try
                    {
                        file = followMode
                            ? TrajectoryReader.OpenFollow(input, TimeSpan.FromSeconds(parse.GetValue(idle)), cancel.Token, options, inFormat)
                            : TrajectoryReader.Open(input, inputOptions, inFormat);
                    }
                    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                    {
                        break; // interrupted while waiting for a followed file to appear
                    }
                    using var openFile = file;
                    PhaseFractions? ClassifyFrame(Frame frame)
                    {
                        if (last is not null && inputIndex == last.Input && frame.Index <= last.Frame) return null; // done before
                        var assignment = classifier.Classify(frame);
                        var row = PhaseFractions.Of(frame, assignment, p);
                        centresSeen += assignment.Centres.Length;
                        unknownSeen += assignment.UnknownCount();
                        labelled?.Write(PhaseLabels.Attach(frame, assignment, p));
                        csv?.Write(row);
                        long labelledEnd = labelled?.FlushPosition() ?? 0, csvEnd = csv?.Position ?? 0;
                        journal.Record(inputIndex, frame.Index, labelledEnd, csvEnd, assignment.Centres.Length);
                        labelledParts?.Add(inputIndex, frame.Index, assignment.Centres.Length, labelled!.UncompressedFlushed);
                        csvParts?.Add(inputIndex, frame.Index, assignment.Centres.Length, csvEnd);
                        total++;
                        return row;
                    }
                    try
                    {
                        if (followMode) ProgressDisplay.Follow(context, file, ClassifyFrame, cancel.Token);
                        else ProgressDisplay.ForFile(context, file, "classifying", "Zn", frame => ClassifyFrame(frame)?.Centres ?? 0, cancel.Token,
                            model.Novelty is null ? null : () => centresSeen == 0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", {100.0 * unknownSeen / centresSeen:F1} % unknown"));
                    }
                    catch (InputException) when (file.FollowEnded && cancel.IsCancellationRequested)
                    {
                        // Interrupted (Ctrl-C, SIGTERM) while a frame was arriving: the stop is ours, not the
                        // writer's, so the file is not blamed; the final line says the run was interrupted.
                    }
                    catch (InputException e) when (file.FollowEnded)
                    {
                        // The writer stopped in the middle of a frame: that frame is incomplete and is not classified.
                        context.Err.WriteLine($"zifphase: warning: stopped following {input} after {file.FollowedBytes} bytes; its last frame is incomplete and was not classified ({e.Reason})");
                    }
                    catch (TruncatedFrameException e)
                    {
                        // Keep the complete frames (written below), then report the cut one.
                        cut = e;
                        break;
                    }
                    if (cancel.IsCancellationRequested) break;
                }
                bool interrupted = cancel.IsCancellationRequested;
                if (total == 0 && interrupted && cut is null)
                {
                    context.Err.WriteLine($"zifphase: interrupted before any frame of {string.Join(", ", inputs)} was classified; nothing was written");
                    return 1;
                }
                if (total == 0 && (plan is null || plan.Owned > 0 || cut is not null))
                    throw cut ?? new InputException(string.Join(", ", inputs), null, null, "no frame was classified");
                labelled?.Complete();
                csv?.Complete();
                labelledParts?.Complete();
                csvParts?.Complete();
                journal.Finish();
                if (cut is not null)
                {
                    context.Err.WriteLine($"zifphase: error: {cut.Message}; the {total} complete frame(s) before it were classified and written");
                    return 1;
                }
                var wrote = $"{(outPath is null ? "" : $"; wrote {outPath}")}{(csvPath is null ? "" : $"; wrote {csvPath}")}";
                if (model.Novelty is not null && centresSeen > 0)
                    wrote = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {unknownSeen} of {centresSeen} centres unknown ({100.0 * unknownSeen / centresSeen:F1} %){wrote}");
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
