using System.Globalization;
using ZifPhase.IO;

namespace ZifPhase.Pipeline;

/// <summary>One completed frame in a resume journal: which input and frame, each output's checkpoint after it
/// (<see cref="IFrameOutput.Checkpoint"/>: bytes, or rows for HDF5) and how many items (centres, rows) it gave.</summary>
public sealed record JournalEntry(int Input, int Frame, IReadOnlyList<long> Checkpoints, long Items);

/// <summary>
/// A small text file beside a long run's outputs (NAME.resume): the run's signature, then one line per completed
/// frame, "input frame checkpoint₁ … checkpointₙ items", flushed each time. A killed run leaves it behind;
/// <see cref="Open"/> reads where to continue (a line cut by the kill is ignored). Removed by <see cref="Finish"/>
/// and when disposed; <see cref="Suspend"/> keeps it.
/// </summary>
public sealed class ResumeJournal : IDisposable
{
    private const string Magic = "zifphase-resume 2";
    private readonly string _path;
    private readonly StreamWriter _writer;
    private bool _closed;

    /// <summary>The last completed frame, or null when none was.</summary>
    public JournalEntry? Last => Entries.Count == 0 ? null : Entries[^1];

    /// <summary>Frames the interrupted run completed.</summary>
    public int FramesDone => Entries.Count;

    /// <summary>Every completed frame of the interrupted run, in order.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    private ResumeJournal(string path, StreamWriter writer, IReadOnlyList<JournalEntry> entries)
    {
        _path = path;
        _writer = writer;
        Entries = entries;
    }

    /// <summary>Starts a journal for a new run (replacing one left behind).</summary>
    public static ResumeJournal Create(string path, RunSignature signature)
    {
        OutputFolder.CreateFor(path); // the outputs' folder: created, like the outputs'
        return Write(path, signature.Hash, []);
    }

    /// <summary>Reads the journal a killed run left; an <see cref="InputException"/> when there is none, it is not
    /// a journal, or it belongs to another run.</summary>
    /// <param name="outputs">Number of outputs (checkpoints per line).</param>
    public static ResumeJournal Open(string path, RunSignature signature, int outputs)
    {
        if (!File.Exists(path))
            throw new InputException(path, null, null, "nothing to resume: no journal of an interrupted run (it is removed when a run ends normally)");
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != Magic) throw new InputException(path, null, 1, "not a ZifPhase resume journal");
        if (lines[1] != signature.Hash)
            throw new InputException(path, null, 2, $"the interrupted run had other arguments ({signature.Covers}); resume with the same ones");
        var kept = new List<JournalEntry>();
        var inv = CultureInfo.InvariantCulture;
        for (int i = 2; i < lines.Length; i++)
        {
            var f = lines[i].Split(' ');
            // A line cut by the kill has too few fields or no final newline: it and what follows are ignored.
            if (f.Length != outputs + 3 || !int.TryParse(f[0], inv, out int input) || !int.TryParse(f[1], inv, out int frame)
                || !long.TryParse(f[^1], inv, out long items))
                break;
            var checkpoints = new long[outputs];
            bool ok = true;
            for (int k = 0; k < outputs && ok; k++) ok = long.TryParse(f[2 + k], inv, out checkpoints[k]);
            if (!ok) break;
            var entry = new JournalEntry(input, frame, checkpoints, items);
            if (Inconsistency(entry, kept.Count == 0 ? null : kept[^1]) is { } wrong)
                throw new InputException(path, null, i + 1, $"{wrong}: the journal is damaged; {Refused}");
            kept.Add(entry);
        }
        return Write(path, lines[1], kept);
    }

    /// <summary>The end of the message of a refused resume: what the user can do (the files are left as they are).</summary>
    public const string Refused = "cannot resume; the interrupted run's files are kept (run without --resume to start afresh)";

    /// <summary>What makes <paramref name="entry"/> impossible after <paramref name="previous"/>, or null.</summary>
    private static string? Inconsistency(JournalEntry entry, JournalEntry? previous)
    {
        if (entry.Input < 0 || entry.Frame < 0 || entry.Items < 0 || entry.Checkpoints.Any(c => c < 0)) return "a negative number";
        if (previous is null) return null;
        if (entry.Input < previous.Input || (entry.Input == previous.Input && entry.Frame <= previous.Frame))
            return $"frame {entry.Frame} of input {entry.Input} does not come after frame {previous.Frame} of input {previous.Input}";
        for (int k = 0; k < entry.Checkpoints.Count; k++)
            if (entry.Checkpoints[k] < previous.Checkpoints[k])
                return $"checkpoint {entry.Checkpoints[k]} is below the previous line's {previous.Checkpoints[k]}";
        return null;
    }

    private static ResumeJournal Write(string path, string signature, List<JournalEntry> entries)
    {
        var writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };
        writer.WriteLine(Magic);
        writer.WriteLine(signature);
        foreach (var e in entries) writer.WriteLine(Line(e.Input, e.Frame, e.Checkpoints, e.Items));
        writer.Flush();
        return new ResumeJournal(path, writer, entries);
    }

    private static string Line(int input, int frame, IReadOnlyList<long> checkpoints, long items) =>
        string.Create(CultureInfo.InvariantCulture, $"{input} {frame} {string.Join(' ', checkpoints.Select(c => c.ToString(CultureInfo.InvariantCulture)))} {items}");

    /// <summary>Records a completed frame (flushed at once).</summary>
    public void Record(int input, int frame, IReadOnlyList<long> checkpoints, long items)
    {
        _writer.WriteLine(Line(input, frame, checkpoints, items));
        _writer.Flush();
    }

    /// <summary>The run ended (normally, or with an error that removed its temporary outputs): no journal is needed.
    /// Only a killed or suspended run leaves the journal and the temporary outputs behind.</summary>
    public void Finish() => Dispose();

    /// <summary>Closes the journal and keeps it, as a killed run leaves it.</summary>
    public void Suspend()
    {
        if (_closed) return;
        _closed = true;
        _writer.Dispose();
    }

    /// <summary>Closes the journal and removes it (the run ended, or failed and removed its outputs), unless it was suspended.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        _writer.Dispose();
        File.Delete(_path);
    }
}
