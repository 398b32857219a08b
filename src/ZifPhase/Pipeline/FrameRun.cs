using ZifPhase.IO;
using ZifPhase.Sharding;

namespace ZifPhase.Pipeline;

/// <summary>What a run does when its <see cref="RunOptions.Cancel"/> token fires.</summary>
public enum CancelMode
{
    /// <summary>Stop after the frame at hand; the outputs keep every complete frame (classify on Ctrl-C or SIGTERM).</summary>
    KeepComplete,

    /// <summary>Throw <see cref="OperationCanceledException"/>; the outputs and the journal are removed.</summary>
    Discard,

    /// <summary>Throw <see cref="OperationCanceledException"/>, leaving the temporary outputs and the journal as a
    /// killed run leaves them, to be continued with <see cref="RunOptions.Resume"/>.</summary>
    Suspend,
}

/// <summary>
/// Progress of a run, reported after every frame and once when an input is done: input <paramref name="Input"/>
/// (0-based) of <paramref name="InputCount"/>, the frames and items (centres, rows) of that input so far in this
/// run, and bytes of its file read so far of <paramref name="Length"/> (on disk: compressed for gzip; 0 when unknown,
/// a pipe), for an ETA.
/// </summary>
public sealed record RunProgress(int Input, int InputCount, string Path, int Frames, long Items, long BytesRead, long Length, bool InputDone);

/// <summary>How a <see cref="FrameRun"/> runs. Every member is optional.</summary>
public sealed record RunOptions
{
    /// <summary>The run's signature: needed for a journal and for shard records.</summary>
    public RunSignature? Signature { get; init; }

    /// <summary>Keep a resume journal (FIRST-OUTPUT.resume) while the run lasts, so that a killed run can continue.</summary>
    public bool Journal { get; init; }

    /// <summary>Continue the run a journal describes. A sharded run without a journal starts afresh (a scheduler
    /// re-running a task); otherwise a missing journal is an error.</summary>
    public bool Resume { get; init; }

    /// <summary>The command line shown in shard records (without --shard, --threads and --resume).</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>Receives a <see cref="RunProgress"/> after every frame and when an input is done (on the run's thread).</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Stops the run before the next frame (see <see cref="OnCancel"/>).</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>What a cancelled run leaves: by default nothing (<see cref="CancelMode.Discard"/>).</summary>
    public CancelMode OnCancel { get; init; } = CancelMode.Discard;

    /// <summary>A frame cut short by the end of a file stops the run and is reported in <see cref="RunResult.Cut"/>;
    /// the complete frames before it stay written. Otherwise the <see cref="TruncatedFrameException"/> propagates.</summary>
    public bool KeepFramesBeforeCut { get; init; }

    /// <summary>Receives non-fatal remarks (a followed file that ended inside a frame).</summary>
    public Action<string>? Warn { get; init; }
}

/// <summary>What a run did: frames and items over the whole run (a resumed run's included), whether it was
/// interrupted (<see cref="CancelMode.KeepComplete"/>) and the frame cut short, if any.</summary>
public sealed record RunResult(int Frames, long Items, int ResumedFrames, bool Interrupted, TruncatedFrameException? Cut);

/// <summary>
/// One loop over frames for every stage: reads the source's frames (selection, shard restriction, following),
/// hands each to the stage, checkpoints every output into the resume journal and the shard records after every
/// frame, reports progress, keeps the complete frames before a cut one, and stops on cancellation.
/// <see cref="Start"/> opens it, <see cref="Execute"/> runs the frames, <see cref="Complete"/> gives the outputs
/// their final names; disposing before that removes what the run wrote (unless suspended).
/// </summary>
public sealed class FrameRun : IDisposable
{
    private readonly FrameSource _source;
    private readonly FrameStage _stage;
    private readonly RunOptions _options;
    private readonly ResumeJournal? _journal;
    private readonly IReadOnlyList<IFrameOutput> _outputs;
    private readonly ShardRecorder?[] _recorders;
    private readonly int[] _frames;
    private readonly long[] _items;
    private bool _closed;

