using ZifPhase.Structures;
using System.Globalization;
using System.Text;
using ZifPhase.Analysis;

namespace ZifPhase.Reporting;

/// <summary>
/// FRACTIONS.csv, one row per classified frame: source, frame, step, time, a, b, c, alpha, beta, gamma, volume,
/// n_centres, then count_&lt;class&gt;, frac_&lt;class&gt;, meanp_&lt;class&gt; for each class, then frac_uncertain and
/// frac_unknown (the share the model's novelty detector calls unknown; 0 without one; files written before it lack it).
/// &lt;class&gt; is the class name as an identifier (<see cref="ColumnNames.Identifier"/>: ZIF-4-cp → ZIF_4_cp), so
/// every column name is one NumPy's genfromtxt(names=True) and pandas keep as written.
/// Written to NAME.tmp and renamed on <see cref="Complete"/>, or live under NAME itself (classify --follow);
/// rows are flushed as they come.
/// </summary>
public sealed class FractionsCsvWriter : IO.IFrameOutput
{
    private readonly string _path;
    private readonly IO.AtomicOutput? _atomic;
    private StreamWriter? _writer;
    private IReadOnlyList<string>? _classes;
    private bool _done;

    private FileStream? _file;
    private readonly bool _live;

    /// <param name="resume">Continue an interrupted run: keep the first <c>Bytes</c> of the file being written
    /// (the header and complete rows of these classes) and append after them.</param>
    /// <param name="live">Write under the final name from the first row (every row flushed as it is written), so
    /// that the file can be watched while it grows (<c>tail -f</c>, a plot): classify --follow. The file is created
    /// with its first row, so a run that fails before any row leaves none; a run that fails later keeps the
    /// complete rows instead of removing them. Otherwise rows go to NAME.tmp, renamed when complete.</param>
    public FractionsCsvWriter(string path, (long Bytes, IReadOnlyList<string> Classes)? resume = null, bool live = false)
    {
        _path = path;
        _live = live;
        IO.OutputFolder.CreateFor(path);
        if (!live) _atomic = new IO.AtomicOutput(path);
        var target = WritingPath(path, live);
        // A killed run left its rows under the other name when it followed (NAME) and this one does not (NAME.tmp),
        // or the other way round: resume from them.
        var other = WritingPath(path, !live);
        if (resume is not null && !File.Exists(target) && File.Exists(other)) File.Move(other, target);
        // Live: the file is created with the first row (Writer), so that a run that fails before any row leaves
        // nothing under the final name (and a file of an earlier run there untouched, as without live).
        if (resume is null && live) return;
        _file = IO.AtomicOutput.OpenAt(target, resume?.Bytes, FileAccess.Write, FileShare.Read);
        if (resume is { Bytes: > 0 } r) _classes = r.Classes;
        _writer = new StreamWriter(_file, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    private StreamWriter Writer()
    {
        if (_writer is not null) return _writer;
        _file = new FileStream(WritingPath(_path, _live), FileMode.Create, FileAccess.Write, FileShare.Read);
        return _writer = new StreamWriter(_file, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    /// <summary>The file the rows go to while the run lasts: NAME itself when live, else NAME.tmp.</summary>
    public static string WritingPath(string path, bool live) => live ? path : IO.AtomicOutput.TempOf(path);

    /// <inheritdoc/>
    public string Path => _path;

    /// <inheritdoc/>
    public long Checkpoint() => Position;

    /// <inheritdoc/>
    public long PartEnd(long checkpoint) => checkpoint;

    /// <inheritdoc/>
    public void Suspend()
    {
        if (_done) return;
        _done = true;
        _writer?.Dispose();
        _atomic?.Suspend();
    }

    /// <summary>Length of the file after the last row: a point to resume from.</summary>
    public long Position
    {
        get
        {
            if (_writer is null) return 0;
            _writer.Flush();
            return _file!.Position;
        }
    }

    /// <summary>
    /// The header line for <paramref name="classes"/>: source, frame, step, time, a, b, c (Å), alpha, beta, gamma (degrees), volume (Å³), n_centres,
    /// count_, frac_ and meanp_ per class (identifiers), frac_uncertain, frac_unknown.
    /// </summary>
    public static string Header(IReadOnlyList<string> classes)
    {
        var ids = ColumnNames.Identifiers(classes);
        var sb = new StringBuilder("source,frame,step,time,a,b,c,alpha,beta,gamma,volume,n_centres");
        foreach (var c in ids) sb.Append(",count_").Append(c);
        foreach (var c in ids) sb.Append(",frac_").Append(c);
        foreach (var c in ids) sb.Append(",meanp_").Append(c);
        return sb.Append(",frac_uncertain,frac_unknown").ToString();
    }

    /// <summary>Appends one frame's row (the header first, for the first row) and flushes it; every row must have the same classes. Cell columns are empty without a lattice.</summary>
    public void Write(PhaseFractions row)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        var writer = Writer();
        if (_classes is null)
        {
            _classes = row.Classes;
            writer.WriteLine(Header(row.Classes));
        }
        else if (!_classes.SequenceEqual(row.Classes)) throw new InvalidOperationException("every row must have the same classes");
        var inv = CultureInfo.InvariantCulture;
        string F(double v) => v.ToString("R", inv);
        var sb = new StringBuilder();
        sb.Append(Quote(row.File)).Append(',').Append(row.Frame.ToString(inv)).Append(',').Append(row.Step.ToString(inv)).Append(',')
          .Append(row.Time is { } t ? F(t) : "");
        if (row.Cell.HasLattice)
        {
            var p = row.Cell.Parameters;
            foreach (var v in new[] { p.A, p.B, p.C, p.Alpha, p.Beta, p.Gamma, row.Cell.Volume }) sb.Append(',').Append(F(v));
        }
        else sb.Append(",,,,,,,");
        sb.Append(',').Append(row.Centres.ToString(inv));
        foreach (var c in row.Counts) sb.Append(',').Append(c.ToString(inv));
        foreach (var f in row.Fractions) sb.Append(',').Append(F(f));
        foreach (var m in row.MeanProbabilities) sb.Append(',').Append(F(m));
        sb.Append(',').Append(F(row.FractionUncertain)).Append(',').Append(F(row.FractionUnknown));
        writer.WriteLine(sb.ToString());
        writer.Flush();
    }

    /// <summary>Joins the fractions parts of a sharded run (validated, see <see cref="IO.PartSet"/>): the header once, then the rows.</summary>
    public static void Merge(IO.PartSet set, string output) => set.JoinCsv(output);

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>Closes the file and renames it to its final name (a file without rows is empty).</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _done = true;
        Writer().Dispose(); // a complete file without rows is an empty file
        _atomic?.Commit();
    }

    /// <summary>Closes the file; unless <see cref="Complete"/> was called the temporary file is removed.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _writer?.Dispose();
        _atomic?.Dispose();
    }
}

/// <summary>One row of a FRACTIONS.csv as read back: time (or null), step, cell c and every column by name.</summary>
public sealed record FractionsCsvRow(string File, int Frame, long Step, double? Time, double? C, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>The fraction of a phase given by its name (column frac_&lt;identifier&gt;; files from before identifier
    /// columns, frac_&lt;name&gt;, are read too); null when the file has no such column.</summary>
    public double? Fraction(string phase) =>
        Values.TryGetValue("frac_" + ColumnNames.Identifier(phase), out var v) || Values.TryGetValue("frac_" + phase, out v) ? v : null;

    /// <summary>The phase parts of the frac_ columns (identifiers), without frac_uncertain and frac_unknown.</summary>
    public IEnumerable<string> FractionColumns() =>
        Values.Keys.Where(FractionsCsv.IsClassFraction).Select(k => k[5..]);
}

/// <summary>Reading FRACTIONS.csv files back (see <see cref="FractionsCsvWriter"/> for the columns).</summary>
public static class FractionsCsv
{
    /// <summary>The classes of a row, from its frac_&lt;class&gt; columns (frac_uncertain and frac_unknown left out), in header order.</summary>
    public static IReadOnlyList<string> Classes(FractionsCsvRow row) =>
        [.. row.Values.Keys.Where(IsClassFraction).Select(k => k["frac_".Length..])];

    /// <summary>Whether a column is a class's fraction (frac_&lt;class&gt;), not frac_uncertain or frac_unknown.</summary>
    public static bool IsClassFraction(string column) =>
        column.StartsWith("frac_", StringComparison.Ordinal) && column is not ("frac_uncertain" or "frac_unknown");

    /// <summary>Reads every row of a FRACTIONS.csv (current and older headers; "file" for "source", frac_&lt;name&gt; columns).</summary>
    public static IReadOnlyList<FractionsCsvRow> Read(string path)
    {
        string[] lines = IO.InputFiles.ReadAllLines(path);
        // "file,..." is the header of files written before the columns became identifiers (source).
        if (lines.Length == 0 || !(lines[0].StartsWith("source,frame,step,time,", StringComparison.Ordinal) || lines[0].StartsWith("file,frame,step,time,", StringComparison.Ordinal)))
            throw new InputException(path, null, 1, "not a FRACTIONS.csv written by 'zifphase classify' (header source,frame,step,time,...)");
        var header = lines[0].Split(',');
        var rows = new List<FractionsCsvRow>();
        var inv = CultureInfo.InvariantCulture;
        for (int l = 1; l < lines.Length; l++)
        {
            if (lines[l].Length == 0) continue;
            var fields = SplitCsv(lines[l]);
            if (fields.Count != header.Length)
                throw new InputException(path, null, l + 1, $"{fields.Count} fields, the header has {header.Length}");
            var values = new Dictionary<string, double>();
            for (int k = 4; k < header.Length; k++)
                if (fields[k].Length > 0 && double.TryParse(fields[k], NumberStyles.Float, inv, out double v)) values[header[k]] = v;
            if (!int.TryParse(fields[1], NumberStyles.Integer, inv, out int frame) || !long.TryParse(fields[2], NumberStyles.Integer, inv, out long step))
                throw new InputException(path, null, l + 1, "frame and step must be integers");
            double? time = fields[3].Length > 0 ? double.Parse(fields[3], inv) : null;
            rows.Add(new FractionsCsvRow(fields[0], frame, step, time, values.TryGetValue("c", out var c) ? c : null, values));
        }
        return rows;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else sb.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
