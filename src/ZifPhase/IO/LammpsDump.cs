using System.Globalization;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// LAMMPS dump text (<c>dump atom</c> / <c>dump custom</c>): one frame after another, each a header of
/// <c>ITEM:</c> sections followed by <c>ITEM: ATOMS</c> and one line per atom.
/// </summary>
/// <remarks>
/// Reading streams: the file is read through one large byte buffer, fields are split and numbers parsed from
/// UTF-8 bytes (see <see cref="Utf8Number"/>), one frame is in memory at a time, and frames outside
/// <see cref="ReadOptions.Frames"/> are skipped by counting newlines. The stream is never seeked, so a
/// <see cref="System.IO.Compression.GZipStream"/> works; it is not disposed by the reader.
/// </remarks>
public static class LammpsDump
{
    /// <summary>True when the text starts (after whitespace or a byte-order mark) with "ITEM:".</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8)) head = head[3..];
        int i = 0;
        while (i < head.Length && TextFields.IsSpace(head[i])) i++;
        return head[i..].StartsWith("ITEM:"u8);
    }

    /// <summary>
    /// Frames of a dump, lazily: each <c>MoveNext</c> parses one frame. Throws <see cref="InputException"/>
    /// (file, frame, line, reason) on malformed input, including a last frame cut short.
    /// </summary>
    /// <remarks>
    /// Positions come from x y z, xu yu zu, xs ys zs or xsu ysu zsu, the first complete set in that order;
    /// scaled ones become Cartesian through the box (r = origin + s·L). Elements come from an <c>element</c>
    /// column, else from <c>type</c> through <see cref="ReadOptions.Types"/>. Atoms are sorted by <c>id</c>
    /// when there is one. Every other column (id and type included) becomes a per-atom column: id, type, mol,
    /// ix, iy, iz, proc as integers, the rest real when every value is a number, text otherwise; vector columns
    /// such as <c>f_1[2]</c> stay scalar columns named as in the file. <c>ITEM: TIME</c> is taken as ps (metal
    /// units); when an <c>ITEM: UNITS</c> section says <c>real</c>, as fs and converted to ps.
    /// </remarks>
    public static IEnumerable<Frame> Read(Stream stream, string source, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        return Iterate(new DumpReader(stream, source, options));
    }

    /// <summary>Number of frames in a dump, reading only the headers and counting (not parsing) atom lines.</summary>
    public static int CountFrames(Stream stream, string source) => new DumpReader(stream, source, ReadOptions.Default).CountRemaining();

    private static IEnumerable<Frame> Iterate(DumpReader reader)
    {
        while (reader.Next() is { } frame) yield return frame;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    private enum Role : byte
    {
        X, Y, Z, Element, Integer, RealOrText,
    }

    /// <summary>What each column of an <c>ITEM: ATOMS</c> line means; rebuilt only when the header text changes.</summary>
    private sealed class AtomsLayout
    {
        public required byte[] HeaderText;
        public required string[] Names;
        public required Role[] Roles;
        public required bool Scaled;
        public required int IdColumn;
        public required int TypeColumn;
        public required int ElementColumn;
        public required string PositionNames;
    }

    private struct Header
    {
        public long Step;
        public double? Time;
        public long AtomCount;
        public Cell? Cell;
        public AtomsLayout Layout;
    }

    private static readonly HashSet<string> IntegerColumns = ["id", "type", "mol", "ix", "iy", "iz", "proc"];

    private sealed class DumpReader(Stream stream, string source, ReadOptions options)
    {
        private readonly Utf8LineReader _lines = new(stream);
        private readonly bool _followed = stream is FollowStream;
        private readonly ElementCache _elements = new();
        private AtomsLayout? _layout;
        private Element?[]? _typeElements;
        private int _index;
        private bool _timeInFemtoseconds;
        private bool _done;

        public Frame? Next()
        {
            if (_done) return null;
            var range = options.Frames;
            while (true)
            {
                if (range.IsPast(_index) || !ReadHeader(out var header))
                {
                    _done = true;
                    return null;
                }
                int index = _index++;
                if (range.Contains(index)) return ReadAtoms(header, index);
                long skipped = _lines.SkipLines(header.AtomCount);
                if (skipped < header.AtomCount) throw Truncated(index, header.AtomCount, skipped);
            }
        }

        public int CountRemaining()
        {
            while (ReadHeader(out var header))
            {
                int index = _index++;
                long skipped = _lines.SkipLines(header.AtomCount);
                if (skipped < header.AtomCount) throw Truncated(index, header.AtomCount, skipped);
            }
            return _index;
        }

        private InputException Error(string reason, int? frame = null, long? line = null) =>
            new(source, frame ?? _index, line ?? _lines.LineNumber, reason);

        private TruncatedFrameException Truncated(int frame, long expected, long found) =>
            new(source, frame, _lines.LineNumber, $"file ends inside frame {frame}: expected {expected} atom lines, found {found}");

        /// <summary>Reads the ITEM sections up to and including ITEM: ATOMS; false at a clean end of file.</summary>
        private bool ReadHeader(out Header header)
        {
            header = default;
            header.AtomCount = -1;
            bool started = false, haveStep = false;
            while (true)
            {
                if (!_lines.TryReadLine(out var raw))
                {
                    if (!started) return false;
                    throw Error($"file ends inside the header of frame {_index}, before ITEM: ATOMS");
                }
                var line = TextFields.Trim(raw);
                if (line.IsEmpty) continue;
                if (!line.StartsWith("ITEM:"u8))
                {
                    throw Error(started
                        ? $"expected an ITEM: line in the frame header, found '{TextFields.Show(line)}'"
                        : $"expected 'ITEM: TIMESTEP' to start a frame, found '{TextFields.Show(line)}'");
                }
                started = true;
                var item = TextFields.Trim(line[5..]);
                if (item.SequenceEqual("TIMESTEP"u8))
                {
                    if (haveStep) throw Error("ITEM: TIMESTEP appears twice without ITEM: ATOMS between");
                    haveStep = true;
                    header.Step = ReadIntegerLine("TIMESTEP");
                }
                else if (item.SequenceEqual("TIME"u8))
                {
                    double t = ReadRealLine("TIME");
                    header.Time = _timeInFemtoseconds ? t / 1000.0 : t;
                }
                else if (item.SequenceEqual("UNITS"u8))
                {
                    var units = TextFields.Trim(ReadValueLine("UNITS"));
                    // LAMMPS writes UNITS once, in the first frame; real units count time in fs.
                    _timeInFemtoseconds = units.SequenceEqual("real"u8);
                    if (!units.SequenceEqual("metal"u8) && !units.SequenceEqual("real"u8))
                        options.Warn?.Invoke($"{source}: LAMMPS units '{TextFields.Show(units)}' are neither metal nor real; lengths are taken as Å and times as ps");
                }
                else if (item.SequenceEqual("NUMBER OF ATOMS"u8))
                {
                    long n = ReadIntegerLine("NUMBER OF ATOMS");
                    if (n < 0 || n > Array.MaxLength) throw Error($"number of atoms {n} is out of range");
                    header.AtomCount = n;
                }
                else if (item.StartsWith("BOX BOUNDS"u8))
                {
                    header.Cell = ReadBox(item[10..]);
                }
                else if (item.StartsWith("ATOMS"u8) && (item.Length == 5 || TextFields.IsSpace(item[5])))
                {
                    if (header.AtomCount < 0) throw Error("ITEM: ATOMS comes before ITEM: NUMBER OF ATOMS");
                    header.Layout = Layout(item[5..]);
                    if (header.Layout.Scaled && header.Cell is null)
                        throw Error($"scaled positions ({header.Layout.PositionNames}) need an ITEM: BOX BOUNDS section");
                    return true;
                }
                else
                {
                    throw Error($"unsupported section 'ITEM: {TextFields.Show(item)}' (only atom dumps, dump atom or dump custom, are read)");
                }
            }
        }

        private ReadOnlySpan<byte> ReadValueLine(string item)
        {
            if (!_lines.TryReadLine(out var line))
                throw Error($"file ends inside the header of frame {_index}, after ITEM: {item}");
            return line;
        }

        private long ReadIntegerLine(string item)
        {
            var line = ReadValueLine(item);
            int pos = 0;
            if (!TextFields.Next(line, ref pos, out var field) || !Utf8Number.TryParseInt64(field, out long value))
                throw Error($"ITEM: {item} is followed by '{TextFields.Show(TextFields.Trim(line))}', not an integer");
            return value;
        }

        private double ReadRealLine(string item)
        {
            var line = ReadValueLine(item);
            int pos = 0;
            if (!TextFields.Next(line, ref pos, out var field) || !Utf8Number.TryParseDouble(field, out double value))
                throw Error($"ITEM: {item} is followed by '{TextFields.Show(TextFields.Trim(line))}', not a number");
            return value;
        }

        /// <summary>
        /// ITEM: BOX BOUNDS in its three forms: orthogonal (<c>pp pp pp</c>; lo hi per axis), restricted
        /// triclinic (<c>xy xz yz pp pp pp</c>; lo_bound hi_bound tilt per axis) and general triclinic
        /// (<c>abc origin pp pp pp</c>; three lattice vector components and one origin component per line).
        /// </summary>
        private Cell ReadBox(ReadOnlySpan<byte> rest)
        {
            var words = new List<string>(6);
            int pos = 0;
            while (TextFields.Next(rest, ref pos, out var w)) words.Add(TextFields.Decode(w));
            int shape = 0; // 0 orthogonal, 1 triclinic, 2 general triclinic
            if (words.Count >= 3 && words[0] == "xy" && words[1] == "xz" && words[2] == "yz")
            {
                shape = 1;
                words.RemoveRange(0, 3);
            }
            else if (words.Count >= 2 && words[0] == "abc" && words[1] == "origin")
            {
                shape = 2;
                words.RemoveRange(0, 2);
            }
            var periodic = new[] { true, true, true }; // dumps before 2009 had no flags and were periodic
            if (words.Count == 3)
            {
                for (int k = 0; k < 3; k++) periodic[k] = words[k].StartsWith('p');
            }
            else if (words.Count != 0)
            {
                throw Error($"ITEM: BOX BOUNDS{TextFields.Decode(rest)}: expected three boundary flags such as 'pp pp pp'");
            }

            int perLine = shape switch { 0 => 2, 1 => 3, _ => 4 };
            Span<double> v = stackalloc double[12];
            for (int axis = 0; axis < 3; axis++)
            {
                var line = ReadValueLine("BOX BOUNDS");
                int p = 0, k = 0;
                while (TextFields.Next(line, ref p, out var field))
                {
                    if (k == perLine || !Utf8Number.TryParseDouble(field, out v[axis * 4 + k]))
                        throw Error($"box line '{TextFields.Show(TextFields.Trim(line))}' is not {perLine} numbers");
                    k++;
                }
                if (k != perLine) throw Error($"box line '{TextFields.Show(TextFields.Trim(line))}' is not {perLine} numbers");
            }

            Vec3 a, b, c, origin;
            if (shape == 2)
            {
                a = new Vec3(v[0], v[1], v[2]);
                b = new Vec3(v[4], v[5], v[6]);
                c = new Vec3(v[8], v[9], v[10]);
                origin = new Vec3(v[3], v[7], v[11]);
            }
            else
            {
                double xy = 0, xz = 0, yz = 0;
                if (shape == 1)
                {
                    xy = v[2];
                    xz = v[6];
                    yz = v[10];
                }
                var (xlo, xhi, ylo, yhi, zlo, zhi) = LammpsBox.BoundsToBox(v[0], v[1], v[4], v[5], v[8], v[9], xy, xz, yz);
                // An inverted box is an error; a flat one only along a periodic axis (a writer may give a
                // non-periodic axis of a flat molecule zero thickness).
                if (!(xhi >= xlo) || !(yhi >= ylo) || !(zhi >= zlo)
                    || (periodic[0] && xhi == xlo) || (periodic[1] && yhi == ylo) || (periodic[2] && zhi == zlo))
                    throw Error($"the box has a zero or negative edge (x {xlo}..{xhi}, y {ylo}..{yhi}, z {zlo}..{zhi})");
                (a, b, c, origin) = LammpsBox.Lattice(xlo, xhi, ylo, yhi, zlo, zhi, xy, xz, yz);
            }
            try
            {
                return new Cell(a, b, c, origin, periodic[0], periodic[1], periodic[2]);
            }
            catch (ArgumentException e)
            {
                throw Error($"the box is degenerate: {e.Message}");
            }
        }

        private AtomsLayout Layout(ReadOnlySpan<byte> headerText)
        {
            if (_layout is not null && headerText.SequenceEqual(_layout.HeaderText)) return _layout;

            var names = new List<string>();
            int pos = 0;
            while (TextFields.Next(headerText, ref pos, out var w)) names.Add(TextFields.Decode(w));
            if (names.Count == 0) throw Error("ITEM: ATOMS names no columns");
            for (int i = 0; i < names.Count; i++)
                for (int j = 0; j < i; j++)
                    if (names[i] == names[j]) throw Error($"ITEM: ATOMS names column '{names[i]}' twice");

            string[][] sets = [["x", "y", "z"], ["xu", "yu", "zu"], ["xs", "ys", "zs"], ["xsu", "ysu", "zsu"]];
            int chosen = -1;
            int[] posColumns = [-1, -1, -1];
            for (int s = 0; s < sets.Length && chosen < 0; s++)
            {
                int ix = names.IndexOf(sets[s][0]), iy = names.IndexOf(sets[s][1]), iz = names.IndexOf(sets[s][2]);
                if (ix >= 0 && iy >= 0 && iz >= 0)
                {
                    chosen = s;
                    posColumns = [ix, iy, iz];
                }
            }
            if (chosen < 0)
                throw Error($"ITEM: ATOMS has no complete set of positions (x y z, xu yu zu, xs ys zs or xsu ysu zsu): columns are '{string.Join(' ', names)}'");

            var roles = new Role[names.Count];
            for (int i = 0; i < names.Count; i++)
                roles[i] = IntegerColumns.Contains(names[i]) ? Role.Integer : Role.RealOrText;
            roles[posColumns[0]] = Role.X;
            roles[posColumns[1]] = Role.Y;
            roles[posColumns[2]] = Role.Z;
            int elementColumn = names.IndexOf("element");
            if (elementColumn >= 0) roles[elementColumn] = Role.Element;
            int typeColumn = names.IndexOf("type");
            if (elementColumn < 0 && typeColumn < 0)
                throw Error("ITEM: ATOMS has neither an 'element' nor a 'type' column, so atoms have no element");

            _layout = new AtomsLayout
            {
                HeaderText = headerText.ToArray(),
                Names = [.. names],
                Roles = roles,
                Scaled = chosen >= 2,
                IdColumn = names.IndexOf("id"),
                TypeColumn = typeColumn,
                ElementColumn = elementColumn,
                PositionNames = string.Join(' ', sets[chosen]),
            };
            return _layout;
        }

        private const int InitialAtomCapacity = 1 << 16;

        private Frame ReadAtoms(in Header header, int frameIndex)
        {
            var layout = header.Layout;
            int n = (int)header.AtomCount;
            int columns = layout.Names.Length;
            var roles = layout.Roles;
            // Storage grows with the atom lines actually read, so a huge (corrupt) atom count fails as a
            // truncated frame instead of allocating for atoms that are not there.
            int capacity = Math.Min(n, InitialAtomCapacity);
            var positions = new Vec3[capacity];
            var elements = new Element[capacity];
            var integers = new long[columns][];
            var reals = new double[columns][];
            var texts = new string[columns][];
            var textCaches = new StringCache?[columns];
            for (int c = 0; c < columns; c++)
            {
                if (roles[c] == Role.Integer) integers[c] = new long[capacity];
                else if (roles[c] == Role.RealOrText) reals[c] = new double[capacity];
            }

            int parsed = 0;
            long firstAtomLine = _lines.LineNumber + 1; // the line after ITEM: ATOMS
            try
            {
            for (int atom = 0; atom < n; atom++, parsed = atom)
            {
                if (!_lines.TryReadLine(out var line)) throw Truncated(frameIndex, n, atom);
                if (atom == capacity)
                {
                    capacity = (int)Math.Min(n, 2L * capacity);
                    Array.Resize(ref positions, capacity);
                    Array.Resize(ref elements, capacity);
                    for (int c = 0; c < columns; c++)
                    {
                        if (integers[c] is not null) Array.Resize(ref integers[c], capacity);
                        if (reals[c] is not null) Array.Resize(ref reals[c], capacity);
                        if (texts[c] is not null) Array.Resize(ref texts[c], capacity);
                    }
                }
                int p = 0;
                double x = 0, y = 0, z = 0;
                for (int c = 0; c < columns; c++)
                {
                    var role = roles[c];
                    scoped ReadOnlySpan<byte> field;
                    if (role <= Role.Z || (role == Role.RealOrText && texts[c] is null))
                    {
                        if (!TextFields.NextDouble(line, ref p, out field, out double v, out bool ok))
                            throw Error($"atom line has {c} values but ITEM: ATOMS names {columns} columns", frameIndex);
                        if (role == Role.X && ok) x = v;
                        else if (role == Role.Y && ok) y = v;
                        else if (role == Role.Z && ok) z = v;
                        else if (ok) reals[c][atom] = v;
                        else if (role <= Role.Z) throw NotANumber(field, c, frameIndex);
                        else
                        {
                            // Not all numbers after all: the column is text. Earlier values were numbers;
                            // they keep their shortest round-trip form.
                            var t = texts[c] = new string[capacity];
                            for (int k = 0; k < atom; k++) t[k] = NumberText.Format(reals[c][k]);
                            reals[c] = null!;
                            textCaches[c] = new StringCache();
                            t[atom] = textCaches[c]!.Get(field);
                        }
                        continue;
                    }
                    if (!TextFields.Next(line, ref p, out field))
                        throw Error($"atom line has {c} values but ITEM: ATOMS names {columns} columns", frameIndex);
                    switch (role)
                    {
                        case Role.Element:
                            elements[atom] = _elements.Lookup(field)
                                ?? throw Error($"'{TextFields.Show(field)}' in column element is not an element symbol", frameIndex);
                            break;
                        case Role.Integer:
                            if (!Utf8Number.TryParseInt64(field, out integers[c][atom]))
                                throw Error($"'{TextFields.Show(field)}' in column {layout.Names[c]} is not an integer", frameIndex);
                            break;
                        default:
                            texts[c][atom] = textCaches[c]!.Get(field);
                            break;
                    }
                }
                if (TextFields.Next(line, ref p, out _))
                    throw Error($"atom line has {TextFields.Count(line)} values but ITEM: ATOMS names {columns} columns", frameIndex);
                if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
                    throw Error($"atom position ({x}, {y}, {z}) is not finite (NaN or Inf: the MD has probably blown up)", frameIndex);
                positions[atom] = new Vec3(x, y, z);
            }
            }
            catch (InputException e) when (e is not TruncatedFrameException && _lines.LastLineUnterminated)
            {
                // A bad last line without its newline: the writer stopped in the middle of it.
                throw Truncated(frameIndex, n, parsed);
            }
            // A followed dump whose data ends inside the frame's last line (the writer was killed while writing it)
            // can still parse, with a cut number: the frame is complete only with that line's newline.
            if (_followed && n > 0 && _lines.LastLineUnterminated) throw Truncated(frameIndex, n, n - 1);

            var cell = header.Cell ?? Cell.None;
            if (layout.Scaled)
                for (int i = 0; i < n; i++) positions[i] = cell.ToCartesian(positions[i]);
            if (layout.ElementColumn < 0) TypesToElements(integers[layout.TypeColumn], elements, frameIndex, firstAtomLine);
            else if (layout.TypeColumn >= 0 && options.Types is not null) CheckTypesAgainstElements(integers[layout.TypeColumn], elements, n);

            var atomColumns = new List<AtomColumn>(columns);
            for (int c = 0; c < columns; c++)
            {
                string name = layout.Names[c];
                switch (roles[c])
                {
                    case Role.Integer: atomColumns.Add(new AtomColumn<long>(name, integers[c])); break;
                    case Role.RealOrText:
                        atomColumns.Add(texts[c] is { } t ? new AtomColumn<string>(name, t) : new AtomColumn<double>(name, reals[c]));
                        break;
                }
            }

            if (layout.IdColumn >= 0 && SortOrder(integers[layout.IdColumn], frameIndex) is { } order)
            {
                var p2 = new Vec3[n];
                var e2 = new Element[n];
                for (int i = 0; i < n; i++)
                {
                    p2[i] = positions[order[i]];
                    e2[i] = elements[order[i]];
                }
                positions = p2;
                elements = e2;
                for (int k = 0; k < atomColumns.Count; k++) atomColumns[k] = atomColumns[k].Select(order);
            }

            return new Frame(positions, elements, cell)
            {
                Step = header.Step,
                Time = header.Time,
                Columns = atomColumns,
                Source = source,
                Index = frameIndex,
            };
        }

        private InputException NotANumber(ReadOnlySpan<byte> field, int column, int frame) =>
            Error($"'{TextFields.Show(field)}' in column {_layout!.Names[column]} is not a number", frame);

        /// <param name="firstAtomLine">Line number of the frame's first atom line: errors name the atom's line.</param>
        private void TypesToElements(long[] types, Element[] elements, int frameIndex, long firstAtomLine)
        {
            if (types.Length == 0) return;
            if (options.Types is null)
            {
                throw Error($"the dump has no element column, so atom type {types[0]} needs an element; " +
                    $"say which element each type is, e.g. {options.TypesHint("1=Zn,2=N,3=C,4=H")}", frameIndex, firstAtomLine);
            }
            if (_typeElements is null)
            {
                int max = 0;
                foreach (var t in options.Types.Entries.Keys) max = Math.Max(max, t);
                _typeElements = new Element?[max + 1];
                foreach (var (t, e) in options.Types.Entries) _typeElements[t] = e;
            }
            var map = _typeElements;
            for (int i = 0; i < types.Length; i++)
            {
                long t = types[i];
                if ((ulong)t >= (ulong)map.Length || map[t] is not { } e)
                {
                    throw Error($"atom type {t} has no element in the type map '{options.Types}'; " +
                        $"give every type, e.g. {options.TypesHint($"{options.Types},{t}=...")}", frameIndex, firstAtomLine + i);
                }
                elements[i] = e;
            }
        }

        /// <summary>
        /// A dump with both an element and a type column, read with a type map as well: each type whose map entry
        /// contradicts the element column is warned about once (the element column is used).
        /// </summary>
        private void CheckTypesAgainstElements(long[] types, Element[] elements, int n)
        {
            for (int i = 0; i < n; i++)
            {
                long t = types[i];
                if (t < 1 || t > int.MaxValue || !options.Types!.TryGet((int)t, out var mapped) || mapped.Z == elements[i].Z) continue;
                if (!(_contradicted ??= []).Add(t)) continue;
                options.Warn?.Invoke($"{source}: {options.TypesName} says type {t} is {mapped.Symbol} but the dump's element column says {elements[i].Symbol} for atoms of type {t}; the element column is used");
            }
        }

        private HashSet<long>? _contradicted;

        /// <summary>Permutation that sorts atoms by id, or null when already ascending; duplicate ids are an error.</summary>
        private int[]? SortOrder(long[] ids, int frameIndex)
        {
            bool ascending = true;
            for (int i = 1; i < ids.Length && ascending; i++) ascending = ids[i] > ids[i - 1];
            if (ascending) return null;
            var keys = (long[])ids.Clone();
            var order = new int[ids.Length];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(keys, order);
            for (int i = 1; i < keys.Length; i++)
                if (keys[i] == keys[i - 1]) throw Error($"atom id {keys[i]} appears more than once", frameIndex);
            return order;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    /// <summary>
    /// Writes one frame: TIME (when set), TIMESTEP, NUMBER OF ATOMS, BOX BOUNDS, then
    /// <c>ITEM: ATOMS id element x y z</c> and the frame's other per-atom columns (multi-component ones as
    /// name[1] name[2] ...; empty text as "_", whitespace inside text as "_"). Reals are written in shortest
    /// round-trip form, so reading back gives the same doubles.
    /// </summary>
    /// <remarks>
    /// The box is orthogonal (<c>pp pp pp</c>) when the lattice is diagonal, else restricted triclinic
    /// (<c>xy xz yz pp pp pp</c>); each axis is p or f from the cell's periodicity. LAMMPS needs a along x,
    /// b in the xy plane and a positive diagonal: a lattice in any other orientation is rotated into that one,
    /// together with the origin, the positions and every 3-component real column (forces, velocities), by one
    /// rotation about the coordinate origin; a left-handed lattice first has c replaced by −c (and the origin
    /// moved by c), which spans the same box. A frame without a lattice gets the bounding box of its atoms with
    /// <c>ff ff ff</c>. Ids come from an integer "id" column when there is one, else 1..N.
    /// </remarks>
    public static void Write(TextWriter writer, Frame frame)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(frame);
        var inv = CultureInfo.InvariantCulture;
        int n = frame.AtomCount;
        var positions = frame.Positions;
        var columns = frame.Columns;
        Span<char> buf = stackalloc char[64];

        if (frame.Time is { } time)
        {
            writer.Write("ITEM: TIME\n");
            NumberText.Write(writer, time, buf);
            writer.Write('\n');
        }
        writer.Write("ITEM: TIMESTEP\n");
        writer.Write(frame.Step.ToString(inv));
        writer.Write("\nITEM: NUMBER OF ATOMS\n");
        writer.Write(n.ToString(inv));
        writer.Write('\n');

        var cell = frame.Cell;
        if (!cell.HasLattice)
        {
            Vec3 lo = Vec3.Zero, hi = Vec3.Zero;
            if (n > 0)
            {
                lo = hi = positions[0];
                foreach (var r in positions)
                {
                    lo = new Vec3(Math.Min(lo.X, r.X), Math.Min(lo.Y, r.Y), Math.Min(lo.Z, r.Z));
                    hi = new Vec3(Math.Max(hi.X, r.X), Math.Max(hi.Y, r.Y), Math.Max(hi.Z, r.Z));
                }
            }
            writer.Write("ITEM: BOX BOUNDS ff ff ff\n");
            for (int k = 0; k < 3; k++) WriteRealLine(writer, buf, lo[k], hi[k]);
        }
        else
        {
            var (a, b, c, origin, rotation) = LammpsBox.Orient(cell);
            if (rotation is { } rot)
            {
                positions = new Vec3[n];
                for (int i = 0; i < n; i++) positions[i] = rot.Apply(frame.Positions[i]);
                var rotated = new List<AtomColumn>(columns.Count);
                foreach (var col in columns)
                {
                    if (col is AtomColumn<double> { Components: 3 } vec)
                    {
                        var v = new double[vec.Values.Length];
                        for (int i = 0; i < n; i++)
                        {
                            var r = rot.Apply(new Vec3(vec.Values[3 * i], vec.Values[3 * i + 1], vec.Values[3 * i + 2]));
                            v[3 * i] = r.X;
                            v[3 * i + 1] = r.Y;
                            v[3 * i + 2] = r.Z;
                        }
                        rotated.Add(new AtomColumn<double>(vec.Name, v, 3));
                    }
                    else
                    {
                        rotated.Add(col);
                    }
                }
                columns = rotated;
            }
            double xy = b.X, xz = c.X, yz = c.Y;
            string flags = $"{(cell.PeriodicA ? "pp" : "ff")} {(cell.PeriodicB ? "pp" : "ff")} {(cell.PeriodicC ? "pp" : "ff")}";
            var bounds = LammpsBox.BoxToBounds(origin, a.X, b.Y, c.Z, xy, xz, yz);
            if (xy == 0 && xz == 0 && yz == 0)
            {
                writer.Write($"ITEM: BOX BOUNDS {flags}\n");
                WriteRealLine(writer, buf, bounds.XloBound, bounds.XhiBound);
                WriteRealLine(writer, buf, bounds.YloBound, bounds.YhiBound);
                WriteRealLine(writer, buf, bounds.ZloBound, bounds.ZhiBound);
            }
            else
            {
                writer.Write($"ITEM: BOX BOUNDS xy xz yz {flags}\n");
                WriteRealLine(writer, buf, bounds.XloBound, bounds.XhiBound, xy);
                WriteRealLine(writer, buf, bounds.YloBound, bounds.YhiBound, xz);
                WriteRealLine(writer, buf, bounds.ZloBound, bounds.ZhiBound, yz);
            }
        }

        var ids = frame.Column("id") as AtomColumn<long>;
        if (ids is { Components: not 1 }) ids = null;
        var extra = new List<AtomColumn>();
        var names = new List<string> { "id", "element", "x", "y", "z" };
        foreach (var col in columns)
        {
            if (col.Name is "id" or "element" or "x" or "y" or "z") continue;
            extra.Add(col);
            string name = TextFields.SafeName(col.Name);
            if (col.Components == 1) names.Add(name);
            else
                for (int k = 1; k <= col.Components; k++) names.Add($"{name}[{k}]");
        }
        writer.Write("ITEM: ATOMS ");
        writer.Write(string.Join(' ', names));
        writer.Write('\n');

        for (int i = 0; i < n; i++)
        {
            writer.Write(ids is null ? (i + 1L).ToString(inv) : ids.Values[i].ToString(inv));
            writer.Write(' ');
            writer.Write(frame.Elements[i].Symbol);
            var r = positions[i];
            writer.Write(' ');
            NumberText.Write(writer, r.X, buf);
            writer.Write(' ');
            NumberText.Write(writer, r.Y, buf);
            writer.Write(' ');
            NumberText.Write(writer, r.Z, buf);
            foreach (var col in extra)
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

    private static void WriteRealLine(TextWriter writer, Span<char> buffer, params ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) writer.Write(' ');
            NumberText.Write(writer, values[i], buffer);
        }
        writer.Write('\n');
    }
}
