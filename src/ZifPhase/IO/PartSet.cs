using System.Text;

namespace ZifPhase.IO;

/// <summary>One frame of a shard part, in the merged output's order: which part and which entry of its record,
/// the input and frame it came from, its rows, and where its bytes end in the part (uncompressed; 0 for HDF5).</summary>
public readonly record struct PartFrame(int Part, int Entry, int Input, int Frame, long Rows, long End);

/// <summary>
/// The parts of one sharded output, already validated (one run, every selected frame once): the part files, every
/// frame in the order of the single run, the run's inputs (path and selected frames) and the attributes its records
/// keep. Each output format joins them into the file one process would have written (see the Merge method beside
/// each writer); <see cref="JoinBytes"/> and <see cref="Frames"/> serve the formats that are header + frame bytes.
/// </summary>
public sealed record PartSet(IReadOnlyList<string> Paths, IReadOnlyList<PartFrame> Order, IReadOnlyList<(string Path, long Selected)> Inputs,
    IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>Rows over all parts.</summary>
    public long Rows => Order.Sum(f => f.Rows);

    /// <summary>The record beside a part: PART.shard.json.</summary>
    public static string RecordOf(string part) => part + ".shard.json";

    /// <summary>
    /// Opens every part with <paramref name="open"/>, reads its header with <paramref name="readHeader"/> (null: an
    /// empty part), hands the headers to <paramref name="begin"/>, then every frame's bytes, in the merged order, to
    /// <paramref name="frame"/>; finally checks that each part held exactly the bytes its record lists.
    /// </summary>
    /// <exception cref="InputException">A part shorter or longer than its record says.</exception>
    public void Frames(Func<string, Stream> open, Func<Stream, string, byte[]?> readHeader, Action<IReadOnlyList<byte[]?>> begin,
        Action<PartFrame, ReadOnlySpan<byte>> frame)
    {
        var streams = new Stream?[Paths.Count];
        try
        {
            var offsets = new long[Paths.Count];
            var headers = new byte[]?[Paths.Count];
            for (int i = 0; i < Paths.Count; i++)
            {
                streams[i] = open(Paths[i]);
                headers[i] = readHeader(streams[i]!, Paths[i]);
                offsets[i] = headers[i]?.Length ?? 0;
            }
            begin(headers);
            var bytes = Array.Empty<byte>();
            foreach (var f in Order)
            {
                long length = f.End - offsets[f.Part];
                if (length < 0) throw new InputException(RecordOf(Paths[f.Part]), null, null, $"frame entry {f.Entry} ends before it starts");
                if (bytes.Length < length) bytes = new byte[checked((int)length)];
                if (streams[f.Part]!.ReadAtLeast(bytes.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false) != length)
                    throw new InputException(Paths[f.Part], null, null, "ends before the frames its shard record lists");
                frame(f, bytes.AsSpan(0, (int)length));
                offsets[f.Part] = f.End;
            }
            for (int i = 0; i < Paths.Count; i++)
                if (streams[i]!.Read(new byte[1]) != 0)
                    throw new InputException(Paths[i], null, null, "holds more bytes than its shard record lists");
        }
        finally
        {
            foreach (var s in streams) s?.Dispose();
        }
    }

    /// <summary>Writes <paramref name="output"/> atomically: the header <paramref name="header"/> makes of the parts'
    /// headers, then every frame's bytes in order.</summary>
    public void JoinBytes(string output, Func<Stream, string, byte[]?> readHeader, Func<IReadOnlyList<byte[]?>, byte[]> header) =>
        AtomicOutput.Write(output, temp =>
        {
            using var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            Frames(File.OpenRead, readHeader, headers => file.Write(header(headers)), (_, bytes) => file.Write(bytes));
        });

    /// <summary>CSV parts: the same header line in every part (an empty part has none), then the rows in order.</summary>
    public void JoinCsv(string output) => JoinBytes(output, (s, _) => ReadLine(s), headers =>
    {
        byte[]? first = null;
        for (int i = 0; i < headers.Count; i++)
        {
            if (headers[i] is not { } own) continue; // a fractions part without frames is empty
            if (first is null) first = own;
            else if (!first.AsSpan().SequenceEqual(own)) throw new InputException(Paths[i], null, 1, "its header line differs from the other parts");
        }
        return first ?? [];
    });

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

    /// <summary>Decodes UTF-8 frame bytes (a text format's frames) into <paramref name="chars"/>, grown as needed.</summary>
    internal static ReadOnlySpan<char> Text(ReadOnlySpan<byte> bytes, ref char[] chars)
    {
        if (chars.Length < bytes.Length) chars = new char[bytes.Length];
        return chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, chars));
    }
}
