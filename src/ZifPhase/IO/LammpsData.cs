using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// LAMMPS data file reader (the format of read_data / write_data), yielding one frame.
/// <list type="bullet">
/// <item>Header: the first line is a free title (a "timestep = N" in it, as write_data puts it, sets Frame.Step);
/// then "N atoms", "N atom types", "xlo xhi", "ylo yhi", "zlo zhi", optional "xy xz yz" tilts (lattice
/// a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz), Cell.Origin = (xlo,ylo,zlo)) or the general triclinic
/// "avec", "bvec", "cvec", "abc origin"; other header lines are ignored. The cell is fully periodic.</item>
/// <item>Sections start at a line whose words all begin with a letter ("Atoms # charge", "Pair Coeffs",
/// "BondBond13 Coeffs") and run to the next such line; every section but Masses and Atoms is skipped.</item>
/// <item>Elements: <see cref="ReadOptions.Types"/> first; else the Masses comment ("1 65.38 # Zn", "# Zn1",
/// "# C_R": its leading one or two letters, when they make an element symbol); else the element of nearest
/// standard mass (within 0.5 g/mol).</item>
/// <item>Atoms: style from the "Atoms # style" comment (atomic, charge, full, molecular, bond, angle), else from
/// the column count; each optionally followed by three integer image flags, which are applied
/// (r = x + nx·a + ny·b + nz·c). Coordinates are not wrapped. Atoms come out sorted by id, with per-atom columns
/// "id" (Integer), "mol" (Integer, when the style has it) and "charge" (Real, when the style has it).</item>
/// </list>
/// </summary>
public static partial class LammpsData
{
    /// <summary>Tolerance (g/mol) of the nearest-mass fallback and of the check of Masses comments.</summary>
    public const double MassTolerance = 0.5;

    private enum Style { Atomic, Charge, Full, Molecular }

    private static readonly HashSet<string> UnsupportedStyles =
    [
        "body", "bpm/sphere", "dielectric", "dipole", "dpd", "edpd", "electron", "ellipsoid", "hybrid", "line",
        "mdpd", "oxdna", "peri", "rheo", "smd", "sph", "sphere", "spin", "tdpd", "template", "tri", "wavepacket",
    ];

