using System.Globalization;
using System.Text;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>
/// Crystallographic Information File (CIF 1.1) reader. Every data block with atom sites becomes one frame,
/// expanded to P1:
/// <list type="bullet">
/// <item>Cell from _cell_length_a/b/c and _cell_angle_alpha/beta/gamma in the standard orientation (a along x,
/// b in the xy plane; the CIF default Cartesian frame), fully periodic, origin at 0.</item>
/// <item>Sites from _atom_site_fract_x/y/z, or _atom_site_Cartn_x/y/z (Å, converted to fractional); element from
/// _atom_site_type_symbol (charges such as "Zn2+" stripped), else from _atom_site_label ("Zn1", "N2A").
/// Labels are kept as the per-atom String column "label"; numbers may carry standard uncertainties
/// ("12.345(6)"). Partial occupancy is read as full occupancy, with one warning per file.</item>
/// <item>Symmetry: operations from _space_group_symop_operation_xyz or _symmetry_equiv_pos_as_xyz (loop or single
/// value). Each site is mapped by every operation, its fractional coordinates wrapped into [0, 1); images of one
/// site closer than <see cref="SiteImageTolerance"/> (0.5 Å, minimum image, to the first image of a group) are one
/// atom, placed at the mean of its images (for a site on a special position: the position averaged over its site
/// symmetry, which the written coordinates miss when rounded). A warning names the site when its merged images
/// were more than <see cref="MergeTolerance"/> apart. Atom order: sites in file order, and for each site its
/// atoms in the order of their first operation. Without operations the block must be P1 (by its space-group name
/// or number, or by naming none). Finally, atoms of different sites closer than 0.01 Å are merged (the first in
/// that order is kept) with a warning naming the sites; atoms of different sites between 0.01 and 0.5 Å apart are
/// both kept, with a warning naming both sites.</item>
/// </list>
/// Frame.Info["name"] holds the data block name. Errors are <see cref="InputException"/>s with the line of the
/// offending token.
/// </summary>
public static class Cif
{
    /// <summary>
    /// Distance (Å) under which two atoms are taken as the same position: images of one site this close are merged
    /// silently (an exact special position), atoms of different sites this close are merged with a warning (a site
    /// listed twice).
    /// </summary>
    public const double MergeTolerance = 0.01;

    /// <summary>
    /// Distance (Å) under which symmetry images of ONE site are one atom: no two atoms can be this close (the
    /// shortest bond, H–H, is 0.74 Å; C–H in a ZIF about 0.95 Å), while a site on a special position whose
    /// coordinates the file rounds (0.333 for 1/3) has images up to a few tenths of an Å apart (2 decimals in a
    /// 30 Å cell: up to ~0.3 Å). A fixed distance rather than one derived from the written digits, because how
    /// far rounding moves images grows with the cell and is the same whatever the digits claim. Images merged
    /// while more than <see cref="MergeTolerance"/> apart give a warning naming the site. Atoms of different
    /// sites closer than this are never merged beyond <see cref="MergeTolerance"/>: both are kept, with a warning
    /// naming both sites.
    /// </summary>
    public const double SiteImageTolerance = 0.5;

    /// <summary>Pairs of sites named in one overlap warning; the rest are counted.</summary>
    private const int MaxPairsNamed = 5;

    private static readonly string[] SymopTags = ["_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz"];
    private static readonly string[] SpaceGroupNameTags =
        ["_space_group_name_h-m_alt", "_symmetry_space_group_name_h-m", "_space_group_name_hall", "_symmetry_space_group_name_hall"];
    private static readonly string[] SpaceGroupNumberTags = ["_space_group_it_number", "_symmetry_int_tables_number"];

    /// <summary>True when, after blank and comment lines, the text starts with data_, loop_, global_ or a _cell_ tag.</summary>
    public static bool LooksLike(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        while (head.Length > 0)
        {
            int nl = head.IndexOf((byte)'\n');
            var line = nl < 0 ? head : head[..nl];
            head = nl < 0 ? [] : head[(nl + 1)..];
            int i = 0;
            while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r') i++;
            line = line[i..];
            if (line.Length == 0 || line[0] == (byte)'#') continue;
            return StartsWithIgnoreCase(line, "data_") || StartsWithIgnoreCase(line, "loop_")
                || StartsWithIgnoreCase(line, "_cell_") || StartsWithIgnoreCase(line, "global_");
        }
        return false;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> line, string word)
    {
        if (line.Length < word.Length) return false;
        for (int i = 0; i < word.Length; i++)
            if (char.ToLowerInvariant((char)line[i]) != word[i]) return false;
        return true;
    }