    /// <summary>The files the outputs are written to: the targets, or their shard parts.</summary>
    public IReadOnlyList<string> OutputPaths { get; }

    /// <summary>Frames done by the interrupted run this one resumes (0 when none).</summary>
    public int ResumedFrames { get; }

    private FrameRun(FrameSource source, FrameStage stage, RunOptions options)
    {
        _source = source;
        _stage = stage;
        _options = options;
        var targets = stage.Targets;
        _frames = new int[source.Inputs.Count];
        _items = new long[source.Inputs.Count];
        _recorders = new ShardRecorder?[targets.Count];
        var paths = new string[targets.Count];
        for (int k = 0; k < targets.Count; k++)
        {
            paths[k] = targets[k].Path;
            if (source.Plan is null) continue;
            var signature = options.Signature ?? throw new ArgumentException("a sharded run needs a signature");
            _recorders[k] = new ShardRecorder(source.Plan, targets[k].Kind, targets[k].Path, signature.Hash, options.CommandLine,
                [.. source.Inputs.Select(i => i.RecordName)]);
            paths[k] = _recorders[k]!.PartPath;
        }
        OutputPaths = paths;
        bool resuming = false;
        try
        {
            if ((options.Journal || options.Resume) && paths.Length > 0)
            {
                var journalPath = paths[0] + ".resume";
                var signature = options.Signature ?? throw new ArgumentException("a journal needs a run signature");
                // A shard task re-run by the scheduler resumes when it can and starts afresh when it has nothing to resume.
                resuming = options.Resume && (source.Plan is null || File.Exists(journalPath));
                _journal = resuming ? ResumeJournal.Open(journalPath, signature, targets.Count) : ResumeJournal.Create(journalPath, signature);
            }
            var last = _journal?.Last;
            ResumedFrames = _journal?.FramesDone ?? 0;
            foreach (var e in _journal?.Entries ?? [])
            {
                if (e.Input >= _frames.Length)
                    throw new InputException(paths[0] + ".resume", null, null, $"lists input {e.Input}, but the run has {_frames.Length}; the journal is damaged");
                _frames[e.Input]++;
                _items[e.Input] += e.Items;
            }
            _outputs = stage.Open(paths, last, _items.Sum());
            foreach (var e in _journal?.Entries ?? [])
                for (int k = 0; k < _outputs.Count; k++)
                    _recorders[k]?.Add(e.Input, e.Frame, e.Items, _outputs[k].PartEnd(e.Checkpoints[k]));
        }
        catch (InputException e) when (_journal is not null && resuming)
        {
            // A refused resume leaves the journal and the temporary outputs as they are: the user may fix the
            // cause and resume, or start afresh without --resume.
            _journal.Suspend();
            if (e.Reason.EndsWith(ResumeJournal.Refused, StringComparison.Ordinal)) throw;
            throw new InputException(e.File, e.FrameIndex, e.Line,
                e.Reason.EndsWith("cannot resume", StringComparison.Ordinal) ? e.Reason[..^"cannot resume".Length] + ResumeJournal.Refused : e.Reason + "; " + ResumeJournal.Refused, e);
        }
        catch
        {
            _journal?.Dispose();
            throw;
        }
    }

    /// <summary>Opens a run: creates (or, resuming, reopens) the journal and the stage's outputs. A stage without
    /// outputs (an analysis) keeps no journal and no shard record.</summary>
    /// <exception cref="InputException">Resuming without a journal, or with one of another run.</exception>
    public static FrameRun Start(FrameSource source, FrameStage stage, RunOptions? options = null) => new(source, stage, options ?? new RunOptions());

    /// <summary>Starts, executes and completes a run; a frame cut short propagates (or, with
    /// <see cref="RunOptions.KeepFramesBeforeCut"/>, is in the result, the frames before it written).</summary>
    public static RunResult ToEnd(FrameSource source, FrameStage stage, RunOptions? options = null)
    {
        using var run = Start(source, stage, options);
        var result = run.Execute();
        run.Complete();
        return result;
    }

