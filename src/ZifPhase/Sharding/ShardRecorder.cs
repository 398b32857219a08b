using ZifPhase.IO;

namespace ZifPhase.Sharding;

/// <summary>
/// Collects, while a shard runs, the frames its part receives; <see cref="Complete"/> writes the record beside
/// the finished part. Creating one removes a record left by an earlier run of the same shard, so a part and
/// a record that do not belong together can never be merged.
/// </summary>
public sealed class ShardRecorder
{
    private readonly ShardPlan _plan;
    private readonly ShardOutputKind _kind;
    private readonly string _target, _signature, _command;
    private readonly IReadOnlyList<string> _inputs;
    private readonly List<ShardFrame> _frames = [];

    /// <summary>The file this shard writes in place of the target output.</summary>
    public string PartPath { get; }

    /// <summary>
    /// Starts recording for the shard of <paramref name="plan"/>: sets <see cref="PartPath"/> from <paramref name="target"/> and deletes a stale record beside that part.
    /// </summary>
    public ShardRecorder(ShardPlan plan, ShardOutputKind kind, string target, string signature, string command, IReadOnlyList<string> inputs)
    {
        _plan = plan;
        _kind = kind;
        _target = target;
        _signature = signature;
        _command = command;
        _inputs = inputs;
        PartPath = ShardFiles.PartPath(target, plan.Shard);
        var record = ShardFiles.RecordPath(PartPath);
        if (File.Exists(record)) File.Delete(record);
    }

    /// <param name="end">Uncompressed length of the part after this frame (0 for HDF5 parts).</param>
    public void Add(int input, int frame, long rows, long end) =>
        _frames.Add(new ShardFrame(_plan.PositionOf(input, frame), input, frame, rows, end));

    /// <summary>Frames recorded so far (a resumed run re-enters the ones done before it was killed).</summary>
    public int Count => _frames.Count;

    /// <summary>Writes PART.shard.json; call after the part has its final name.</summary>
    public void Complete(IReadOnlyList<KeyValuePair<string, string>>? attributes = null)
    {
        var record = new ShardRecord
        {
            Kind = _kind,
            Signature = _signature,
            Command = _command,
            Target = _target,
            Shard = _plan.Shard,
            Mode = _plan.Mode,
            Total = _plan.Total,
            PartBytes = new FileInfo(PartPath).Length,
            Inputs = [.. _inputs.Select((p, i) => new ShardInput(p, _plan.SelectedIn(i)))],
            Frames = _frames,
            Attributes = attributes ?? [],
        };
        AtomicFile.WriteAllText(ShardFiles.RecordPath(PartPath), record.ToJson());
    }
}