    /// <summary>Lazily reads the one structure of a CIF stream as a frame: cell lengths in Å and angles in degrees, atoms from the fractional coordinates of the asymmetric unit expanded by the symmetry operations, positions in Å. <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="InputException">The file is not valid CIF, or lacks the cell or atom-site data a frame needs.</exception>
    public static IEnumerable<Frame> Read(Stream stream, string source, ReadOptions options)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var state = new FileState();
        int index = 0;
        foreach (var block in ParseBlocks(reader, source))
        {
            if (!HasAtoms(block)) continue;
            int i = index++;
            if (options.Frames.IsPast(i)) yield break;
            if (!options.Frames.Contains(i)) continue;
            yield return BuildFrame(block, source, options, i, state);
        }
    }

    private sealed class FileState
    {
        public bool OccupancyWarned;
    }

    // ---- blocks and items --------------------------------------------------------------------------------

    private sealed class Item(string tag, long line, List<CifToken> values, int loop)
    {
        public string Tag { get; } = tag;
        public long Line { get; } = line;
        public List<CifToken> Values { get; } = values;
        /// <summary>Loop number within the block, or -1 for a single value.</summary>
        public int Loop { get; } = loop;
    }

    private sealed class Block(string name, long line)
    {
        public string Name { get; } = name;
        public long Line { get; } = line;
        private readonly Dictionary<string, Item> _items = new(StringComparer.Ordinal);

        public void Add(Item item) => _items.TryAdd(Normalize(item.Tag), item); // first definition wins

        public Item? Get(string tag) => _items.GetValueOrDefault(tag);

        public Item? First(string[] tags)
        {
            foreach (var t in tags)
                if (_items.TryGetValue(t, out var item)) return item;
            return null;
        }

        // Tags are case-insensitive; DDLm names with a dot (_space_group_symop.operation_xyz) match the underscore form.
        private static string Normalize(string tag) => tag.ToLowerInvariant().Replace('.', '_');
    }

    private static IEnumerable<Block> ParseBlocks(TextReader reader, string source)
    {
        using var tokens = CifTokenizer.Tokenize(reader, source).GetEnumerator();
        CifToken? pending = null;
        bool Next(out CifToken t)
        {
            if (pending is { } p)
            {
                pending = null;
                t = p;
                return true;
            }
            if (tokens.MoveNext())
            {
                t = tokens.Current;
                return true;
            }
            t = default;
            return false;
        }

        Block? current = null;
        int loops = 0;
        while (Next(out var tok))
        {
            switch (tok.Kind)
            {
                case CifTokenKind.Data:
                    if (current is not null) yield return current;
                    current = new Block(tok.Text, tok.Line);
                    break;
                case CifTokenKind.Loop:
                {
                    current ??= new Block(Path.GetFileNameWithoutExtension(source), tok.Line);
                    var tags = new List<CifToken>();
                    var values = new List<CifToken>();
                    CifToken t;
                    bool more;
                    while ((more = Next(out t)) && t.Kind == CifTokenKind.Tag) tags.Add(t);
                    while (more && t.Kind == CifTokenKind.Value)
                    {
                        values.Add(t);
                        more = Next(out t);
                    }
                    if (more) pending = t;
                    if (tags.Count == 0) throw new InputException(source, null, tok.Line, "loop_ without data names");
                    if (values.Count % tags.Count != 0)
                        throw new InputException(source, null, values[^1].Line,
                            $"the loop_ at line {tok.Line} has {tags.Count} data names but {values.Count} values, not a multiple of {tags.Count}");
                    int rows = values.Count / tags.Count;
                    for (int k = 0; k < tags.Count; k++)
                    {
                        var column = new List<CifToken>(rows);
                        for (int r = 0; r < rows; r++) column.Add(values[r * tags.Count + k]);
                        current.Add(new Item(tags[k].Text, tags[k].Line, column, loops));
                    }
                    loops++;
                    break;
                }
                case CifTokenKind.Tag:
                {
                    current ??= new Block(Path.GetFileNameWithoutExtension(source), tok.Line);
                    if (!Next(out var value) || value.Kind != CifTokenKind.Value)
                        throw new InputException(source, null, tok.Line, $"data name {tok.Text} has no value");
                    current.Add(new Item(tok.Text, tok.Line, [value], -1));
                    break;
                }
                case CifTokenKind.Value:
                    throw new InputException(source, null, tok.Line, $"value '{Shorten(tok.Text)}' does not follow a data name");
                default:
                    break; // save_ frames, global_ and stop_ carry nothing we read
            }
        }
        if (current is not null) yield return current;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    private static bool HasAtoms(Block block) =>
        (block.Get("_atom_site_fract_x") ?? block.Get("_atom_site_cartn_x")) is { Values.Count: > 0 };

    // ---- numbers -----------------------------------------------------------------------------------------

    /// <summary>A number with an optional standard uncertainty in parentheses; null for ? and .</summary>
    private static double? Number(CifToken token, string tag, string source)
    {
        if (token.IsMissing) return null;
        var text = token.Text.AsSpan().Trim();
        int paren = text.IndexOf('(');
        if (paren > 0 && text[^1] == ')') text = text[..paren];
        if (!NumberText.TryParse(text, out double v) || !double.IsFinite(v))
            throw new InputException(source, null, token.Line, $"'{Shorten(token.Text)}' is not a number ({tag})");
        return v;
    }

    private static double RequiredSingle(Block block, string tag, string source)
    {
        var item = block.Get(tag) ?? throw new InputException(source, null, block.Line, $"data block '{block.Name}' has atom sites but no {tag}");
        var token = item.Values.Count > 0 ? item.Values[0] : new CifToken(CifTokenKind.Value, "?", item.Line);
        return Number(token, tag, source) ?? throw new InputException(source, null, token.Line, $"{tag} is not given ('{token.Text}')");
    }

    // ---- frame -------------------------------------------------------------------------------------------

    private static Frame BuildFrame(Block block, string source, ReadOptions options, int index, FileState state)
    {
        var cell = ReadCell(block, source);
        var sites = ReadSites(block, cell, source, options, state);
        var ops = ReadOperations(block, source);

        // Expand each site by all operations; images of one site closer than SiteImageTolerance are one atom.
        var frac = new List<Vec3>();
        var cart = new List<Vec3>();
        var siteOf = new List<int>();
        var images = new List<ImageGroup>();
        for (int i = 0; i < sites.Count; i++)
        {
            images.Clear();
            foreach (var op in ops)
            {
                var f = WrapFractional(op.Apply(sites[i].Fractional));
                var r = cell.ToCartesian(f);
                int nearest = -1;
                double best = SiteImageTolerance;
                for (int k = 0; k < images.Count; k++)
                {
                    double d = cell.MinimumImage(r - images[k].First).Length;
                    if (d < best) (nearest, best) = (k, d);
                }
                if (nearest < 0) images.Add(new ImageGroup(f, r));
                else images[nearest].Add(cell.MinimumImage(r - images[nearest].First), best);
            }
            double spread = 0;
            foreach (var g in images)
            {
                var s = g.Count == 1 ? g.FirstFractional : WrapFractional(cell.ToFractional(g.Mean));
                frac.Add(s);
                cart.Add(cell.ToCartesian(s));
                siteOf.Add(i);
                spread = Math.Max(spread, g.Spread);
            }
            if (spread >= MergeTolerance)
                options.Warn?.Invoke(FormattableString.Invariant(
                    $"{source}: data block '{block.Name}': site {sites[i].Label}: symmetry images up to {spread:F4} Å apart were taken as one atom ({ops.Count} images → {images.Count} atoms, each at the mean of its images); its coordinates are probably rounded in the file"));
        }

        var keep = MergeCoincidentSites(frac, cart, siteOf, cell, out var merged, out var close);
        if (merged.Count > 0)
            options.Warn?.Invoke(FormattableString.Invariant(
                $"{source}: data block '{block.Name}': {merged.Count} atom(s) lie within {MergeTolerance} Å of an atom of another site and were merged ({Pairs(merged, "onto")})"));
        if (close.Count > 0)
            options.Warn?.Invoke(FormattableString.Invariant(
                $"{source}: data block '{block.Name}': atoms of different sites lie closer than {SiteImageTolerance} Å, which no two atoms can, and were both kept ({Pairs(close, "and")}); disorder alternatives or an error in the file: remove one of each pair"));

        string Pairs(List<(int KeptSite, int OtherSite, double Distance)> pairs, string joint)
        {
            // One entry per pair of sites (the closest atoms), the first MaxPairsNamed in file order.
            var distinct = pairs.GroupBy(p => (p.KeptSite, p.OtherSite)).Select(g => (g.Key.KeptSite, g.Key.OtherSite, Distance: g.Min(p => p.Distance))).ToList();
            var named = distinct.Take(MaxPairsNamed).Select(p => FormattableString.Invariant($"site {sites[p.OtherSite].Label} {joint} site {sites[p.KeptSite].Label}, {p.Distance:F4} Å"));
            return string.Join("; ", named) + (distinct.Count > MaxPairsNamed ? $"; and {distinct.Count - MaxPairsNamed} more pair(s) of sites" : "");
        }

        var positions = new Vec3[keep.Count];
        var elements = new Element[keep.Count];
        var labels = new string[keep.Count];
        for (int k = 0; k < keep.Count; k++)
        {
            int atom = keep[k];
            positions[k] = cart[atom];
            elements[k] = sites[siteOf[atom]].Element;
            labels[k] = sites[siteOf[atom]].Label;
        }
        return new Frame(positions, elements, cell)
        {
            Columns = [new AtomColumn<string>("label", labels)],
            Info = new Dictionary<string, string> { ["name"] = block.Name },
            Source = source,
            Index = index,
        };
    }

    /// <summary>Images of one site within <see cref="SiteImageTolerance"/> of the first of them: their mean is the atom.</summary>
    private sealed class ImageGroup(Vec3 firstFractional, Vec3 first)
    {
        private Vec3 _sum;
        public int Count { get; private set; } = 1;
        public Vec3 FirstFractional { get; } = firstFractional;
        public Vec3 First { get; } = first;
        /// <summary>Largest distance of a member from <see cref="First"/> (Å).</summary>
        public double Spread { get; private set; }
        public Vec3 Mean => First + _sum / Count;

        /// <param name="offset">The member's minimum-image displacement from <see cref="First"/>.</param>
        public void Add(Vec3 offset, double distance)
        {
            _sum += offset;
            Count++;
            Spread = Math.Max(Spread, distance);
        }
    }

    private static Vec3 WrapFractional(Vec3 s) => new(Cell.WrapUnit(s.X), Cell.WrapUnit(s.Y), Cell.WrapUnit(s.Z));

    private static Cell ReadCell(Block block, string source)
    {
        double a = RequiredSingle(block, "_cell_length_a", source);
        double b = RequiredSingle(block, "_cell_length_b", source);
        double c = RequiredSingle(block, "_cell_length_c", source);
        double alpha = RequiredSingle(block, "_cell_angle_alpha", source);
        double beta = RequiredSingle(block, "_cell_angle_beta", source);
        double gamma = RequiredSingle(block, "_cell_angle_gamma", source);
        long line = block.Get("_cell_length_a")!.Line;
        if (a <= 0 || b <= 0 || c <= 0)
            throw new InputException(source, null, line, FormattableString.Invariant($"cell lengths must be positive (a={a}, b={b}, c={c})"));
        try
        {
            return Cell.FromParameters(a, b, c, alpha, beta, gamma);
        }
        catch (ArgumentException e)
        {
            throw new InputException(source, null, block.Get("_cell_angle_alpha")!.Line,
                FormattableString.Invariant($"cell angles α={alpha}, β={beta}, γ={gamma}: {e.Message}"));
        }
    }

    private sealed record Site(string Label, Element Element, Vec3 Fractional);

    private static List<Site> ReadSites(Block block, Cell cell, string source, ReadOptions options, FileState state)
    {
        bool cartesian = block.Get("_atom_site_fract_x") is null;
        string prefix = cartesian ? "_atom_site_cartn_" : "_atom_site_fract_";
        var xs = Column(block, prefix + "x", source);
        var ys = Column(block, prefix + "y", source);
        var zs = Column(block, prefix + "z", source);
        int n = xs.Values.Count;
        var labels = OptionalColumn(block, "_atom_site_label", xs, source);
        var types = OptionalColumn(block, "_atom_site_type_symbol", xs, source);
        var occupancies = OptionalColumn(block, "_atom_site_occupancy", xs, source);
        CheckSameLength(ys, xs, source);
        CheckSameLength(zs, xs, source);

        var sites = new List<Site>(n);
        for (int i = 0; i < n; i++)
        {
            var xt = xs.Values[i];
            string? label = labels is not null && !labels.Values[i].IsMissing ? labels.Values[i].Text : null;
            string name = label ?? $"#{i + 1}";
            Element element;
            if (types is not null && !types.Values[i].IsMissing)
            {
                var t = types.Values[i];
                if (!Element.TryFromLabel(t.Text, out element))
                    throw new InputException(source, null, t.Line, $"site {name}: type symbol '{t.Text}' is not a chemical element");
            }
            else if (label is not null)
            {
                if (!Element.TryFromLabel(label, out element))
                    throw new InputException(source, null, labels!.Values[i].Line,
                        $"site label '{label}' does not start with a chemical element symbol (and no _atom_site_type_symbol gives one)");
            }
            else
            {
                throw new InputException(source, null, xt.Line, $"atom site {i + 1} has neither _atom_site_type_symbol nor _atom_site_label");
            }
            label ??= element.Symbol + (i + 1).ToString(CultureInfo.InvariantCulture);

            double x = Coordinate(xs.Values[i], xs.Tag, label, source);
            double y = Coordinate(ys.Values[i], ys.Tag, label, source);
            double z = Coordinate(zs.Values[i], zs.Tag, label, source);
            var p = new Vec3(x, y, z);
            if (cartesian) p = cell.ToFractional(p);

            if (occupancies is not null && !state.OccupancyWarned)
            {
                var o = Number(occupancies.Values[i], occupancies.Tag, source);
                if (o is { } occ && occ < 1)
                {
                    state.OccupancyWarned = true;
                    options.Warn?.Invoke(FormattableString.Invariant($"{source}: site {label} has occupancy {occ}; read as fully occupied"));
                }
            }
            sites.Add(new Site(label, element, p));
        }
        return sites;
    }

    private static double Coordinate(CifToken token, string tag, string label, string source) =>
        Number(token, tag, source) ?? throw new InputException(source, null, token.Line, $"site {label}: {tag} is not given ('{token.Text}')");

    private static Item Column(Block block, string tag, string source)
    {
        var item = block.Get(tag);
        if (item is null)
        {
            var other = block.Get(tag[..^1] + "x") ?? block.Get(tag[..^1] + "y") ?? block.Get(tag[..^1] + "z");
            throw new InputException(source, null, other?.Line ?? block.Line, $"data block '{block.Name}' has atom sites but no {tag}");
        }
        return item;
    }

    private static Item? OptionalColumn(Block block, string tag, Item reference, string source)
    {
        var item = block.Get(tag);
        if (item is not null) CheckSameLength(item, reference, source);
        return item;
    }

    private static void CheckSameLength(Item item, Item reference, string source)
    {
        if (item.Values.Count != reference.Values.Count)
            throw new InputException(source, null, item.Line,
                $"{item.Tag} has {item.Values.Count} values but {reference.Tag} has {reference.Values.Count}");
    }

    private static List<SymmetryOperation> ReadOperations(Block block, string source)
    {
        var item = block.First(SymopTags);
        var ops = new List<SymmetryOperation>();
        if (item is not null)
        {
            foreach (var t in item.Values)
            {
                if (t.IsMissing) continue;
                if (!SymmetryOperation.TryParse(t.Text, out var op, out var error))
                    throw new InputException(source, null, t.Line, error);
                ops.Add(op);
            }
        }
        if (ops.Count > 0) return ops;

        var name = block.First(SpaceGroupNameTags);
        if (name is not null && name.Values.Count > 0 && !name.Values[0].IsMissing)
        {
            var text = name.Values[0].Text.Trim();
            var compact = text.Replace(" ", "").Replace("_", "");
            if (!compact.Equals("P1", StringComparison.OrdinalIgnoreCase))
                throw new InputException(source, null, name.Values[0].Line,
                    $"no symmetry operations given for space group {text}; cannot expand to P1");
        }
        var number = block.First(SpaceGroupNumberTags);
        if (number is not null && number.Values.Count > 0 && !number.Values[0].IsMissing && number.Values[0].Text.Trim() != "1")
            throw new InputException(source, null, number.Values[0].Line,
                $"no symmetry operations given for space group number {number.Values[0].Text.Trim()}; cannot expand to P1");
        return [SymmetryOperation.Identity];
    }

    /// <summary>
    /// Atoms (in order) that do not coincide, within <see cref="MergeTolerance"/> and under periodicity, with an
    /// earlier kept atom (<paramref name="merged"/>: kept site, dropped site, distance); atoms of different sites
    /// that are kept although closer than <see cref="SiteImageTolerance"/> are listed in <paramref name="close"/>.
    /// Uses a grid in fractional space with bins at least 1 Å wide, so only the 27 bins around an atom need checking.
    /// </summary>
    private static List<int> MergeCoincidentSites(List<Vec3> frac, List<Vec3> cart, List<int> siteOf, Cell cell,
        out List<(int KeptSite, int OtherSite, double Distance)> merged, out List<(int KeptSite, int OtherSite, double Distance)> close)
    {
        merged = [];
        close = [];
        var widths = cell.PerpendicularWidths;
        int na = Bins(widths.X), nb = Bins(widths.Y), nc = Bins(widths.Z);
        var grid = new Dictionary<(int, int, int), List<int>>();
        var keep = new List<int>(frac.Count);
        double tol2 = MergeTolerance * MergeTolerance;
        double near2 = SiteImageTolerance * SiteImageTolerance;
        var offsets = new HashSet<(int, int, int)>();
        for (int i = 0; i < frac.Count; i++)
        {
            var s = frac[i];
            int ba = Bin(s.X, na), bb = Bin(s.Y, nb), bc = Bin(s.Z, nc);
            offsets.Clear();
            for (int da = -1; da <= 1; da++)
            for (int db = -1; db <= 1; db++)
            for (int dc = -1; dc <= 1; dc++)
                offsets.Add((Mod(ba + da, na), Mod(bb + db, nb), Mod(bc + dc, nc)));
            int match = -1, nearest = -1;
            double matchDist = 0, nearestD2 = near2;
            foreach (var key in offsets)
            {
                if (!grid.TryGetValue(key, out var list)) continue;
                foreach (int j in list)
                {
                    double d2 = cell.MinimumImage(cart[i] - cart[j]).LengthSquared;
                    if (d2 < tol2)
                    {
                        match = j;
                        matchDist = Math.Sqrt(d2);
                        break;
                    }
                    if (d2 < nearestD2 && siteOf[j] != siteOf[i]) (nearest, nearestD2) = (j, d2);
                }
                if (match >= 0) break;
            }
            if (match >= 0)
            {
                merged.Add((siteOf[match], siteOf[i], matchDist));
                continue;
            }
            if (nearest >= 0) close.Add((siteOf[nearest], siteOf[i], Math.Sqrt(nearestD2)));
            var own = (ba, bb, bc);
            if (!grid.TryGetValue(own, out var bin)) grid[own] = bin = [];
            bin.Add(i);
            keep.Add(i);
        }
        return keep;

        static int Bins(double width) => Math.Clamp((int)Math.Floor(width), 1, 200);
        static int Bin(double s, int n) => Math.Min(n - 1, (int)(s * n));
        static int Mod(int v, int n) => ((v % n) + n) % n;
    }
}
