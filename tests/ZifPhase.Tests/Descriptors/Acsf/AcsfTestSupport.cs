using System.Text.Json;
using ZifPhase.Descriptors;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Acsf;

/// <summary>One ACSF block of a DScribe reference file (tests/references/dscribe/*.json).</summary>
internal sealed record AcsfReference(
    string File,
    string Name,
    Frame Structure,      // the structure DScribe was given (Zn-only for the paper blocks)
    Frame Full,           // the file's full structure (Zn, N, C, H)
    int[] ZnIndicesInFull,
    bool OnZnOnly,
    AcsfSpec Spec,
    int[] Centres,
    double[][] Output);

internal static class AcsfTestSupport
{
    public static string RefsDir => TestPaths.References("dscribe");

    public static TheoryData<string> ReferenceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RefsDir, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            data.Add(f!);
        return data;
    }

    public static List<AcsfReference> Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RefsDir, file)));
        var root = doc.RootElement;
        var full = ReadFrame(root.GetProperty("structure"));
        var znOnly = ReadFrame(root.GetProperty("structure_zn_only"));
        var znIdx = root.GetProperty("zn_indices_in_structure").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var result = new List<AcsfReference>();
        foreach (var block in root.GetProperty("descriptors").EnumerateArray())
        {
            if (block.GetProperty("dscribe_class").GetString() != "ACSF") continue;
            string name = block.GetProperty("name").GetString()!;
            string note = block.TryGetProperty("note", out var n) ? n.GetString() ?? "" : "";
            bool onZnOnly = name.Contains("Zn_only", StringComparison.OrdinalIgnoreCase) || note.Contains("Zn atoms only", StringComparison.OrdinalIgnoreCase)
                || note.Contains("Zn-only", StringComparison.OrdinalIgnoreCase);
            var kw = block.GetProperty("dscribe_kwargs");
            var spec = new AcsfSpec
            {
                Species = kw.GetProperty("species").EnumerateArray().Select(s => s.GetString()!).ToArray(),
                RCut = kw.GetProperty("r_cut").GetDouble(),
                G2Params = Rows(kw, "g2_params"),
                G3Params = Rows(kw, "g3_params"),
                G4Params = Rows(kw, "g4_params"),
                G5Params = Rows(kw, "g5_params"),
                Periodic = !kw.TryGetProperty("periodic", out var p) || p.GetBoolean(),
            };
            var centres = block.GetProperty("create_kwargs").GetProperty("centers").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var output = block.GetProperty("output[center][feature]").EnumerateArray()
                .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            Assert.Equal(block.GetProperty("n_features").GetInt32(), output[0].Length);
            result.Add(new AcsfReference(file, name, onZnOnly ? znOnly : full, full, znIdx, onZnOnly, spec, centres, output));
        }
        return result;
    }

    private static double[][] Rows(JsonElement kw, string key)
    {
        if (!kw.TryGetProperty(key, out var rows) || rows.ValueKind == JsonValueKind.Null) return [];
        return rows.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(v => v.GetDouble()).ToArray()
            : [r.GetDouble()]).ToArray();
    }

    public static Frame ReadFrame(JsonElement s)
    {
        var positions = s.GetProperty("positions").EnumerateArray().Select(ToVec).ToArray();
        var elements = s.GetProperty("symbols").EnumerateArray().Select(e => Element.FromSymbol(e.GetString()!)).ToArray();
        var cell = s.GetProperty("cell").EnumerateArray().Select(ToVec).ToArray();
        var pbc = s.GetProperty("pbc").EnumerateArray().Select(b => b.GetBoolean()).ToArray();
        bool lattice = Math.Abs(Vec3.Dot(cell[0], Vec3.Cross(cell[1], cell[2]))) > 1e-12;
        var c = lattice ? new Cell(cell[0], cell[1], cell[2], default, pbc[0], pbc[1], pbc[2]) : Cell.None;
        return new Frame(positions, elements, c);
    }

    private static Vec3 ToVec(JsonElement v) => new(v[0].GetDouble(), v[1].GetDouble(), v[2].GetDouble());

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(b.Length, a.Length);
        double e = 0, n = 0;
        for (int i = 0; i < a.Length; i++)
        {
            e += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        return n == 0 ? Math.Sqrt(e) : Math.Sqrt(e / n);
    }

    /// <summary>Largest |a − b| / |b| over the elements with b ≠ 0 (|a − b| where b = 0).</summary>
    public static double MaxElementError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++)
            m = Math.Max(m, b[i] == 0 ? Math.Abs(a[i]) : Math.Abs(a[i] - b[i]) / Math.Abs(b[i]));
        return m;
    }

    /// <summary>A random triclinic periodic structure with atoms of the given elements at least 1 Å apart.</summary>
    public static Frame RandomFrame(Random rng, int zn, int n, double size = 10.0)
    {
        var a = new Vec3(size + rng.NextDouble(), 0, 0);
        var b = new Vec3((rng.NextDouble() - 0.5) * 2, size + rng.NextDouble(), 0);
        var c = new Vec3((rng.NextDouble() - 0.5) * 2, (rng.NextDouble() - 0.5) * 2, size + rng.NextDouble());
        var cell = new Cell(a, b, c);
        var pos = new List<Vec3>();
        var el = new List<Element>();
        while (pos.Count < zn + n)
        {
            var p = cell.ToCartesian(new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()));
            if (pos.Any(q => cell.MinimumImageDistance(p, q) < 1.0)) continue;
            pos.Add(p);
            el.Add(pos.Count <= zn ? Element.Zn : Element.N);
        }
        return new Frame(pos.ToArray(), el.ToArray(), cell);
    }

    /// <summary>A general two-species spec: G2 with R_s ≠ 0, G3, G4 and G5 with ζ ∈ {1, 1.5, 2, 4} and λ = ±1.</summary>
    public static AcsfSpec GeneralSpec(double rCut = 7.0) => new()
    {
        Species = ["Zn", "N"],
        RCut = rCut,
        G2Params = [[0.05, 0.0], [0.3, 2.5], [1.1, 4.0]],
        G3Params = [[0.7], [1.9]],
        G4Params = [[0.01, 1, 1], [0.02, 1, -1], [0.013, 2, -1], [0.05, 4, 1]],
        G5Params = [[0.01, 1, 1], [0.03, 2, -1], [0.02, 1.5, 1], [0.007, 1, -1]],
    };

    /// <summary>Only ζ = 1 (the moment kernel), η commensurate (one exp per pair) or not.</summary>
    public static AcsfSpec Zeta1Spec(bool commensurate, double rCut = 7.0) => new()
    {
        Species = ["Zn", "N"],
        RCut = rCut,
        G2Params = [[0.05, 0.0]],
        G4Params = commensurate
            ? [[0.01, 1, 1], [0.02, 1, -1], [0.015, 1, 1], [0.04, 1, -1], [0.01, 1, -1], [0.08, 1, 1]]
            : [[0.01, 1, 1], [0.0137, 1, -1], [0.05, 1, 1], [0.031, 1, -1], [0.01, 1, -1]],
        G5Params = [[0.01, 1, 1], [0.0137, 1, -1], [0.02, 1, 1], [0.05, 1, -1], [0.07, 1, 1]],
    };
}

