using System.Globalization;
using System.Text;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// Extended XYZ as ASE reads and writes it: per frame a line with the atom count, a comment line of key=value
/// pairs (<c>Lattice="ax ay az bx by bz cx cy cz"</c>, <c>Properties=species:S:1:pos:R:3:...</c>,
/// <c>pbc="T T T"</c>, anything else), then one line per atom. Plain XYZ (a free comment line) reads as a
/// frame without a cell.
/// </summary>
/// <remarks>
/// Keys Lattice, Properties and pbc match case-insensitively, as do Time (ps, to <see cref="Frame.Time"/>),
/// Step or timestep (to <see cref="Frame.Step"/>) and Origin. Origin="x y z" is this project's extension: the
/// LAMMPS box corner (<see cref="Cell.Origin"/>), written only when not zero, so a dump → extxyz → dump round
/// trip keeps it; ASE keeps it as an info entry. Other pairs go to <see cref="Frame.Info"/> as text (a bare key
/// reads as "True"); a comment without any '=' is kept as Info["comment"]. Values may be "double quoted" (with
/// backslash escapes), {braced} or [bracketed]. Reading streams one frame at a time and never seeks; frames
/// outside <see cref="ReadOptions.Frames"/> are skipped by counting lines.
/// </remarks>
public static class ExtendedXyz
{
    /// <summary>True when the first non-empty line is a non-negative integer (the atom count).</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8)) head = head[3..];
        while (!head.IsEmpty)
        {
            int nl = head.IndexOf((byte)'\n');
            var line = TextFields.Trim(nl >= 0 ? head[..nl] : head);
            if (!line.IsEmpty) return Utf8Number.TryParseInt64(line, out long n) && n >= 0;
            if (nl < 0) break;
            head = head[(nl + 1)..];
        }
        return false;
    }

    /// <summary>Frames of an (extended) XYZ file, lazily. Throws <see cref="InputException"/> on malformed input.</summary>
    public static IEnumerable<Frame> Read(Stream stream, string source, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        return Iterate(new XyzReader(stream, source, options));
    }

    /// <summary>Number of frames in an XYZ file, reading only the count and comment lines.</summary>
    public static int CountFrames(Stream stream, string source) =>
        new XyzReader(stream, source, new ReadOptions { Frames = new FrameRange(int.MaxValue) }).CountRemaining();

    private static IEnumerable<Frame> Iterate(XyzReader reader)
    {
        while (reader.Next() is { } frame) yield return frame;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Comment line

    private static readonly string[] Reserved = ["lattice", "properties", "pbc", "time", "step", "timestep", "origin"];

    /// <summary>
    /// Splits an extxyz comment line into key=value pairs, in order. Null when the line has no '=' at all (a
    /// plain XYZ comment). Throws <see cref="FormatException"/> on an unterminated quote or bracket.
    /// </summary>
    internal static List<KeyValuePair<string, string>>? ParseKeyValues(string line)
    {
        if (!line.Contains('=')) return null;
        var pairs = new List<KeyValuePair<string, string>>();
        int i = 0, n = line.Length;
        while (true)
        {
            while (i < n && char.IsWhiteSpace(line[i])) i++;
            if (i >= n) break;
            string key = Token(line, ref i, stopAtEquals: true);
            int afterKey = i;
            while (i < n && char.IsWhiteSpace(line[i])) i++;
            if (i < n && line[i] == '=')
            {
                i++;
                while (i < n && char.IsWhiteSpace(line[i])) i++;
                string value = i < n ? Token(line, ref i, stopAtEquals: false) : "";
                pairs.Add(new(key, value));
            }
            else
            {
                i = afterKey;
                pairs.Add(new(key, "True"));
            }
        }
        return pairs;
    }

    private static string Token(string s, ref int i, bool stopAtEquals)
    {
        int n = s.Length;
        char open = s[i];
        if (open == '"')
        {
            var sb = new StringBuilder();
            i++;
            while (i < n && s[i] != '"')
            {
                if (s[i] == '\\' && i + 1 < n) i++;
                sb.Append(s[i++]);
            }
            if (i >= n) throw new FormatException("a double quote is never closed");
            i++;
            return sb.ToString();
        }
        if (open is '{' or '[')
        {
            char close = open == '{' ? '}' : ']';
            int end = s.IndexOf(close, i + 1);
            if (end < 0) throw new FormatException($"a '{open}' is never closed");
            string inner = s[(i + 1)..end];
            i = end + 1;
            return inner;
        }
        int start = i;
        while (i < n && !char.IsWhiteSpace(s[i]) && !(stopAtEquals && s[i] == '=')) i++;
        return s[start..i];
    }

    private static string[] Words(string value) =>
        value.Split([' ', '\t', ',', '[', ']', '{', '}'], StringSplitOptions.RemoveEmptyEntries);

    private static bool TryNumbers(string value, int count, out double[] numbers)
    {
        var words = Words(value);
        numbers = new double[count];
        if (words.Length != count) return false;
        for (int k = 0; k < count; k++)
            if (!Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(words[k]), out numbers[k])) return false;
        return true;
    }

    private static bool TryLogical(ReadOnlySpan<char> word, out bool value)
    {
        if (word.Equals("T", StringComparison.OrdinalIgnoreCase) || word.Equals("True", StringComparison.OrdinalIgnoreCase) || word is "1")
        {
            value = true;
            return true;
        }
        value = false;
        return word.Equals("F", StringComparison.OrdinalIgnoreCase) || word.Equals("False", StringComparison.OrdinalIgnoreCase) || word is "0";
    }

    private static bool TryLogical(ReadOnlySpan<byte> field, out bool value)
    {
        if (field.Length == 1)
        {
            byte b = (byte)(field[0] | 0x20);
            value = b == (byte)'t';
            return b is (byte)'t' or (byte)'f';
        }
        if (Ascii.EqualsIgnoreCase(field, "true"u8))
        {
            value = true;
            return true;
        }
        value = false;
        return Ascii.EqualsIgnoreCase(field, "false"u8);
    }

    private readonly record struct Property(string Name, AtomColumnKind Kind, int Components);

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    private enum FieldRole : byte
    {
        Species, X, Y, Z, Real, Integer, Logical, Text,
    }

    private sealed class XyzReader(Stream stream, string source, ReadOptions options)
    {
        private readonly Utf8LineReader _lines = new(stream);
        private readonly ElementCache _elements = new();
        private int _index;
        private bool _done;
        private bool _warnedExtraValues;

        private InputException Error(string reason, int? frame = null) => new(source, frame ?? _index, _lines.LineNumber, reason);

        /// <summary>Skips every remaining frame (the options select none) and returns how many frames the file holds.</summary>
        public int CountRemaining()
        {
            if (Next() is not null) throw new InvalidOperationException("counting needs options that select no frame");
            return _index;
        }

        public Frame? Next()
        {
            if (_done) return null;
            while (true)
            {
                if (options.Frames.IsPast(_index))
                {
                    _done = true;
                    return null;
                }
                ReadOnlySpan<byte> countLine;
                do
                {
                    if (!_lines.TryReadLine(out countLine))
                    {
                        _done = true;
                        return null;
                    }
                    countLine = TextFields.Trim(countLine);
                } while (countLine.IsEmpty);
                if (!Utf8Number.TryParseInt64(countLine, out long count) || count < 0 || count > Array.MaxLength)
                    throw Error($"expected the number of atoms of frame {_index}, found '{TextFields.Show(countLine)}'");
                int index = _index++;
                if (!_lines.TryReadLine(out var comment))
                    throw Error($"file ends inside frame {index}: no comment line after the atom count", index);
                if (options.Frames.Contains(index)) return ReadFrame((int)count, TextFields.Decode(comment), index);
                long skipped = _lines.SkipLines(count);
                if (skipped < count) throw Truncated(index, count, skipped);
            }
        }

        private TruncatedFrameException Truncated(int frame, long expected, long found) =>
            new(source, frame, _lines.LineNumber, $"file ends inside frame {frame}: expected {expected} atom lines, found {found}");

        private const int InitialAtomCapacity = 1 << 18; // values, not atoms
        private const int MaxComponents = 1 << 16;

        private Frame ReadFrame(int n, string comment, int frameIndex)
        {
            // --- comment line
            List<KeyValuePair<string, string>>? pairs;
            try
            {
                pairs = ParseKeyValues(comment);
            }
            catch (FormatException e)
            {
                throw Error($"comment line: {e.Message}", frameIndex);
            }
            double[]? lattice = null, origin = null;
            bool[]? pbc = null;
            List<Property>? properties = null;
            double? time = null;
            long step = 0;
            var info = new Dictionary<string, string>();
            if (pairs is null)
            {
                if (comment.Trim().Length > 0) info["comment"] = comment.Trim();
            }
            else
            {
                foreach (var (key, value) in pairs)
                {
                    switch (key.ToLowerInvariant())
                    {
                        case "lattice":
                            if (!TryNumbers(value, 9, out var l)) throw Error($"Lattice=\"{value}\" is not 9 numbers", frameIndex);
                            lattice = l;
                            break;
                        case "origin":
                            if (!TryNumbers(value, 3, out var o)) throw Error($"Origin=\"{value}\" is not 3 numbers", frameIndex);
                            origin = o;
                            break;
                        case "pbc":
                            var words = Words(value);
                            var flags = new bool[3];
                            if (words.Length != 3 || !TryLogical(words[0], out flags[0]) || !TryLogical(words[1], out flags[1]) || !TryLogical(words[2], out flags[2]))
                                throw Error($"pbc=\"{value}\" is not three of T/F", frameIndex);
                            pbc = flags;
                            break;
                        case "properties":
                            properties = ParseProperties(value, frameIndex);
                            break;
                        case "time" when Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(value.Trim()), out double t):
                            time = t;
                            break;
                        case "step" or "timestep" when TryStep(value, out long s):
                            step = s;
                            break;
                        default:
                            info[key] = value;
                            break;
                    }
                }
            }
            bool declared = properties is not null;
            properties ??= [new("species", AtomColumnKind.String, 1), new("pos", AtomColumnKind.Real, 3)];

            Cell cell;
            if (lattice is not null)
            {
                pbc ??= [true, true, true];
                var org = origin is null ? Vec3.Zero : new Vec3(origin[0], origin[1], origin[2]);
                try
                {
                    cell = new Cell(new Vec3(lattice[0], lattice[1], lattice[2]), new Vec3(lattice[3], lattice[4], lattice[5]),
                        new Vec3(lattice[6], lattice[7], lattice[8]), org, pbc[0], pbc[1], pbc[2]);
                }
                catch (ArgumentException e)
                {
                    throw Error($"Lattice: {e.Message}", frameIndex);
                }
            }
            else
            {
                if (pbc is not null && (pbc[0] || pbc[1] || pbc[2]))
                    throw Error($"pbc=\"{string.Join(' ', pbc.Select(p => p ? 'T' : 'F'))}\" without a Lattice", frameIndex);
                cell = Cell.None;
            }

            // --- per-field plan
            long totalFields = properties.Sum(p => (long)p.Components);
            if (totalFields > MaxComponents)
                throw Error($"Properties describe {totalFields} values per atom line, more than the {MaxComponents} this reader accepts", frameIndex);
            int fields = (int)totalFields;
            var roles = new FieldRole[fields];
            var target = new int[fields];    // property index
            var component = new int[fields];
            int speciesProperty = -1, posProperty = -1;
            int f = 0;
            for (int p = 0; p < properties.Count; p++)
            {
                var prop = properties[p];
                FieldRole role = prop.Kind switch
                {
                    AtomColumnKind.Real => FieldRole.Real,
                    AtomColumnKind.Integer => FieldRole.Integer,
                    AtomColumnKind.Logical => FieldRole.Logical,
                    _ => FieldRole.Text,
                };
                if (prop.Name == "species" && speciesProperty < 0)
                {
                    if (prop.Kind != AtomColumnKind.String || prop.Components != 1)
                        throw Error("Properties: species must be species:S:1", frameIndex);
                    speciesProperty = p;
                    role = FieldRole.Species;
                }
                else if (prop.Name == "pos" && posProperty < 0)
                {
                    if (prop.Kind != AtomColumnKind.Real || prop.Components != 3)
                        throw Error("Properties: pos must be pos:R:3", frameIndex);
                    posProperty = p;
                }
                for (int k = 0; k < prop.Components; k++, f++)
                {
                    roles[f] = p == posProperty ? (FieldRole)((int)FieldRole.X + k) : role;
                    target[f] = p;
                    component[f] = k;
                }
            }
            if (posProperty < 0) throw Error("Properties has no pos:R:3 column", frameIndex);
            int zProperty = speciesProperty >= 0 ? -1
                : properties.FindIndex(p => p.Name == "Z" && p.Kind == AtomColumnKind.Integer && p.Components == 1);
            if (speciesProperty < 0 && zProperty < 0)
                throw Error("Properties has neither species:S:1 nor Z:I:1, so atoms have no element", frameIndex);

            // --- storage
            // Storage grows with the atom lines actually read, so a huge (corrupt) atom count fails as a
            // truncated frame instead of allocating for atoms that are not there.
            int capacity = Math.Min(n, Math.Max(64, InitialAtomCapacity / Math.Max(1, fields)));
            var positions = new Vec3[capacity];
            var elements = new Element[capacity];
            var reals = new double[properties.Count][];
            var integers = new long[properties.Count][];
            var logicals = new bool[properties.Count][];
            var texts = new string[properties.Count][];
            var textCaches = new StringCache[properties.Count];
            for (int p = 0; p < properties.Count; p++)
            {
                if (p == speciesProperty || p == posProperty) continue;
                int size = checked(capacity * properties[p].Components);
                switch (properties[p].Kind)
                {
                    case AtomColumnKind.Real: reals[p] = new double[size]; break;
                    case AtomColumnKind.Integer: integers[p] = new long[size]; break;
                    case AtomColumnKind.Logical: logicals[p] = new bool[size]; break;
                    default:
                        texts[p] = new string[size];
                        textCaches[p] = new StringCache();
                        break;
                }
            }

            // --- atom lines
            for (int atom = 0; atom < n; atom++)
            {
                if (!_lines.TryReadLine(out var line)) throw Truncated(frameIndex, n, atom);
                if (atom == capacity)
                {
                    capacity = (int)Math.Min(n, 2L * capacity);
                    Array.Resize(ref positions, capacity);
                    Array.Resize(ref elements, capacity);
                    for (int p = 0; p < properties.Count; p++)
                    {
                        int size = checked(capacity * properties[p].Components);
                        if (reals[p] is not null) Array.Resize(ref reals[p], size);
                        if (integers[p] is not null) Array.Resize(ref integers[p], size);
                        if (logicals[p] is not null) Array.Resize(ref logicals[p], size);
                        if (texts[p] is not null) Array.Resize(ref texts[p], size);
                    }
                }
                int pos = 0;
                double x = 0, y = 0, z = 0;
                for (int k = 0; k < fields; k++)
                {
                    var role = roles[k];
                    int p = target[k];
                    scoped ReadOnlySpan<byte> field;
                    if (role is FieldRole.X or FieldRole.Y or FieldRole.Z or FieldRole.Real)
                    {
                        if (!TextFields.NextDouble(line, ref pos, out field, out double v, out bool ok))
                            throw Error($"atom line has {k} values but Properties describe {fields}", frameIndex);
                        if (!ok) throw NotA("a number", field, properties[p].Name, frameIndex);
                        if (role == FieldRole.X) x = v;
                        else if (role == FieldRole.Y) y = v;
                        else if (role == FieldRole.Z) z = v;
                        else reals[p][atom * properties[p].Components + component[k]] = v;
                        continue;
                    }
                    if (!TextFields.Next(line, ref pos, out field))
                        throw Error($"atom line has {k} values but Properties describe {fields}", frameIndex);
                    switch (role)
                    {
                        case FieldRole.Species:
                            elements[atom] = _elements.Lookup(field)
                                ?? throw Error($"'{TextFields.Show(field)}' in column species is not an element symbol", frameIndex);
                            break;
                        case FieldRole.Integer:
                            if (!Utf8Number.TryParseInt64(field, out integers[p][atom * properties[p].Components + component[k]]))
                                throw NotA("an integer", field, properties[p].Name, frameIndex);
                            break;
                        case FieldRole.Logical:
                            if (!TryLogical(field, out logicals[p][atom * properties[p].Components + component[k]]))
                                throw NotA("T or F", field, properties[p].Name, frameIndex);
                            break;
                        default:
                            texts[p][atom * properties[p].Components + component[k]] = textCaches[p].Get(field);
                            break;
                    }
                }
                if (TextFields.Next(line, ref pos, out _))
                {
                    if (declared)
                        throw Error($"atom line has {TextFields.Count(line)} values but Properties describe {fields}", frameIndex);
                    if (!_warnedExtraValues)
                    {
                        _warnedExtraValues = true;
                        options.Warn?.Invoke($"{source}: atom lines have more values than species and position, and no Properties key names them; the extra values are ignored");
                    }
                }
                if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
                    throw Error($"atom position ({x}, {y}, {z}) is not finite (NaN or Inf)", frameIndex);
                positions[atom] = new Vec3(x, y, z);
            }

            if (zProperty >= 0)
            {
                var zs = integers[zProperty];
                for (int i = 0; i < n; i++)
                {
                    if (zs[i] < 1 || zs[i] > Element.All.Count)
                        throw Error($"atom {i}: Z = {zs[i]} is not an atomic number this program knows", frameIndex);
                    elements[i] = Element.FromZ((int)zs[i]);
                }
            }

            var columns = new List<AtomColumn>();
            for (int p = 0; p < properties.Count; p++)
            {
                if (p == speciesProperty || p == posProperty) continue;
                var prop = properties[p];
                columns.Add(prop.Kind switch
                {
                    AtomColumnKind.Real => new AtomColumn<double>(prop.Name, reals[p], prop.Components),
                    AtomColumnKind.Integer => new AtomColumn<long>(prop.Name, integers[p], prop.Components),
                    AtomColumnKind.Logical => new AtomColumn<bool>(prop.Name, logicals[p], prop.Components),
                    _ => new AtomColumn<string>(prop.Name, texts[p], prop.Components),
                });
            }

            return new Frame(positions, elements, cell)
            {
                Step = step,
                Time = time,
                Columns = columns,
                Info = info,
                Source = source,
                Index = frameIndex,
            };
        }

        private InputException NotA(string what, ReadOnlySpan<byte> field, string column, int frame) =>
            Error($"'{TextFields.Show(field)}' in column {column} is not {what}", frame);

        private List<Property> ParseProperties(string value, int frameIndex)
        {
            var parts = value.Split(':');
            if (parts.Length % 3 != 0 || parts.Length == 0)
                throw Error($"Properties={value} is not a list of name:type:count", frameIndex);
            var list = new List<Property>(parts.Length / 3);
            for (int i = 0; i < parts.Length; i += 3)
            {
                string name = parts[i];
                AtomColumnKind kind = parts[i + 1].ToUpperInvariant() switch
                {
                    "R" => AtomColumnKind.Real,
                    "I" => AtomColumnKind.Integer,
                    "S" => AtomColumnKind.String,
                    "L" => AtomColumnKind.Logical,
                    _ => throw Error($"Properties: column '{name}' has type '{parts[i + 1]}'; expected S, R, I or L", frameIndex),
                };
                if (!int.TryParse(parts[i + 2], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1 || count > MaxComponents)
                    throw Error($"Properties: column '{name}' has count '{parts[i + 2]}'; expected a positive integer up to {MaxComponents}", frameIndex);
                if (name.Length == 0) throw Error("Properties: a column has an empty name", frameIndex);
                if (list.Any(p => p.Name == name)) throw Error($"Properties names column '{name}' twice", frameIndex);
                list.Add(new Property(name, kind, count));
            }
            return list;
        }

        private static bool TryStep(string value, out long step)
        {
            var bytes = Encoding.UTF8.GetBytes(value.Trim());
            if (Utf8Number.TryParseInt64(bytes, out step)) return true;
            // "1000.0" as some writers put it
            if (Utf8Number.TryParseDouble(bytes, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
            {
                step = (long)d;
                return true;
            }
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    /// <summary>
    /// Writes one frame as extended XYZ that ASE reads: the atom count, then
    /// <c>Lattice="..." Properties=species:S:1:pos:R:3:... Time=... Step=... Origin="..." (info) pbc="T T T"</c>
    /// (no Lattice and pbc="F F F" without a cell; Origin only when non-zero; Time only when set), then one line
    /// per atom. Reals in shortest round-trip form. Per-atom text values cannot hold whitespace in this format:
    /// it becomes "_", as does empty text; column names get '_' for whitespace and ':'.
    /// </summary>
    public static void Write(TextWriter writer, Frame frame)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(frame);
        var inv = CultureInfo.InvariantCulture;
        Span<char> buf = stackalloc char[64];
        int n = frame.AtomCount;
        var cell = frame.Cell;

        writer.Write(n.ToString(inv));
        writer.Write('\n');
        if (cell.HasLattice)
        {
            writer.Write("Lattice=\"");
            Vec3[] rows = [cell.A, cell.B, cell.C];
            for (int r = 0; r < 3; r++)
                for (int k = 0; k < 3; k++)
                {
                    if (r + k > 0) writer.Write(' ');
                    NumberText.Write(writer, rows[r][k], buf);
                }
            writer.Write("\" ");
        }

        var columns = new List<AtomColumn>();
        writer.Write("Properties=species:S:1:pos:R:3");
        foreach (var col in frame.Columns)
        {
            if (col.Name is "species" or "pos") continue;
            columns.Add(col);
            char kind = col.Kind switch
            {
                AtomColumnKind.Real => 'R',
                AtomColumnKind.Integer => 'I',
                AtomColumnKind.Logical => 'L',
                _ => 'S',
            };
            writer.Write($":{PropertyName(col.Name)}:{kind}:{col.Components.ToString(inv)}");
        }
        if (frame.Time is { } time)
        {
            writer.Write(" Time=");
            NumberText.Write(writer, time, buf);
        }
        writer.Write(" Step=");
        writer.Write(frame.Step.ToString(inv));
        if (cell.HasLattice && cell.Origin != Vec3.Zero)
        {
            writer.Write(" Origin=\"");
            for (int k = 0; k < 3; k++)
            {
                if (k > 0) writer.Write(' ');
                NumberText.Write(writer, cell.Origin[k], buf);
            }
            writer.Write('"');
        }
        foreach (var (key, value) in frame.Info)
        {
            if (Reserved.Contains(key.ToLowerInvariant())) continue;
            writer.Write(' ');
            writer.Write(Quote(key));
            writer.Write('=');
            writer.Write(Quote(value));
        }
        writer.Write(cell.HasLattice
            ? $" pbc=\"{(cell.PeriodicA ? 'T' : 'F')} {(cell.PeriodicB ? 'T' : 'F')} {(cell.PeriodicC ? 'T' : 'F')}\"\n"
            : " pbc=\"F F F\"\n");

        for (int i = 0; i < n; i++)
        {
            writer.Write(frame.Elements[i].Symbol);
            var r = frame.Positions[i];
            writer.Write(' ');
            NumberText.Write(writer, r.X, buf);
            writer.Write(' ');
            NumberText.Write(writer, r.Y, buf);
            writer.Write(' ');
            NumberText.Write(writer, r.Z, buf);
            foreach (var col in columns)
            {
                for (int k = 0; k < col.Components; k++)
                {
                    writer.Write(' ');
                    TextFields.WriteValue(writer, col, i, k, buf);
                }
            }
            writer.Write('\n');
        }
    }

    private static string PropertyName(string name)
    {
        if (name.Length == 0) return "_";
        var sb = new StringBuilder(name.Length);
        foreach (char ch in name) sb.Append(char.IsWhiteSpace(ch) || ch == ':' || ch == '"' ? '_' : ch);
        return sb.ToString();
    }

    /// <summary>A key or value as one token of the comment line: quoted (with \" and \\ escaped) when it must be.</summary>
    private static string Quote(string text)
    {
        bool plain = text.Length > 0;
        foreach (char ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch is '=' or '"' or '\'' or '\\' or '{' or '}' or '[' or ']' or ',')
            {
                plain = false;
                break;
            }
        }
        if (plain) return text;
        // A line break would end the comment line: it becomes a space.
        text = text.Replace('\r', ' ').Replace('\n', ' ');
        return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
