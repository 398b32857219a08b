using ZifPhase.IO;
using ZifPhase.Sharding;

namespace ZifPhase.Pipeline;

/// <summary>What <see cref="ShardMerge.Merge"/> wrote.</summary>
public sealed record MergeSummary(ShardOutputKind Kind, int Parts, long Frames, long Rows, string Output);

/// <summary>
/// Joins the parts of a sharded run into the file a single process would have written, byte for byte. This
/// class only validates: the records must come from one run (same kind, signature and frame count), each shard
/// once, every selected frame held exactly once, each part as long as its record says; then the output's format
/// (<see cref="OutputFormats"/>) joins the frames in their original order. The output appears only when complete.
/// </summary>
public static class ShardMerge
{
    private sealed record Part(string Path, ShardRecord Record);

    /// <exception cref="ZifPhaseException">No parts, parts of different runs or kinds, a shard twice or missing, overlaps, a wrong output extension.</exception>
    /// <exception cref="InputException">A part or record that cannot be read, or that changed after its shard wrote it.</exception>
    public static MergeSummary Merge(IReadOnlyList<string> partPaths, string output)
    {
        if (partPaths.Count == 0) throw new ZifPhaseException("give the part files to merge");
        var parts = partPaths.Select(ShardFiles.PartOf).Select(p => new Part(p, ShardRecord.Load(ShardFiles.RecordPath(p)))).ToList();
        var order = Validate(parts);
        var kind = parts[0].Record.Kind;
        var format = OutputFormats.Of(kind);
        if (!format.Accepts(output)) throw new ZifPhaseException($"-o {output}: the parts are {format.Name}; give the merged file a matching extension");
        OutputFolder.CreateFor(output);
        var record = parts[0].Record;
        var set = new PartSet([.. parts.Select(p => p.Path)],
            [.. order.Select(o => parts[o.Part].Record.Frames[o.Frame] is var f ? new PartFrame(o.Part, o.Frame, f.Input, f.Frame, f.Rows, f.End) : default)],
            [.. record.Inputs.Select(i => (i.Path, i.Selected))], record.Attributes);
        format.Merge(set, output);
        return new MergeSummary(kind, parts.Count, order.Count, set.Rows, output);
    }

    /// <summary>Checks that the parts belong to one run and hold every selected frame once; returns (part, frame) in frame order.</summary>
    private static List<(int Part, int Frame)> Validate(List<Part> parts)
    {
        var first = parts[0];
        foreach (var p in parts)
        {
            var r = p.Record;
            if (!File.Exists(p.Path)) throw new InputException(p.Path, null, null, "no such file (its shard record exists: did the shard finish?)");
            long length = new FileInfo(p.Path).Length;
            if (length != r.PartBytes)
                throw new InputException(p.Path, null, null, $"holds {length} bytes, its shard record says {r.PartBytes}: the part changed after its shard wrote it; run that shard again");
            if (r.Kind != first.Record.Kind)
                throw new ZifPhaseException($"{first.Path} is a {ShardRecord.KindName(first.Record.Kind)} part, {p.Path} a {ShardRecord.KindName(r.Kind)} part: merge the parts of one output at a time");
            if (r.Signature != first.Record.Signature || r.Total != first.Record.Total)
                throw new ZifPhaseException($"{first.Path} and {p.Path} come from different runs ('{first.Record.Command}' and '{r.Command}')");
        }
        foreach (var g in parts.GroupBy(p => p.Record.Shard).Where(g => g.Count() > 1))
            throw new ZifPhaseException($"shard {g.Key} is given twice: {string.Join(" and ", g.Select(p => p.Path))}");

        long total = first.Record.Total;
        var owner = new int[total];
        var index = new int[total];
        Array.Fill(owner, -1);
        for (int pi = 0; pi < parts.Count; pi++)
        {
            var frames = parts[pi].Record.Frames;
            for (int j = 0; j < frames.Count; j++)
            {
                long pos = frames[j].Position;
                if (pos < 0 || pos >= total || (j > 0 && pos <= frames[j - 1].Position))
                    throw new InputException(ShardFiles.RecordPath(parts[pi].Path), null, null, $"frame entry {j} (position {pos}) is out of order or out of range");
                if (owner[pos] >= 0)
                {
                    var other = parts[owner[pos]];
                    throw new ZifPhaseException($"{other.Path} (shard {other.Record.Shard}) and {parts[pi].Path} (shard {parts[pi].Record.Shard}) overlap: both hold frame {frames[j].Frame} of {Input(first.Record, frames[j].Input)}");
                }
                owner[pos] = pi;
                index[pos] = j;
            }
        }
        var missing = new List<long>();
        for (long pos = 0; pos < total; pos++)
            if (owner[pos] < 0) missing.Add(pos);
        if (missing.Count > 0) throw MissingError(parts, missing, total);

        var order = new List<(int, int)>(checked((int)total));
        for (long pos = 0; pos < total; pos++) order.Add((owner[pos], index[pos]));
        return order;
    }

    private static string Input(ShardRecord r, int input) => input >= 0 && input < r.Inputs.Count ? r.Inputs[input].Path : $"input {input}";

    private static ZifPhaseException MissingError(List<Part> parts, List<long> missing, long total)
    {
        var r = parts[0].Record;
        int count = r.Shard.Count;
        var lines = new List<string>();
        foreach (var g in missing.GroupBy(pos => Shard.Owner(pos, total, count, r.Mode)).OrderBy(g => g.Key))
        {
            var shard = new Shard(g.Key, count);
            var given = parts.FirstOrDefault(p => p.Record.Shard == shard);
            var span = g.Count() == 1 ? $"selected frame {g.First()}" : $"{g.Count()} selected frames, {g.First()}–{g.Last()}";
            lines.Add(given is not null
                ? $"{given.Path} lacks {span} of its share (its shard stopped early: run it again)"
                : $"shard {shard} is missing ({span} of {total}; expected {ShardFiles.PartPath(r.Target, shard)})");
        }
        return new ZifPhaseException(string.Join("; ", lines));
    }
}
