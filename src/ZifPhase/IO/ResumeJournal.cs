using System.Globalization;

namespace ZifPhase.IO;

/// <summary>One completed frame in a resume journal: which input and frame, and how long each output then was.</summary>
public sealed record JournalEntry(int Input, int Frame, long LabelledBytes, long CsvBytes, int Centres);

/// <summary>
/// A small text file beside a long run's outputs (NAME.resume): a signature of the run's arguments, then one
/// line per completed frame with the byte lengths of the outputs' temporary files at that point, flushed each
/// time. A killed run leaves it behind; <see cref="Open"/> reads where to continue. Removed by <see cref="Finish"/>.
/// </summary>
public sealed class ResumeJournal : IDisposable
{
    private const string Magic = "zifphase-resume 2";
    private readonly string _path;
    private readonly StreamWriter _writer;

    public JournalEntry? Last => Entries.Count == 0 ? null : Entries[^1];
    public int FramesDone => Entries.Count;
    /// <summary>Every completed frame of the interrupted run, in order.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    private ResumeJournal(string path, StreamWriter writer, IReadOnlyList<JournalEntry> entries)
    {
        _path = path;
        _writer = writer;
        Entries = entries;
    }

    public static ResumeJournal Create(string path, string signature)
    {
        OutputFolder.CreateFor(path); // the outputs' folder: created, like the outputs'
        var writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };
        writer.WriteLine(Magic);
        writer.WriteLine(signature.ReplaceLineEndings(" "));
        writer.Flush();
        return new ResumeJournal(path, writer, []);
    }

    public static ResumeJournal Open(string path, string signature)
    {
        if (!File.Exists(path))
            throw new InputException(path, null, null, "nothing to resume: no journal of an interrupted run (it is removed when a run ends normally)");
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != Magic) throw new InputException(path, null, 1, "not a ZifPhase resume journal");
        if (lines[1] != signature.ReplaceLineEndings(" "))
            throw new InputException(path, null, 2, "the interrupted run had other arguments (model, inputs, outputs, --frames, --types or --threshold); resume with the same ones");
        var kept = new List<JournalEntry>();
        for (int i = 2; i < lines.Length; i++)
        {
            var f = lines[i].Split(' ');
            // A line cut by the kill has fewer than five fields or no final newline: it is ignored.
            if (f.Length != 5 || !int.TryParse(f[4], CultureInfo.InvariantCulture, out int centres) || !int.TryParse(f[0], CultureInfo.InvariantCulture, out int input) || !int.TryParse(f[1], CultureInfo.InvariantCulture, out int frame)
                || !long.TryParse(f[2], CultureInfo.InvariantCulture, out long lb) || !long.TryParse(f[3], CultureInfo.InvariantCulture, out long cb))
                break;
            kept.Add(new JournalEntry(input, frame, lb, cb, centres));
        }
        var writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };
        writer.WriteLine(Magic);
        writer.WriteLine(lines[1]);
        foreach (var e in kept) writer.WriteLine(Line(e));
        writer.Flush();
        return new ResumeJournal(path, writer, kept);
    }

    private static string Line(JournalEntry e) => string.Create(CultureInfo.InvariantCulture, $"{e.Input} {e.Frame} {e.LabelledBytes} {e.CsvBytes} {e.Centres}");

    public void Record(int input, int frame, long labelledBytes, long csvBytes, int centres)
    {
        _writer.WriteLine(Line(new JournalEntry(input, frame, labelledBytes, csvBytes, centres)));
        _writer.Flush();
    }

    /// <summary>The run ended (normally, or with an error that removed its temporary outputs): no journal is needed.
    /// Only a killed process, which runs no code, leaves the journal and the temporary outputs behind.</summary>
    public void Finish() => Dispose();

    public void Dispose()
    {
        _writer.Dispose();
        File.Delete(_path);
    }
}