/// <summary>
/// A plain transcription of DScribe 2.1.1's ACSF (refs/README.md, section 2): own image enumeration, scalar
/// Math.Exp/Cos/Pow, cosθ from the law of cosines, pairs k &lt; j in neighbour order. Slow, for tests only.
/// </summary>
internal static class NaiveAcsf
{
    private readonly record struct Neighbor(int Species, Vec3 V, double R);

    public static double[] Rows(Frame frame, AcsfSpec spec, int[] centres)
    {
        var species = spec.SortedSpecies.ToArray();
        int s = species.Length;
        int radial = 1 + spec.G2Params.Count + spec.G3Params.Count;
        int angular = spec.G4Params.Count + spec.G5Params.Count;
        int dim = radial * s + angular * s * (s + 1) / 2;
        var result = new double[centres.Length * dim];
        double rc = spec.RCut;
        double Fc(double r) => 0.5 * (Math.Cos(Math.PI * r / rc) + 1);
        var cell = spec.Periodic ? frame.Cell : Cell.None;
        for (int ci = 0; ci < centres.Length; ci++)
        {
            var row = result.AsSpan(ci * dim, dim);
            int i = centres[ci];
            var nbrs = new List<Neighbor>();
            var w = cell.HasLattice ? cell.PerpendicularWidths : new Vec3(1, 1, 1);
            int na = cell.PeriodicA ? (int)Math.Ceiling(rc / w.X) + 1 : 0;
            int nb = cell.PeriodicB ? (int)Math.Ceiling(rc / w.Y) + 1 : 0;
            int nc = cell.PeriodicC ? (int)Math.Ceiling(rc / w.Z) + 1 : 0;
            for (int j = 0; j < frame.AtomCount; j++)
            {
                int t = Array.IndexOf(species, frame.Elements[j]);
                if (t < 0) continue;
                // Start from the image nearest the centre so that the window covers every image within rc.
                var d0 = frame.Positions[j] - frame.Positions[i];
                var f0 = cell.HasLattice ? cell.DisplacementToFractional(d0) : Vec3.Zero;
                int ca = cell.PeriodicA ? -(int)Math.Round(f0.X) : 0;
                int cb = cell.PeriodicB ? -(int)Math.Round(f0.Y) : 0;
                int cc = cell.PeriodicC ? -(int)Math.Round(f0.Z) : 0;
                for (int a = ca - na; a <= ca + na; a++)
                for (int b = cb - nb; b <= cb + nb; b++)
                for (int c = cc - nc; c <= cc + nc; c++)
                {
                    var v = d0 + (cell.HasLattice ? cell.Translation(a, b, c) : Vec3.Zero);
                    double r = v.Length;
                    if (r > 0 && r <= rc) nbrs.Add(new Neighbor(t, v, r));
                }
            }
            foreach (var n in nbrs)
            {
                int o = n.Species * radial;
                double fc = Fc(n.R);
                row[o] += fc;
                for (int p = 0; p < spec.G2Params.Count; p++)
                {
                    double eta = spec.G2Params[p][0], rs = spec.G2Params[p][1];
                    row[o + 1 + p] += Math.Exp(-eta * (n.R - rs) * (n.R - rs)) * fc;
                }
                for (int p = 0; p < spec.G3Params.Count; p++)
                    row[o + 1 + spec.G2Params.Count + p] += Math.Cos(spec.G3Params[p][0] * n.R) * fc;
            }
            for (int j = 0; j < nbrs.Count; j++)
            for (int k = 0; k < j; k++)
            {
                var nj = nbrs[j];
                var nk = nbrs[k];
                int hi = Math.Max(nj.Species, nk.Species), lo = Math.Min(nj.Species, nk.Species);
                int o = s * radial + (hi * (hi + 1) / 2 + lo) * angular;
                double rij = nj.R, rik = nk.R, rjk = (nk.V - nj.V).Length;
                double cos = (rij * rij + rik * rik - rjk * rjk) / (2 * rij * rik);
                for (int p = 0; p < spec.G4Params.Count; p++)
                {
                    if (rjk > rc) break;
                    double eta = spec.G4Params[p][0], zeta = spec.G4Params[p][1], lambda = spec.G4Params[p][2];
                    row[o + p] += 2 * Math.Pow(0.5 * (1 + lambda * cos), zeta)
                        * Math.Exp(-eta * (rij * rij + rik * rik + rjk * rjk)) * Fc(rij) * Fc(rik) * Fc(rjk);
                }
                for (int p = 0; p < spec.G5Params.Count; p++)
                {
                    double eta = spec.G5Params[p][0], zeta = spec.G5Params[p][1], lambda = spec.G5Params[p][2];
                    row[o + spec.G4Params.Count + p] += 2 * Math.Pow(0.5 * (1 + lambda * cos), zeta)
                        * Math.Exp(-eta * (rij * rij + rik * rik)) * Fc(rij) * Fc(rik);
                }
            }
        }
        return result;
    }
}