    /// <summary>Runs the stage over every frame not done yet.</summary>
    /// <exception cref="OperationCanceledException">Cancelled with <see cref="CancelMode.Discard"/> or <see cref="CancelMode.Suspend"/>.</exception>
    public RunResult Execute()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var cancel = _options.Cancel;
        var last = _journal?.Last;
        var checkpoints = new long[_outputs.Count];
        // checkpoints are taken (flushing the outputs) only when a journal or a shard record needs them
        bool checkpointing = _journal is not null || _recorders.Any(r => r is not null);
        TruncatedFrameException? cut = null;
        int count = _source.Inputs.Count;
        for (int input = 0; input < count && cut is null; input++)
        {
            if (last is not null && input < last.Input) continue;
            if (!_source.Reads(input)) continue; // none of this shard's frames
            TrajectoryFile file;
            try
            {
                file = _source.Open(input, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                break; // interrupted while waiting for a followed file to appear
            }
            using var openFile = file;
            _stage.Prepare(input, file);
            int framesNow = 0;
            long itemsNow = 0;
            try
            {
                using var frames = file.Frames.GetEnumerator();
                while (!cancel.IsCancellationRequested && frames.MoveNext())
                {
                    var frame = frames.Current;
                    if (last is not null && input == last.Input && frame.Index <= last.Frame) continue; // done before
                    long items = _stage.SingleFrame(input, frame);
                    if (checkpointing)
                    {
                        for (int k = 0; k < _outputs.Count; k++) checkpoints[k] = _outputs[k].Checkpoint();
                        _journal?.Record(input, frame.Index, checkpoints, items);
                        for (int k = 0; k < _outputs.Count; k++) _recorders[k]?.Add(input, frame.Index, items, _outputs[k].PartEnd(checkpoints[k]));
                    }
                    _frames[input]++;
                    _items[input] += items;
                    framesNow++;
                    itemsNow += items;
                    _options.Progress?.Report(new RunProgress(input, count, file.Path, framesNow, itemsNow, file.Position, file.Length, false));
                }
            }
            catch (InputException) when (file.FollowEnded && cancel.IsCancellationRequested)
            {
                // Interrupted (Ctrl-C, SIGTERM) while a frame was arriving: the stop is ours, not the
                // writer's, so the file is not blamed; the caller says the run was interrupted.
            }
            catch (InputException e) when (file.FollowEnded)
            {
                // The writer stopped in the middle of a frame: that frame is incomplete and is not classified.
                _options.Warn?.Invoke($"stopped following {file.Path} after {file.FollowedBytes} bytes; its last frame is incomplete and was not classified ({e.Reason})");
            }
            catch (TruncatedFrameException e) when (_options.KeepFramesBeforeCut)
            {
                cut = e; // keep the complete frames, then report the cut one
                break;
            }
            if (cancel.IsCancellationRequested) break;
            _stage.InputDone(input, _frames[input], _items[input]);
            _options.Progress?.Report(new RunProgress(input, count, file.Path, framesNow, itemsNow, file.Length, file.Length, true));
        }
        bool interrupted = cancel.IsCancellationRequested;
        if (interrupted && _options.OnCancel != CancelMode.KeepComplete)
        {
            if (_options.OnCancel == CancelMode.Suspend) Suspend();
            cancel.ThrowIfCancellationRequested();
        }
        return new RunResult(_frames.Sum(), _items.Sum(), ResumedFrames, interrupted, cut);
    }

    /// <summary>Gives every output its final name, writes the shard records and removes the journal.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        foreach (var o in _outputs) o.Complete();
        foreach (var r in _recorders) r?.Complete(_stage.RecordAttributes);
        _journal?.Finish();
        _closed = true;
    }

    /// <summary>Stops here and keeps the temporary outputs and the journal, as a killed run leaves them.</summary>
    public void Suspend()
    {
        if (_closed) return;
        _closed = true;
        foreach (var o in _outputs) o.Suspend();
        _journal?.Suspend();
    }

    /// <summary>Removes the temporary outputs and the journal unless the run completed or was suspended.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        foreach (var o in _outputs) o.Dispose();
        _journal?.Dispose();
    }
}