    /// <summary>True when, after the title line, the head has an "N atoms" line and an "xlo xhi" line.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        int firstBreak = text.IndexOf('\n');
        if (firstBreak < 0) return false;
        text = text[(firstBreak + 1)..];
        return AtomsHeaderLine().IsMatch(text) && BoxHeaderLine().IsMatch(text);
    }

    [GeneratedRegex(@"^[ \t]*\d+[ \t]+atoms[ \t]*(#.*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex AtomsHeaderLine();

    [GeneratedRegex(@"^[ \t]*\S+[ \t]+\S+[ \t]+xlo[ \t]+xhi\b", RegexOptions.Multiline)]
    private static partial Regex BoxHeaderLine();

    [GeneratedRegex(@"timestep\s*=\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex TimestepInTitle();

    /// <summary>Lazily reads a LAMMPS data file as its single frame (frame 0): box and positions in Å, elements from the Masses comments or <see cref="ReadOptions.Types"/>. <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="InputException">The header, box or Atoms section is malformed, or an atom type has no element.</exception>
    public static IEnumerable<Frame> Read(Stream stream, string source, ReadOptions options)
    {
        if (!options.Frames.Contains(0)) yield break;
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        yield return new Parser(reader, source, options).Run();
    }

    private sealed record MassEntry(int Type, double Mass, string Comment, long Line);

    private sealed class Parser(TextReader reader, string source, ReadOptions options)
    {
        private long _lineNo;
        private long? _natoms;
        private int? _ntypes;
        private double? _xlo, _xhi, _ylo, _yhi, _zlo, _zhi;
        private double _xy, _xz, _yz;
        private Vec3? _avec, _bvec, _cvec, _abcOrigin;
        private readonly Dictionary<int, MassEntry> _masses = [];
        private List<(double[] Values, long Line)>? _atomRows;
        private long _atomsLine;
        private string _atomsStyleComment = "";
        private bool _column2HasFraction;

        private InputException Error(long? line, string reason) => new(source, null, line, reason);

        public Frame Run()
        {
            string title = reader.ReadLine() ?? throw Error(null, "the file is empty");
            _lineNo = 1;
            var section = ReadHeader();
            while (section is { } s)
            {
                section = s.Name switch
                {
                    "Masses" => ReadMasses(),
                    "Atoms" => ReadAtoms(s.Line, s.Comment),
                    _ => SkipSection(),
                };
            }
            if (_natoms is null) throw Error(null, "the header has no 'N atoms' line");
            var cell = BuildCell();
            if (_atomRows is null)
            {
                if (_natoms == 0) return new Frame([], [], cell) { Source = source, Info = TitleInfo(title), Step = StepOf(title) };
                throw Error(null, $"no Atoms section (the header says {_natoms} atoms)");
            }
            if (_atomRows.Count != _natoms)
                throw Error(_atomsLine, $"the Atoms section has {_atomRows.Count} lines but the header says {_natoms} atoms");
            return BuildFrame(cell, title);
        }

        private static Dictionary<string, string> TitleInfo(string title) => new() { ["title"] = title.Trim() };

        private static long StepOf(string title)
        {
            var m = TimestepInTitle().Match(title);
            return m.Success && long.TryParse(m.Groups[1].ValueSpan, NumberStyles.Integer, CultureInfo.InvariantCulture, out long step) ? step : 0;
        }

        // ---- lines ---------------------------------------------------------------------------------------

        private readonly record struct SectionStart(string Name, string Comment, long Line);

        /// <summary>Next non-blank line, split into its content (comment removed, trimmed) and comment.</summary>
        private bool NextLine(out string content, out string comment)
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                _lineNo++;
                int hash = line.IndexOf('#');
                content = (hash >= 0 ? line[..hash] : line).Trim();
                comment = hash >= 0 ? line[(hash + 1)..].Trim() : "";
                if (content.Length > 0) return true;
            }
            content = comment = "";
            return false;
        }

        /// <summary>Section keywords are lines of words that all start with a letter; data lines start with a number.</summary>
        private static bool IsSectionHeader(string content)
        {
            foreach (var word in content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                if (!char.IsAsciiLetter(word[0])) return false;
            return true;
        }

        private static string[] Words(string content) => content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

        private static string SectionName(string content) => string.Join(' ', Words(content));

        // ---- header --------------------------------------------------------------------------------------

        private SectionStart? ReadHeader()
        {
            while (NextLine(out var content, out var comment))
            {
                if (IsSectionHeader(content)) return new SectionStart(SectionName(content), comment, _lineNo);
                var w = Words(content);
                if (w.Length == 2 && w[1] == "atoms") _natoms = ParseCount(w[0], "atoms");
                else if (w.Length == 3 && w[1] == "atom" && w[2] == "types") _ntypes = (int)ParseCount(w[0], "atom types");
                else if (w.Length == 4 && w[2] == "xlo" && w[3] == "xhi") (_xlo, _xhi) = (Real(w[0]), Real(w[1]));
                else if (w.Length == 4 && w[2] == "ylo" && w[3] == "yhi") (_ylo, _yhi) = (Real(w[0]), Real(w[1]));
                else if (w.Length == 4 && w[2] == "zlo" && w[3] == "zhi") (_zlo, _zhi) = (Real(w[0]), Real(w[1]));
                else if (w.Length == 6 && w[3] == "xy" && w[4] == "xz" && w[5] == "yz") (_xy, _xz, _yz) = (Real(w[0]), Real(w[1]), Real(w[2]));
                else if (w.Length == 4 && w[3] == "avec") _avec = Vector(w);
                else if (w.Length == 4 && w[3] == "bvec") _bvec = Vector(w);
                else if (w.Length == 4 && w[3] == "cvec") _cvec = Vector(w);
                else if (w.Length == 5 && w[3] == "abc" && w[4] == "origin") _abcOrigin = Vector(w);
                // other header keywords (bonds, angles, bond types, extra ... per atom, ellipsoids...) are not needed
            }
            return null;
        }

        private Vec3 Vector(string[] w) => new(Real(w[0]), Real(w[1]), Real(w[2]));

        private long ParseCount(string text, string what)
        {
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < 0)
                throw Error(_lineNo, $"'{text}' is not a count of {what}");
            return n;
        }

        private double Real(string text)
        {
            if (!NumberText.TryParse(text, out double v) || !double.IsFinite(v)) throw Error(_lineNo, $"'{text}' is not a number");
            return v;
        }

        private Cell BuildCell()
        {
            if (_avec is { } avec && _bvec is { } bvec && _cvec is { } cvec)
            {
                try
                {
                    return new Cell(avec, bvec, cvec, _abcOrigin ?? Vec3.Zero);
                }
                catch (ArgumentException)
                {
                    throw Error(null, "the avec, bvec, cvec lattice vectors are not linearly independent");
                }
            }
            if (_xlo is null || _ylo is null || _zlo is null)
                throw Error(null, $"the header lacks the box bounds ({(_xlo is null ? "xlo xhi" : _ylo is null ? "ylo yhi" : "zlo zhi")})");
            double lx = _xhi!.Value - _xlo.Value, ly = _yhi!.Value - _ylo.Value, lz = _zhi!.Value - _zlo.Value;
            if (lx <= 0 || ly <= 0 || lz <= 0)
                throw Error(null, FormattableString.Invariant($"box lengths must be positive (lx={lx}, ly={ly}, lz={lz})"));
            var (a, b, c, origin) = LammpsBox.Lattice(_xlo.Value, _xhi.Value, _ylo.Value, _yhi.Value, _zlo.Value, _zhi.Value, _xy, _xz, _yz);
            return new Cell(a, b, c, origin);
        }

        // ---- sections ------------------------------------------------------------------------------------

        private SectionStart? SkipSection()
        {
            while (NextLine(out var content, out var comment))
                if (IsSectionHeader(content)) return new SectionStart(SectionName(content), comment, _lineNo);
            return null;
        }

        private SectionStart? ReadMasses()
        {
            while (NextLine(out var content, out var comment))
            {
                if (IsSectionHeader(content)) return new SectionStart(SectionName(content), comment, _lineNo);
                var w = Words(content);
                if (w.Length < 2) throw Error(_lineNo, $"a Masses line needs a type and a mass, not '{content}'");
                if (!int.TryParse(w[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int type) || type < 1)
                    throw Error(_lineNo, $"'{w[0]}' is not an atom type (a positive integer; type labels are not supported)");
                if (_ntypes is { } nt && type > nt) throw Error(_lineNo, $"type {type} in Masses but the header says {nt} atom types");
                double mass = Real(w[1]);
                if (!_masses.TryAdd(type, new MassEntry(type, mass, comment, _lineNo)))
                    throw Error(_lineNo, $"type {type} appears twice in Masses");
            }
            return null;
        }

        private SectionStart? ReadAtoms(long headerLine, string styleComment)
        {
            if (_atomRows is not null) throw Error(headerLine, $"a second Atoms section (the first is at line {_atomsLine})");
            _atomsLine = headerLine;
            _atomsStyleComment = styleComment;
            _atomRows = new List<(double[], long)>((int)Math.Min(_natoms ?? 0, 1 << 16));
            while (NextLine(out var content, out var comment))
            {
                if (IsSectionHeader(content)) return new SectionStart(SectionName(content), comment, _lineNo);
                var w = Words(content);
                var values = new double[w.Length];
                for (int k = 0; k < w.Length; k++)
                    if (!NumberText.TryParse(w[k], out values[k]) || !double.IsFinite(values[k]))
                        throw Error(_lineNo, $"'{w[k]}' (column {k + 1} of an Atoms line) is not a number");
                if (w.Length > 2 && w[2].AsSpan().IndexOfAny('.', 'e', 'E') >= 0) _column2HasFraction = true;
                _atomRows.Add((values, _lineNo));
            }
            return null;
        }

        // ---- atoms ---------------------------------------------------------------------------------------

        private static int BaseColumns(Style style) => style switch
        {
            Style.Atomic => 5,
            Style.Charge => 6,
            Style.Molecular => 6,
            Style.Full => 7,
            _ => throw new ArgumentOutOfRangeException(nameof(style)),
        };

        private (Style Style, bool Images) DecideStyle()
        {
            var rows = _atomRows!;
            var word = Words(_atomsStyleComment) is { Length: > 0 } cw ? cw[0] : "";
            if (word.Length > 0)
            {
                Style? named = word switch
                {
                    "atomic" => Style.Atomic,
                    "charge" => Style.Charge,
                    "full" => Style.Full,
                    "molecular" or "bond" or "angle" => Style.Molecular,
                    _ => null,
                };
                if (named is { } st)
                {
                    int nb = BaseColumns(st);
                    foreach (var (values, line) in rows)
                        if (values.Length != nb && values.Length != nb + 3)
                            throw Error(line, $"atom style {word} needs {nb} columns (or {nb + 3} with image flags), this line has {values.Length}");
                    bool images = rows.Count > 0 && rows[0].Values.Length == nb + 3;
                    foreach (var (values, line) in rows)
                        if ((values.Length == nb + 3) != images)
                            throw Error(line, $"some Atoms lines have image flags and others not ({values.Length} columns here, {rows[0].Values.Length} at line {rows[0].Line})");
                    return (st, images);
                }
                // Another style LAMMPS knows: refuse rather than misread its columns. Any other comment says nothing.
                if (UnsupportedStyles.Contains(word))
                    throw Error(_atomsLine, $"atom style {word} is not supported (atomic, charge, full, molecular, bond, angle)");
            }
            if (rows.Count == 0) return (Style.Atomic, false);
            int n = rows[0].Values.Length;
            foreach (var (values, line) in rows)
                if (values.Length != n)
                    throw Error(line, $"Atoms lines differ in column count ({values.Length} here, {n} at line {rows[0].Line})");
            switch (n)
            {
                case 5: return (Style.Atomic, false);
                case 8: return (Style.Atomic, true);
                case 7: return (Style.Full, false);
                case 10: return (Style.Full, true);
                case 6:
                case 9:
                {
                    bool images = n == 9;
                    // charge: id type q x y z; molecular: id mol type x y z.
                    int maxType = _ntypes ?? int.MaxValue;
                    bool chargeOk = rows.TrueForAll(r => IsInt(r.Values[1]) && r.Values[1] >= 1 && r.Values[1] <= maxType);
                    bool molecularOk = rows.TrueForAll(r => IsInt(r.Values[1]) && r.Values[1] >= 0 && IsInt(r.Values[2]) && r.Values[2] >= 1 && r.Values[2] <= maxType);
                    if (chargeOk && molecularOk && _column2HasFraction) molecularOk = false;
                    if (chargeOk && !molecularOk) return (Style.Charge, images);
                    if (molecularOk && !chargeOk) return (Style.Molecular, images);
                    throw Error(_atomsLine, chargeOk
                        ? $"cannot tell atom style charge (id type q x y z) from molecular (id mol type x y z) by the {n} columns; write 'Atoms # charge' or 'Atoms # molecular'"
                        : $"{n} Atoms columns fit neither atom style charge nor molecular; name the style as 'Atoms # style'");
                }
                default:
                    throw Error(rows[0].Line, $"cannot infer the atom style from {n} columns (atomic 5, charge 6, molecular 6, full 7, each + 3 image flags); name it as 'Atoms # style'");
            }
        }

        private static bool IsInt(double v) => v == Math.Round(v) && Math.Abs(v) < 9e15;

        private Frame BuildFrame(Cell cell, string title)
        {
            var (style, hasImages) = DecideStyle();
            var rows = _atomRows!;
            int n = rows.Count;
            int typeCol = style is Style.Full or Style.Molecular ? 2 : 1;
            int molCol = style is Style.Full or Style.Molecular ? 1 : -1;
            int qCol = style switch { Style.Charge => 2, Style.Full => 3, _ => -1 };
            int xCol = BaseColumns(style) - 3;

            var ids = new long[n];
            var types = new int[n];
            for (int i = 0; i < n; i++)
            {
                var (v, line) = rows[i];
                ids[i] = IntegerColumn(v[0], "atom id", line);
                long t = IntegerColumn(v[typeCol], "atom type", line);
                if (t < 1 || (_ntypes is { } nt && t > nt))
                    throw Error(line, $"atom type {t} is outside 1..{_ntypes?.ToString(CultureInfo.InvariantCulture) ?? "N"} (header atom types)");
                types[i] = (int)t;
            }

            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort((long[])ids.Clone(), order);
            for (int k = 1; k < n; k++)
                if (ids[order[k]] == ids[order[k - 1]])
                    throw Error(rows[Math.Max(order[k], order[k - 1])].Line, $"atom id {ids[order[k]]} appears twice");

            var elementOf = ResolveTypes(types, rows);

            var positions = new Vec3[n];
            var elements = new Element[n];
            var idColumn = new long[n];
            var mol = molCol >= 0 ? new long[n] : null;
            var charge = qCol >= 0 ? new double[n] : null;
            for (int k = 0; k < n; k++)
            {
                int i = order[k];
                var (v, line) = rows[i];
                var r = new Vec3(v[xCol], v[xCol + 1], v[xCol + 2]);
                if (hasImages)
                {
                    long nx = IntegerColumn(v[xCol + 3], "image flag", line);
                    long ny = IntegerColumn(v[xCol + 4], "image flag", line);
                    long nz = IntegerColumn(v[xCol + 5], "image flag", line);
                    r += nx * cell.A + ny * cell.B + nz * cell.C;
                }
                positions[k] = r;
                elements[k] = elementOf[types[i]];
                idColumn[k] = ids[i];
                if (mol is not null) mol[k] = IntegerColumn(v[molCol], "molecule id", line);
                if (charge is not null) charge[k] = v[qCol];
            }
            var columns = new List<AtomColumn> { new AtomColumn<long>("id", idColumn) };
            if (mol is not null) columns.Add(new AtomColumn<long>("mol", mol));
            if (charge is not null) columns.Add(new AtomColumn<double>("charge", charge));
            return new Frame(positions, elements, cell)
            {
                Columns = columns,
                Info = TitleInfo(title),
                Step = StepOf(title),
                Source = source,
                Index = 0,
            };
        }

        private long IntegerColumn(double v, string what, long line)
        {
            if (!IsInt(v)) throw Error(line, FormattableString.Invariant($"{what} {v} is not an integer"));
            return (long)v;
        }

        /// <summary>Element of every type used by the atoms: type map, then Masses comment, then nearest mass.</summary>
        private Dictionary<int, Element> ResolveTypes(int[] types, List<(double[] Values, long Line)> rows)
        {
            var result = new Dictionary<int, Element>();
            for (int i = 0; i < types.Length; i++)
            {
                int t = types[i];
                if (result.ContainsKey(t)) continue;
                if (options.Types is { } map && map.TryGet(t, out var mapped))
                {
                    result[t] = mapped;
                    continue;
                }
                if (!_masses.TryGetValue(t, out var entry))
                    throw Error(rows[i].Line,
                        $"atom type {t} has no element: no Masses entry names it; give the elements, e.g. {options.TypesHint("1=C,2=H,3=N,4=Zn")}");
                result[t] = ElementOfMass(entry);
            }
            return result;
        }

        private Element ElementOfMass(MassEntry entry)
        {
            var word = Words(entry.Comment) is { Length: > 0 } w ? w[0] : "";
            int letters = 0;
            while (letters < word.Length && char.IsAsciiLetter(word[letters])) letters++;
            if (letters is 1 or 2 && Element.TryFromLabel(word, out var byLabel))
            {
                if (Math.Abs(byLabel.Mass - entry.Mass) <= MassTolerance) return byLabel;
                // "CA" or "NA" labels of carbon or nitrogen read as calcium or sodium: the mass decides between
                // the two-letter and the one-letter reading.
                if (letters == 2 && Element.TryFromSymbol(word.AsSpan(0, 1), out var single) && Math.Abs(single.Mass - entry.Mass) <= MassTolerance)
                    return single;
                options.Warn?.Invoke(FormattableString.Invariant(
                    $"{source}: line {entry.Line}: type {entry.Type} is named {word} in Masses but its mass {entry.Mass} is not that of {byLabel.Symbol} ({byLabel.Mass}); read as {byLabel.Symbol}"));
                return byLabel;
            }
            if (Element.TryFromMass(entry.Mass, out var byMass, MassTolerance)) return byMass;
            throw Error(entry.Line, FormattableString.Invariant(
                $"type {entry.Type} has mass {entry.Mass}, which is no element's standard mass (nearest: {byMass.Symbol}, {byMass.Mass}); name the element in a comment ('{entry.Type} {entry.Mass} # Zn') or give the elements, e.g. {options.TypesHint($"{entry.Type}=Zn")}"));
        }
    }
}
