using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using PureHDF;
using PureHDF.Selections;
using ZifPhase.IO;
using ZifPhase.Learning;
using ZifPhase.Reporting;

namespace ZifPhase.Sharding;

/// <summary>What <see cref="ShardMerge.Merge"/> wrote.</summary>
public sealed record MergeSummary(ShardOutputKind Kind, int Parts, long Frames, long Rows, string Output);

/// <summary>
/// Joins the parts of a sharded run into the file a single process would have written, byte for byte: the
/// records are checked first (same run, every selected frame held exactly once), then the frames are copied
/// in their original order through the same writers (HDF5) or as the same bytes (.npy, CSV, extxyz, dump;
/// gzip is recompressed with the single run's per-frame flushes). The output appears only when complete.
/// </summary>
public static partial class ShardMerge
{
    private sealed record Part(string Path, ShardRecord Record);

    public static MergeSummary Merge(IReadOnlyList<string> partPaths, string output)
    {
        if (partPaths.Count == 0) throw new ZifPhaseException("give the part files to merge");
        var parts = partPaths.Select(ShardFiles.PartOf).Select(p => new Part(p, ShardRecord.Load(ShardFiles.RecordPath(p)))).ToList();
        var order = Validate(parts);
        var kind = parts[0].Record.Kind;
        CheckOutputName(kind, output);
        IO.OutputFolder.CreateFor(output);
        long rows = parts.Sum(p => p.Record.Frames.Sum(f => f.Rows));
        switch (kind)
        {
            case ShardOutputKind.FeaturesHdf5:
                MergeFeaturesHdf5(parts, order, output);
                break;
            case ShardOutputKind.Dataset:
                MergeDataset(parts, order, output);
                break;
            default:
                MergeBytes(parts, order, output, kind, rows);
                break;
        }
        return new MergeSummary(kind, parts.Count, order.Count, rows, output);
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

    private static void CheckOutputName(ShardOutputKind kind, string output)
    {
        var name = output.ToLowerInvariant();
        bool ok = kind switch
        {
            ShardOutputKind.FeaturesNpy => name.EndsWith(".npy"),
            ShardOutputKind.FeaturesCsv or ShardOutputKind.FractionsCsv => name.EndsWith(".csv"),
            ShardOutputKind.FeaturesHdf5 or ShardOutputKind.Dataset => name.EndsWith(".h5") || name.EndsWith(".hdf5"),
            _ => TrajectoryFormats.FromExtension(output) is TrajectoryFormat.ExtendedXyz or TrajectoryFormat.LammpsDump,
        };
        if (!ok) throw new ZifPhaseException($"-o {output}: the parts are {ShardRecord.KindName(kind)}; give the merged file a matching extension");
    }

    // ---------------------------------------------------------------------------------------------------------
    // .npy, CSV, extxyz, dump: header once, then each frame's bytes in order

    [GeneratedRegex(@"'descr'\s*:\s*'(?<descr><f[48])'.*'shape'\s*:\s*\((?<rows>\d+),\s*(?<cols>\d+)\)", RegexOptions.Singleline)]
    private static partial Regex NpyHeader();

    private static void MergeBytes(List<Part> parts, List<(int Part, int Frame)> order, string output, ShardOutputKind kind, long rows)
    {
        var streams = new Stream[parts.Count];
        var offsets = new long[parts.Count];
        var temp = output + ".tmp";
        try
        {
            byte[]? header = null;
            string? npyDescr = null;
            int npyColumns = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                streams[i] = kind == ShardOutputKind.Labelled ? TrajectoryReader.OpenRead(parts[i].Path) : File.OpenRead(parts[i].Path);
                byte[]? own = kind switch
                {
                    ShardOutputKind.FeaturesNpy => ReadNpyHeader(streams[i], parts[i].Path),
                    ShardOutputKind.FeaturesCsv or ShardOutputKind.FractionsCsv => ReadLine(streams[i]),
                    _ => [],
                };
                if (own is null) continue; // a fractions part without frames is empty
                offsets[i] = own.Length;
                if (kind == ShardOutputKind.FeaturesNpy)
                {
                    var m = NpyHeader().Match(Encoding.ASCII.GetString(own));
                    if (!m.Success) throw new InputException(parts[i].Path, null, null, "not a .npy part written by zifphase describe");
                    int cols = int.Parse(m.Groups["cols"].Value, CultureInfo.InvariantCulture);
                    if (npyDescr is not null && (npyDescr != m.Groups["descr"].Value || npyColumns != cols))
                        throw new InputException(parts[i].Path, null, null, "its dtype or number of features differs from the other parts");
                    npyDescr = m.Groups["descr"].Value;
                    npyColumns = cols;
                    header = own;
                }
                else if (header is null) header = own;
                else if (!header.AsSpan().SequenceEqual(own))
                    throw new InputException(parts[i].Path, null, 1, "its header line differs from the other parts");
            }
            if (kind == ShardOutputKind.FeaturesNpy)
                header = NpyFeatureWriter.Header(npyDescr!, rows, npyColumns);

            if (kind == ShardOutputKind.Labelled)
            {
                // Through the writer a single run uses, flushed after every frame as that run was: gzip output
                // depends on where the compressor was flushed and on how bytes reached it.
                using var writer = new TrajectoryWriter(output);
                var bytes = Array.Empty<byte>();
                var chars = Array.Empty<char>();
                foreach (var (p, j) in order)
                {
                    var frame = parts[p].Record.Frames[j];
                    int length = checked((int)(frame.End - offsets[p]));
                    if (length < 0) throw new InputException(ShardFiles.RecordPath(parts[p].Path), null, null, $"frame entry {j} ends before it starts");
                    if (bytes.Length < length) bytes = new byte[length];
                    if (streams[p].ReadAtLeast(bytes.AsSpan(0, length), length, throwOnEndOfStream: false) != length)
                        throw new InputException(parts[p].Path, null, null, "ends before the frames its shard record lists");
                    if (chars.Length < length) chars = new char[length];
                    int n = Encoding.UTF8.GetChars(bytes, 0, length, chars, 0);
                    writer.WriteText(chars.AsSpan(0, n));
                    writer.FlushPosition();
                    offsets[p] = frame.End;
                }
                CheckConsumed(parts, streams);
                Close(streams);
                writer.Complete();
                return;
            }
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                file.Write(header ?? []);
                var buffer = new byte[1 << 16];
                foreach (var (p, j) in order)
                {
                    var frame = parts[p].Record.Frames[j];
                    long length = frame.End - offsets[p];
                    if (length < 0) throw new InputException(ShardFiles.RecordPath(parts[p].Path), null, null, $"frame entry {j} ends before it starts");
                    Copy(streams[p], file, length, buffer, parts[p].Path);
                    offsets[p] = frame.End;
                }
            }
            CheckConsumed(parts, streams);
            Close(streams);
            File.Move(temp, output, overwrite: true);
        }
        catch
        {
            Close(streams);
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    private static void CheckConsumed(List<Part> parts, Stream[] streams)
    {
        for (int i = 0; i < parts.Count; i++)
            if (streams[i].Read(new byte[1]) != 0)
                throw new InputException(parts[i].Path, null, null, "holds more bytes than its shard record lists");
    }

    private static byte[] ReadNpyHeader(Stream s, string path)
    {
        var prefix = new byte[10];
        if (s.ReadAtLeast(prefix, 10, throwOnEndOfStream: false) != 10 || prefix[0] != 0x93 || prefix[6] != 1)
            throw new InputException(path, null, null, "not a .npy (version 1) part");
        int length = 10 + BitConverter.ToUInt16(prefix, 8);
        var header = new byte[length];
        prefix.CopyTo(header, 0);
        s.ReadExactly(header, 10, length - 10);
        return header;
    }

    /// <summary>The first line with its '\n', or null for an empty stream.</summary>
    private static byte[]? ReadLine(Stream s)
    {
        var line = new List<byte>(256);
        int b;
        while ((b = s.ReadByte()) >= 0)
        {
            line.Add((byte)b);
            if (b == '\n') break;
        }
        return line.Count == 0 ? null : [.. line];
    }

    private static void Copy(Stream from, Stream to, long length, byte[] buffer, string path)
    {
        while (length > 0)
        {
            int n = from.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (n == 0) throw new InputException(path, null, null, "ends before the frames its shard record lists");
            to.Write(buffer, 0, n);
            length -= n;
        }
    }

    private static void Close(Stream?[] streams)
    {
        foreach (var s in streams) s?.Dispose();
    }

    // ---------------------------------------------------------------------------------------------------------
    // HDF5: the rows go through the writer a single run uses

    private static void MergeFeaturesHdf5(List<Part> parts, List<(int Part, int Frame)> order, string output)
    {
        var files = parts.Select(p => H5File.OpenRead(p.Path)).ToArray();
        try
        {
            var names = files[0].Attribute("feature_names").Read<string[]>();
            var dtype = files[0].Dataset("features").Type.Size == 8 ? FeatureDType.Float64 : FeatureDType.Float32;
            var atoms = new int[files.Length][];
            var rowStart = new long[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                if (!files[i].Attribute("feature_names").Read<string[]>().SequenceEqual(names))
                    throw new InputException(parts[i].Path, null, null, "its feature names differ from the other parts");
                atoms[i] = files[i].Dataset("atom").Read<int[]>();
            }
            using var writer = FeatureMatrixWriter.Create(output, names, dtype, parts[0].Record.Attributes.ToDictionary());
            var buffer = Array.Empty<double>();
            foreach (var (p, j) in order)
            {
                var frame = parts[p].Record.Frames[j];
                int n = checked((int)frame.Rows);
                if (buffer.Length < n * names.Length) buffer = new double[n * names.Length];
                var rows = buffer.AsSpan(0, n * names.Length);
                ReadRows(files[p].Dataset("features"), dtype, rowStart[p], n, names.Length, rows, parts[p].Path);
                writer.WriteRows(rows, frame.Frame, atoms[p].AsSpan(checked((int)rowStart[p]), n));
                rowStart[p] += n;
            }
            writer.Complete();
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
    }

    private static void ReadRows(IH5Dataset features, FeatureDType dtype, long start, int n, int columns, Span<double> into, string path)
    {
        if (n == 0) return;
        var dims = features.Space.Dimensions;
        if (dims.Length != 2 || (ulong)columns != dims[1] || (ulong)(start + n) > dims[0])
            throw new InputException(path, null, null, "holds fewer rows than its shard record lists");
        var selection = new HyperslabSelection(2, [(ulong)start, 0], [(ulong)n, (ulong)columns]);
        if (dtype == FeatureDType.Float64)
            features.Read<double[]>(selection).CopyTo(into);
        else
        {
            var values = features.Read<float[]>(selection);
            for (int i = 0; i < values.Length; i++) into[i] = values[i];
        }
    }

    private static void MergeDataset(List<Part> parts, List<(int Part, int Frame)> order, string output)
    {
        var files = parts.Select(p => H5File.OpenRead(p.Path)).ToArray();
        var temp = output + ".tmp";
        var spoolPath = output + ".rows.tmp";
        try
        {
            var header = DatasetHeader.Read(files[0]);
            var columns = new (int[] Labels, int[] Source, int[] Frame, int[] Atom)[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                if (!DatasetHeader.Read(files[i]).SameAs(header))
                    throw new InputException(parts[i].Path, null, null, "its manifest or descriptor differs from the other parts");
                columns[i] = (files[i].Dataset("labels").Read<int[]>(), files[i].Dataset("source").Read<int[]>(),
                    files[i].Dataset("frame").Read<int[]>(), files[i].Dataset("atom").Read<int[]>());
            }
            // a source whose selected frames gave no centre is an error, as in a single build
            var record = parts[0].Record;
            var rowsPerSource = new long[record.Inputs.Count];
            foreach (var (p, j) in order) rowsPerSource[parts[p].Record.Frames[j].Input] += parts[p].Record.Frames[j].Rows;
            for (int s = 0; s < rowsPerSource.Length; s++)
                if (rowsPerSource[s] == 0)
                    throw new InputException(record.Inputs[s].Path, null, null, $"no centre '{header.Centers}' in the {record.Inputs[s].Selected} selected frames");

            long total = rowsPerSource.Sum();
            var labels = new int[total];
            var source = new int[total];
            var frame = new int[total];
            var atom = new int[total];
            var rowStart = new long[files.Length];
            int dim = header.FeatureNames.Count;
            long at = 0;
            using (var spool = new FileStream(spoolPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
            {
                foreach (var (p, j) in order)
                {
                    int n = checked((int)parts[p].Record.Frames[j].Rows);
                    if (n == 0) continue;
                    int s = checked((int)rowStart[p]);
                    var c = columns[p];
                    if (s + n > c.Labels.Length) throw new InputException(parts[p].Path, null, null, "holds fewer rows than its shard record lists");
                    var rows = files[p].Dataset("features").Read<float[]>(new HyperslabSelection(2, [(ulong)s, 0], [(ulong)n, (ulong)dim]));
                    spool.Write(MemoryMarshal.AsBytes(rows.AsSpan()));
                    c.Labels.AsSpan(s, n).CopyTo(labels.AsSpan((int)at));
                    c.Source.AsSpan(s, n).CopyTo(source.AsSpan((int)at));
                    c.Frame.AsSpan(s, n).CopyTo(frame.AsSpan((int)at));
                    c.Atom.AsSpan(s, n).CopyTo(atom.AsSpan((int)at));
                    rowStart[p] += n;
                    at += n;
                }
                DatasetBuilder.WriteHdf5(temp, spool, header, labels, source, frame, atom);
            }
            File.Move(temp, output, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
        finally
        {
            foreach (var f in files) f.Dispose();
        }
    }
}
